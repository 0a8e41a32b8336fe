<?php
/**
 * Registers `wp triage …`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Health\Health_Runner;
use Triage\Plugin;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * The command line's list of commands. Built by Plugin only when WP-CLI runs, so web requests never load
 * a file of this folder. Each command is thin: it calls the service its REST controller calls.
 */
final class Commands {

	/**
	 * Where the services come from.
	 *
	 * @var Plugin
	 */
	private $plugin;

	/**
	 * The health checks.
	 *
	 * @var Health_Runner
	 */
	private $health;

	/**
	 * Capability rule.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps the services.
	 *
	 * @param Plugin        $plugin       Service factory.
	 * @param Health_Runner $health       Health checks.
	 * @param Capabilities  $capabilities Capability policy.
	 */
	public function __construct( Plugin $plugin, Health_Runner $health, Capabilities $capabilities ) {
		$this->plugin = $plugin;
		$this->health = $health;
		$this->access = new Access( $capabilities );
	}

	/**
	 * Adds the commands.
	 *
	 * @return void
	 */
	public function register(): void {
		if ( ! defined( 'WP_CLI' ) || ! WP_CLI || ! class_exists( WP_CLI::class ) ) {
			return;
		}
		$plugin = $this->plugin;
		WP_CLI::add_command( 'triage', Triage_Namespace::class );
		WP_CLI::add_command( 'triage status', new Status_Command( $this->health, $this->access ) );
		WP_CLI::add_command( 'triage incidents', new Incidents_Command( array( $plugin, 'incident_service' ), $this->access ) );
		WP_CLI::add_command( 'triage logs', new Logs_Command( $plugin->log_service(), $this->access ) );
		WP_CLI::add_command( 'triage debug', new Debug_Command( array( $plugin, 'debug_mode' ), $this->access ) );
		WP_CLI::add_command( 'triage safe-mode', new Safe_Mode_Command( array( $plugin, 'safe_mode_sessions' ), $this->access ) );
		WP_CLI::add_command( 'triage rescue-link', new Rescue_Link_Command( array( $plugin, 'safe_mode_sessions' ), array( $plugin, 'rescue_links' ), $this->access ) );
		WP_CLI::add_command( 'triage bisect', new Bisect_Command( array( $plugin, 'bisect_sessions' ), $this->access ) );
		WP_CLI::add_command( 'triage cron', new Cron_Command( array( $plugin->cron(), 'cron_schedule' ), array( $plugin->cron(), 'event_runner' ), array( $plugin->cron(), 'event_remover' ), $this->access ) );
		WP_CLI::add_command( 'triage maintenance', new Maintenance_Command( $this->access ) );
		WP_CLI::add_command( 'triage report', new Report_Command( $plugin, $this->access ) );
	}
}
