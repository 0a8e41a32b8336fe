<?php
/**
 * Wires Triage's services together.
 *
 * @package Triage
 */

namespace Triage;

use Triage\Abilities\Abilities;
use Triage\Admin\Admin_Page;
use Triage\CLI\Commands;
use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Candidates;
use Triage\Bisect\Culprit_Deactivator;
use Triage\Bisect\Probe_Runner;
use Triage\Bisect\Suspects;
use Triage\Config\Debug_Auto_Revert;
use Triage\Config\Debug_Mode;
use Triage\Config\Debug_Record;
use Triage\Cron\Cron_Heartbeat;
use Triage\Cron\Cron_Services;
use Triage\Cron\Spawn_Tester;
use Triage\Environment\Environment_Reader;
use Triage\Health\Check_Context;
use Triage\Health\Health_Runner;
use Triage\Health\Http_Call_Recorder;
use Triage\Health\Loopback_Prober;
use Triage\Health\Probe_Responder;
use Triage\Health\Probe_Token;
use Triage\Health\Runtime;
use Triage\Health\System_Files;
use Triage\Incidents\Incident_Service;
use Triage\Incidents\Recorder\Flight_Recorder;
use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Archiver;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;
use Triage\Logs\Log_Tail_Reader;
use Triage\Maintenance\Maintenance_State;
use Triage\Report\Support_Report;
use Triage\REST\Bisect_Controller;
use Triage\REST\Cron_Controller;
use Triage\REST\Debug_Controller;
use Triage\REST\Environment_Controller;
use Triage\REST\Health_Controller;
use Triage\REST\Incidents_Controller;
use Triage\REST\Logs_Controller;
use Triage\REST\Maintenance_Controller;
use Triage\REST\Recorder_Controller;
use Triage\REST\Report_Controller;
use Triage\REST\Safe_Mode_Controller;
use Triage\Safe_Mode\Admin_Bar;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Plugins_Screen;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Rest_Isolation;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use Triage\Site_Health\Site_Health_Integration;
use Triage\Storage\Network_Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the object graph and lets each service register its own hooks. Services that do work are built
 * when first needed and then kept: one instance of each per request.
 */
final class Plugin {

	/**
	 * The booted instance, kept so that boot() is idempotent.
	 *
	 * @var Plugin|null
	 */
	private static $instance = null;

	/**
	 * Services with a register() method.
	 *
	 * @var array<int, Admin_Page|Debug_Auto_Revert|Probe_Responder|Http_Call_Recorder|Site_Health_Integration|Loader_Installer|Admin_Bar|Plugins_Screen|Rest_Isolation|Suspects|Cron_Heartbeat|Rest_Routes|Commands|Abilities>
	 */
	private $services;

	/**
	 * Installs and removes the must-use loader.
	 *
	 * @var Loader_Installer|null
	 */
	private $loader_installer;

	/**
	 * The stored debug profile, read on every admin request.
	 *
	 * @var Debug_Record|null
	 */
	private $debug_record;

	/**
	 * Built when first needed.
	 *
	 * @var Debug_Mode|null
	 */
	private $debug_mode;

	/**
	 * Built when first needed.
	 *
	 * @var Debug_Log_Location|null
	 */
	private $debug_log_location;

	/**
	 * Built when first needed.
	 *
	 * @var Log_Service|null
	 */
	private $log_service;

	/**
	 * Built when first needed.
	 *
	 * @var Rescue_Links|null
	 */
	private $rescue_links;

	/**
	 * Built when first needed.
	 *
	 * @var Safe_Mode_Sessions|null
	 */
	private $safe_mode_sessions;

	/**
	 * Built when first needed.
	 *
	 * @var Candidates|null
	 */
	private $bisect_candidates;

	/**
	 * Built when first needed.
	 *
	 * @var Bisect_Sessions|null
	 */
	private $bisect_sessions;

	/**
	 * Built when first needed.
	 *
	 * @var Culprit_Deactivator|null
	 */
	private $culprit_deactivator;

