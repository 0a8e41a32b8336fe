<?php
/**
 * Wires Triage's services together.
 *
 * @package Triage
 */

namespace Triage;

use Triage\Admin\Admin_Page;
use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Candidates;
use Triage\Bisect\Culprit_Deactivator;
use Triage\Bisect\Probe_Runner;
use Triage\Bisect\Suspects;
use Triage\Config\Debug_Auto_Revert;
use Triage\Config\Debug_Mode;
use Triage\Environment\Environment_Reader;
use Triage\Health\Check_Context;
use Triage\Health\Health_Runner;
use Triage\Health\Http_Call_Recorder;
use Triage\Health\Loopback_Prober;
use Triage\Health\Probe_Responder;
use Triage\Health\Probe_Token;
use Triage\Health\Runtime;
use Triage\Health\System_Files;
use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Archiver;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;
use Triage\Logs\Log_Tail_Reader;
use Triage\REST\Bisect_Controller;
use Triage\REST\Debug_Controller;
use Triage\REST\Environment_Controller;
use Triage\REST\Health_Controller;
use Triage\REST\Logs_Controller;
use Triage\REST\Safe_Mode_Controller;
use Triage\Safe_Mode\Admin_Bar;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use Triage\Site_Health\Site_Health_Integration;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the object graph once and lets each service register its own hooks.
 */
final class Plugin {

	/**
	 * The booted instance, kept so that boot() is idempotent.
	 *
	 * @var Plugin|null
	 */
	private static $instance = null;

	/**
	 * Capability policy shared by the admin page and every REST controller.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Services with a register() method.
	 *
	 * @var array<int, object>
	 */
	private $services;

	/**
	 * Creates the services; registers nothing yet.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Capabilities $capabilities ) {
		$this->capabilities = $capabilities;
		$probe_tokens       = new Probe_Token();
		$health             = new Health_Runner(
			array( Health_Runner::class, 'default_checks' ),
			static function () use ( $probe_tokens ) {
				return new Check_Context( new Runtime(), new System_Files(), array( new Loopback_Prober( $probe_tokens ), 'probe_all' ) );
			}
		);
		// Only hooks are added here; classes that do work load when their hook fires.
		$this->services = array(
			new Admin_Page( $capabilities ),
			new Debug_Auto_Revert(),
			new Probe_Responder( $probe_tokens, $capabilities ),
			new Http_Call_Recorder(),
			new Site_Health_Integration( $health, $capabilities ),
			Loader_Installer::for_this_site(),
			new Admin_Bar( array( self::class, 'safe_mode_sessions' ), $capabilities ),
			new Suspects(),
			new Rest_Routes(
				static function () use ( $capabilities, $health ) {
					return array(
						new Environment_Controller( new Environment_Reader( new Debug_Log_Location() ), $capabilities ),
						new Debug_Controller( Debug_Mode::for_this_site(), $capabilities ),
						new Health_Controller( $health, $capabilities ),
						new Logs_Controller( new Log_Service( new Log_Sources( new Debug_Log_Location() ), new Log_Archiver() ), $capabilities ),
						new Safe_Mode_Controller( array( self::class, 'safe_mode_sessions' ), array( self::class, 'rescue_links' ), $capabilities ),
						new Bisect_Controller( array( self::class, 'bisect_sessions' ), array( self::class, 'bisect_candidates' ), array( self::class, 'culprit_deactivator' ), $capabilities ),
					);
				}
			),
		);
	}

	/**
	 * Entry point, hooked to plugins_loaded by plugin.php.
	 *
	 * @return Plugin
	 */
	public static function boot(): Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self( new Capabilities() );
			self::$instance->register();
		}
		return self::$instance;
	}

	/**
	 * Registers every service's hooks.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'load_textdomain' ) );
		foreach ( $this->services as $service ) {
			$service->register();
		}
	}

	/**
	 * Loads translations shipped with the plugin; wordpress.org language packs take precedence.
	 *
	 * @return void
	 */
	public function load_textdomain(): void {
		load_plugin_textdomain( 'triage', false, dirname( plugin_basename( TRIAGE_FILE ) ) . '/languages' );
	}

	/**
	 * The safe mode sessions service, built when first needed.
	 *
	 * @return Safe_Mode_Sessions
	 */
	public static function safe_mode_sessions(): Safe_Mode_Sessions {
		return new Safe_Mode_Sessions( Loader_Installer::for_this_site(), self::rescue_links() );
	}

	/**
	 * The bisection service.
	 *
	 * @return Bisect_Sessions
	 */
	public static function bisect_sessions(): Bisect_Sessions {
		return new Bisect_Sessions( self::safe_mode_sessions(), new Probe_Runner( new Debug_Log_Location() ), self::bisect_candidates(), Loader_Installer::for_this_site() );
	}

	/**
	 * What a bisection can test, with suspects read from the log.
	 *
	 * @return Candidates
	 */
	public static function bisect_candidates(): Candidates {
		$logs = new Log_Service( new Log_Sources( new Debug_Log_Location() ), new Log_Archiver() );
		return new Candidates( self::safe_mode_sessions(), new Suspects( new Log_Tail_Reader( $logs->attributor() ) ), new Debug_Log_Location() );
	}

	/**
	 * Deactivates what a bisection found.
	 *
	 * @return Culprit_Deactivator
	 */
	public static function culprit_deactivator(): Culprit_Deactivator {
		return new Culprit_Deactivator( self::safe_mode_sessions() );
	}

	/**
	 * The rescue links service.
	 *
	 * @return Rescue_Links
	 */
	public static function rescue_links(): Rescue_Links {
		return new Rescue_Links();
	}

	/**
	 * The capability policy, for code that runs outside the object graph (WP-CLI, uninstall).
	 *
	 * @return Capabilities
	 */
	public function capabilities(): Capabilities {
		return $this->capabilities;
	}
}