	/**
	 * The wp-cron tools (schedule, runner, remover, lock and Triage's heartbeat).
	 *
	 * @var Cron_Services
	 */
	private $cron;

	/**
	 * The health checks, shared by Site Health, the REST API and the support report.
	 *
	 * @var Health_Runner
	 */
	private $health;

	/**
	 * Built when first needed.
	 *
	 * @var Support_Report|null
	 */
	private $support_report;

	/**
	 * Creates the services that hook in; registers nothing yet.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Capabilities $capabilities ) {
		$probe_tokens = new Probe_Token();
		$health       = new Health_Runner(
			array( Health_Runner::class, 'default_checks' ),
			static function () use ( $probe_tokens ) {
				return new Check_Context( new Runtime(), new System_Files(), array( new Loopback_Prober( $probe_tokens ), 'probe_all' ) );
			},
			// A "good" that an incident of the last hour contradicts is not good; read only when one could be.
			function ( int $window ): array {
				return $this->incident_service()->recent( $window, 1, 100 );
			}
		);
		$this->cron   = new Cron_Services( array( $this, 'log_service' ) );
		$this->health = $health;
		// Only hooks are added here; classes that do work load when their hook fires.
		$this->services = array(
			new Admin_Page( $capabilities ),
			new Debug_Auto_Revert( $this->debug_record(), array( $this, 'debug_mode' ) ),
			new Probe_Responder( $probe_tokens, $capabilities ),
			new Http_Call_Recorder(),
			new Site_Health_Integration( $health, $capabilities ),
			$this->loader_installer(),
			new Admin_Bar( array( $this, 'safe_mode_sessions' ), $capabilities ),
			// Hooks in only during a safe mode session: held-back plugins stay marked active on plugins.php.
			new Plugins_Screen(),
			// The admin-ajax action that keeps Triage's REST calls working when the front end fatals.
			new Rest_Isolation( $this->loader_installer(), $capabilities ),
			// Records plugin updates on every request; the bisection's Suspects (with a log reader) is built apart.
			new Suspects(),
			$this->cron->heartbeat(),
			// Registers nothing below WordPress 6.9.
			new Abilities( $capabilities ),
			new Rest_Routes(
				function () use ( $capabilities, $health ) {
					return array(
						new Environment_Controller( new Environment_Reader( $this->debug_log_location() ), $capabilities ),
						new Debug_Controller( $this->debug_mode(), $capabilities ),
						new Health_Controller( $health, $capabilities ),
						new Logs_Controller( $this->log_service(), $capabilities ),
						new Safe_Mode_Controller( array( $this, 'safe_mode_sessions' ), array( $this, 'rescue_links' ), $capabilities ),
						new Bisect_Controller( array( $this, 'bisect_sessions' ), array( $this, 'bisect_candidates' ), array( $this, 'culprit_deactivator' ), $capabilities ),
						new Cron_Controller( array( $this->cron, 'cron_schedule' ), array( $this->cron, 'event_runner' ), array( $this->cron, 'event_remover' ), $this->cron->lock(), $this->cron->heartbeat(), new Spawn_Tester(), $capabilities ),
						new Maintenance_Controller( array( Maintenance_State::class, 'for_this_site' ), $capabilities ),
						new Report_Controller( array( $this, 'support_report' ), $capabilities ),
						new Recorder_Controller(
							function () {
								return Flight_Recorder::for_this_site( $this->loader_installer() );
							},
							$capabilities
						),
						new Incidents_Controller( array( $this, 'incident_service' ), $capabilities ),
					);
				}
			),
		);
		// The command line's commands: built only under WP-CLI, so web requests load none of includes/CLI/.
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			$this->services[] = new Commands( $this, $health, $capabilities );
		}
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
	 * The debug-mode service for this site.
	 *
	 * @return Debug_Mode
	 */
	public function debug_mode(): Debug_Mode {
		return $this->debug_mode ??= Debug_Mode::for_this_site( $this->debug_record() );
	}

	/**
	 * The safe mode sessions service.
	 *
	 * @return Safe_Mode_Sessions
	 */
	public function safe_mode_sessions(): Safe_Mode_Sessions {
		return $this->safe_mode_sessions ??= new Safe_Mode_Sessions( $this->loader_installer(), $this->rescue_links() );
	}

	/**
	 * The rescue links service.
	 *
	 * @return Rescue_Links
	 */
	public function rescue_links(): Rescue_Links {
		return $this->rescue_links ??= new Rescue_Links();
	}

	/**
	 * The bisection service.
	 *
	 * @return Bisect_Sessions
	 */
	public function bisect_sessions(): Bisect_Sessions {
		return $this->bisect_sessions ??= new Bisect_Sessions( $this->safe_mode_sessions(), new Probe_Runner( $this->log_service()->attributor() ), $this->bisect_candidates(), $this->loader_installer() );
	}

	/**
	 * What a bisection can test, with suspects read from the log.
	 *
	 * @return Candidates
	 */
	public function bisect_candidates(): Candidates {
		return $this->bisect_candidates ??= new Candidates(
			$this->safe_mode_sessions(),
			new Suspects( new Log_Tail_Reader( $this->log_service()->attributor() ) ),
			$this->debug_log_location()
		);
	}

	/**
	 * Deactivates what a bisection found.
	 *
	 * @return Culprit_Deactivator
	 */
	public function culprit_deactivator(): Culprit_Deactivator {
		return $this->culprit_deactivator ??= new Culprit_Deactivator( $this->safe_mode_sessions() );
	}

	/**
	 * The support report (REST, WP-CLI and the triage/report ability share it).
	 *
	 * @return Support_Report
	 */
	public function support_report(): Support_Report {
		return $this->support_report ??= new Support_Report(
			new Environment_Reader( $this->debug_log_location() ),
			$this->health,
			$this->log_service(),
			array( $this->cron, 'cron_schedule' ),
			$this->cron->heartbeat(),
			array( Maintenance_State::class, 'for_this_site' ),
			function () {
				return Debug_Record::describe( $this->debug_record()->get() );
			},
			function () {
				$loader = $this->loader_installer()->status();
				$user   = get_current_user_id();
				$state  = $user > 0 ? $this->safe_mode_sessions()->session_for( $user ) : null;
				return array(
					'loader_installed' => (bool) $loader['installed'],
					'loader_current'   => (bool) $loader['current'],
					'active'           => null !== $state,
					'expires_at'       => null !== $state ? (int) $state['e'] : null,
				);
			},
			null,
			array( $this, 'incident_service' )
		);
	}

	/**
	 * What happened lately (REST, WP-CLI, the report and the triage/incidents ability share it).
	 *
	 * @return Incident_Service
	 */
	public function incident_service(): Incident_Service {
		return Incident_Service::for_this_site( $this->log_service() );
	}

	/**
	 * The wp-cron tools, shared by the REST API, WP-CLI and the support report.
	 *
	 * @return Cron_Services
	 */
	public function cron(): Cron_Services {
		return $this->cron;
	}

	/**
	 * The must-use loader's installer.
	 *
	 * @return Loader_Installer
	 */
	private function loader_installer(): Loader_Installer {
		return $this->loader_installer ??= Loader_Installer::for_this_site();
	}

	/**
	 * The stored debug profile, shared by the auto-revert and the debug-mode service.
	 *
	 * @return Debug_Record
	 */
	private function debug_record(): Debug_Record {
		return $this->debug_record ??= new Debug_Record( new Network_Storage() );
	}

	/**
	 * Where WordPress writes its debug log.
	 *
	 * @return Debug_Log_Location
	 */
	private function debug_log_location(): Debug_Log_Location {
		return $this->debug_log_location ??= new Debug_Log_Location();
	}

	/**
	 * Tail, summary and archive of the log sources.
	 *
	 * @return Log_Service
	 */
	public function log_service(): Log_Service {
		return $this->log_service ??= new Log_Service( new Log_Sources( $this->debug_log_location() ), new Log_Archiver(), new Network_Storage() );
	}
}
