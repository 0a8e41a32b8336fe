<?php
/**
 * The support report: one redacted document for a hosting ticket.
 *
 * @package Triage
 */

namespace Triage\Report;

use Triage\Cron\Cron_Heartbeat;
use Triage\Cron\Cron_Schedule;
use Triage\Environment\Environment_Reader;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;
use Triage\Logs\Log_Service;
use Triage\Maintenance\Maintenance_State;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the report from the other capabilities' services (the same ones the REST API and WP-CLI use):
 * environment, what happened in the last 24 hours (incidents), fast health checks (no loopback: the
 * report must answer when the site does not), the newest log groups and server-log causes, debug and
 * safe mode state, plugins and theme, cron and maintenance. Each section copies only named fields; then Report_Redactor passes over every string.
 *
 * The JSON form comes from build() (shape: includes/REST/schemas/report/support-report.json, with its
 * `version`); markdown() renders it for pasting into a ticket.
 */
final class Support_Report {

	/** Version of the JSON shape: raised when a field changes meaning or disappears. */
	public const VERSION = 1;

	/**
	 * Environment reader.
	 *
	 * @var Environment_Reader
	 */
	private $environment;

	/**
	 * Health checks.
	 *
	 * @var Health_Runner
	 */
	private $health;

	/**
	 * Logs service.
	 *
	 * @var Log_Service
	 */
	private $logs;

	/**
	 * Returns the cron schedule service.
	 *
	 * @var callable(): Cron_Schedule
	 */
	private $cron_schedule;

	/**
	 * Cron heartbeat.
	 *
	 * @var Cron_Heartbeat
	 */
	private $heartbeat;

	/**
	 * Returns the maintenance state service.
	 *
	 * @var callable(): Maintenance_State
	 */
	private $maintenance;

	/**
	 * Returns the debug-mode record, described (Debug_Record::describe()), or null when off.
	 *
	 * @var callable(): ?array<string, mixed>
	 */
	private $debug_profile;

	/**
	 * Returns the safe mode state: loader installed and current, this browser in safe mode.
	 *
	 * @var callable(): array{loader_installed: bool, loader_current: bool, active: bool, expires_at: ?int}
	 */
	private $safe_mode;

	/**
	 * Builds the redactor for the given full_paths choice.
	 *
	 * @var callable(bool): Report_Redactor
	 */
	private $redactor;

	/**
	 * Returns the incident service (Incident_Service), or null when the report is built without it.
	 *
	 * @var callable|null
	 */
	private $incidents;

	/**
	 * Takes its collaborators (the services are built only when a report is asked for).
	 *
	 * @param Environment_Reader $environment   Environment reader.
	 * @param Health_Runner      $health        Health checks.
	 * @param Log_Service        $logs          Logs service.
	 * @param callable           $cron_schedule Returns the Cron_Schedule.
	 * @param Cron_Heartbeat     $heartbeat     Cron heartbeat.
	 * @param callable           $maintenance   Returns the Maintenance_State.
	 * @param callable           $debug_profile Returns Debug_Record::describe() of the stored profile.
	 * @param callable           $safe_mode     Returns the safe mode state.
	 * @param callable|null      $redactor      Builds the Report_Redactor from full_paths; this site's by default.
	 * @param callable|null      $incidents     Returns the Incident_Service; no incidents section content when null.
	 */
	public function __construct( Environment_Reader $environment, Health_Runner $health, Log_Service $logs, callable $cron_schedule, Cron_Heartbeat $heartbeat, callable $maintenance, callable $debug_profile, callable $safe_mode, ?callable $redactor = null, ?callable $incidents = null ) {
		$this->environment   = $environment;
		$this->health        = $health;
		$this->logs          = $logs;
		$this->cron_schedule = $cron_schedule;
		$this->heartbeat     = $heartbeat;
		$this->maintenance   = $maintenance;
		$this->debug_profile = $debug_profile;
		$this->safe_mode     = $safe_mode;
		$this->redactor      = $redactor ?? array( Report_Redactor::class, 'for_this_site' );
		$this->incidents     = $incidents;
	}

	/**
	 * The report.
	 *
	 * @param array<string, mixed> $options full_paths (bool, default false): keep absolute paths.
	 * @return array<string, mixed> Shape: includes/REST/schemas/report/support-report.json.
	 */
	public function build( array $options = array() ): array {
		$started    = microtime( true );
		$full_paths = ! empty( $options['full_paths'] );
		$now        = time();
		$env        = $this->environment->read();
		$digest     = new Incident_Digest( $this->incidents );
		$incidents  = $digest->read();
		$last_hour  = $digest->last_hour( $now );
		if ( null !== $last_hour ) {
			// The checks are judged against the incidents just read, not a second read of the logs.
			$this->health->use_incidents( $last_hour );
		}
		$report = array(
			'version'      => self::VERSION,
			'generated_at' => gmdate( 'c', $now ),
			'full_paths'   => $full_paths,
			'site'         => array(
				'home_url'     => home_url( '/' ),
				'site_url'     => site_url( '/' ),
				'is_multisite' => is_multisite(),
				'blog_id'      => get_current_blog_id(),
				'timezone'     => wp_timezone_string(),
				'locale'       => get_locale(),
			),
			'environment'  => array(
				'wordpress_version'   => (string) $env['wordpress_version'],
				'php_version'         => (string) $env['php_version'],
				'php_sapi'            => (string) $env['php_sapi'],
				'server_software'     => (string) $env['server_software'],
				'host_name'           => (string) $env['host_name'],
				'memory_limit'        => (string) $env['memory_limit']['value'],
				'wp_memory_limit'     => (string) $env['wp_memory_limit']['value'],
				'wp_max_memory_limit' => (string) $env['wp_max_memory_limit']['value'],
				'max_execution_time'  => (int) $env['max_execution_time'],
				'extensions'          => $this->extensions(),
			),
			'constants'    => $this->constants(),
			'debug'        => $this->debug( $env ),
			'safe_mode'    => call_user_func( $this->safe_mode ),
			'incidents'    => $incidents,
			'health'       => $this->health(),
			'logs'         => ( new Log_Digest( $this->logs, Plugin_Inventory::names() ) )->read(),
			'plugins'      => ( new Plugin_Inventory( $now ) )->read(),
			'cron'         => $this->cron(),
			'maintenance'  => $this->maintenance(),
			'duration_ms'  => 0,
		);
		/**
		 * The redactor.
		 *
		 * @var Report_Redactor $redactor
		 */
		$redactor = call_user_func( $this->redactor, $full_paths );
		foreach ( $report['incidents']['items'] as $i => $incident ) {
			foreach ( $incident['evidence'] as $j => $evidence ) {
				$report['incidents']['items'][ $i ]['evidence'][ $j ]['lines'] = array_map( array( $redactor, 'log_text' ), $evidence['lines'] );
			}
		}
		foreach ( $report['logs'] as $i => $source ) {
			foreach ( $source['groups'] as $j => $group ) {
				$report['logs'][ $i ]['groups'][ $j ]['message'] = $redactor->log_text( $group['message'] );
			}
			foreach ( $source['causes'] as $j => $cause ) {
				$report['logs'][ $i ]['causes'][ $j ]['sample'] = $redactor->log_text( $cause['sample'] );
			}
		}
		$report                = $redactor->walk( $report );
		$report['duration_ms'] = (int) round( ( microtime( true ) - $started ) * 1000 );
		return $report;
	}

	/**
	 * The report as Markdown for a ticket.
	 *
	 * @param array<string, mixed> $report What build() returned.
	 * @return string
	 */
	public static function markdown( array $report ): string {
		return ( new Report_Markdown() )->render( $report );
	}

	/**
	 * The allowed constants wp-config.php sets, and the few whose defaults matter, with their values as
	 * PHP would print them. No other constant of wp-config.php is shown.
	 *
	 * @return array<int, array{name: string, value: string, in_config: bool}>
	 */
	private function constants(): array {
		$in_config = Config_Secrets::for_this_site()->names()['constants'];
		$constants = array();
		foreach ( Config_Secrets::ALLOWED as $name ) {
			$set = in_array( $name, $in_config, true );
			if ( ! defined( $name ) || ( ! $set && ! in_array( $name, Config_Secrets::ALWAYS_SHOWN, true ) ) ) {
				continue;
			}
			$value = constant( $name );
			if ( is_bool( $value ) ) {
				$value = $value ? 'true' : 'false';
			} elseif ( null === $value ) {
				$value = 'null';
			} elseif ( ! is_scalar( $value ) ) {
				continue;
			}
			$constants[] = array(
				'name'      => $name,
				'value'     => (string) $value,
				'in_config' => $set,
			);
		}
		return $constants;
	}

	/**
	 * Loaded PHP extensions that matter for 5xx diagnosis.
	 *
	 * @return array<int, string>
	 */
	private function extensions(): array {
		$wanted = array( 'curl', 'openssl', 'mysqli', 'mbstring', 'intl', 'imagick', 'gd', 'zip', 'sodium', 'Zend OPcache', 'redis', 'memcached', 'apcu', 'xdebug', 'ioncube loader' );
		return array_values(
			array_filter(
				$wanted,
				static function ( string $name ): bool {
					return extension_loaded( $name );
				}
			)
		);
	}

	/**
	 * Debug mode: the constants in effect, where PHP logs, and Triage's debug profile.
	 *
	 * @param array<string, mixed> $env Environment_Reader::read().
	 * @return array<string, mixed>
	 */
	private function debug( array $env ): array {
		$debug   = $env['debug'];
		$profile = call_user_func( $this->debug_profile );
		return array(
			'wp_debug'         => (bool) $debug['wp_debug'],
			'wp_debug_log'     => is_string( $debug['wp_debug_log'] ) ? $debug['wp_debug_log'] : ( $debug['wp_debug_log'] ? 'true' : 'false' ),
			'wp_debug_display' => null === $debug['wp_debug_display'] ? null : (bool) $debug['wp_debug_display'],
			'display_errors'   => (string) ini_get( 'display_errors' ),
			'log_errors'       => (bool) $debug['log_errors'],
			'log_file'         => null === $debug['log_file'] ? null : (string) $debug['log_file'],
			'triage_profile'   => is_array( $profile ) ? (string) $profile['profile'] : 'off',
			'expires_at'       => is_array( $profile ) ? (int) $profile['expires_at'] : null,
		);
	}

	/**
	 * The fast checks (no loopback request), each with its verdict, evidence and fix.
	 *
	 * @return array<string, mixed>
	 */
	private function health(): array {
		$results = $this->health->run( array(), Health_Runner::SPEED_FAST );
		$ran     = array();
		$checks  = array();
		foreach ( $results as $result ) {
			$fields   = $result->to_array();
			$ran[]    = $fields['id'];
			$checks[] = array(
				'id'       => $fields['id'],
				'layer'    => $fields['layer'],
				'status'   => $fields['status'],
				'title'    => $fields['title'],
				'evidence' => $fields['evidence'],
				'fix'      => $fields['fix'],
				'reason'   => $fields['reason'],
			);
		}
		$order = array_flip( array( Check_Result::CRITICAL, Check_Result::WARNING, Check_Result::UNKNOWN, Check_Result::GOOD ) );
		usort(
			$checks,
			static function ( array $a, array $b ) use ( $order ): int {
				return ( $order[ $a['status'] ] ?? 9 ) <=> ( $order[ $b['status'] ] ?? 9 );
			}
		);
		$layers = array();
		foreach ( Health_Runner::summarize( $results ) as $layer => $summary ) {
			$layers[] = array( 'layer' => (string) $layer ) + $summary;
		}
		return array(
			'speed'   => Health_Runner::SPEED_FAST,
			'skipped' => array_values( array_diff( array_keys( $this->health->checks() ), $ran ) ),
			'layers'  => $layers,
			'checks'  => $checks,
		);
	}

	/**
	 * The cron heartbeat's verdict and the schedule's totals.
	 *
	 * @return array<string, mixed>
	 */
	private function cron(): array {
		$verdict = $this->heartbeat->verdict();
		/**
		 * The schedule.
		 *
		 * @var Cron_Schedule $schedule
		 */
		$schedule = call_user_func( $this->cron_schedule );
		$page     = $schedule->page( array( 'per_page' => 1 ) );
		$lock     = (array) $page['lock'];
		return array(
			'state'             => (string) $verdict['state'],
			'summary'           => (string) $verdict['summary'],
			'main_source'       => is_string( $verdict['main_source'] ) ? $verdict['main_source'] : null,
			'last_run'          => $verdict['last_run'],
			'cadence'           => $verdict['cadence'],
			'disable_wp_cron'   => (bool) $verdict['disable_wp_cron'],
			'alternate_wp_cron' => (bool) $verdict['alternate_wp_cron'],
			'totals'            => array_map( 'intval', (array) $page['totals'] ),
			'lock_held'         => ! empty( $lock['held'] ),
			'option_problem'    => null === $page['option']['problem'] ? null : (string) $page['option']['problem'],
		);
	}

	/**
	 * The .maintenance file, the update locks and leftover upgrade folders.
	 *
	 * @return array<string, mixed>
	 */
	private function maintenance(): array {
		/**
		 * The state service.
		 *
		 * @var Maintenance_State $service
		 */
		$service = call_user_func( $this->maintenance );
		$state   = $service->read();
		$file    = $state['file'];
		$locks   = array();
		foreach ( $state['locks'] as $lock ) {
			if ( ! empty( $lock['held'] ) ) {
				$locks[] = (string) $lock['name'];
			}
		}
		$leftovers = array();
		foreach ( $state['folders'] as $folder ) {
			if ( ! empty( $folder['leftovers'] ) ) {
				$leftovers[] = (string) $folder['path'];
			}
		}
		return array(
			'found'       => (bool) $state['found'],
			'file_exists' => (bool) $file['exists'],
			'file_age'    => $file['age'],
			'honoured'    => (bool) $file['honoured'],
			'locks_held'  => $locks,
			'leftovers'   => $leftovers,
			'drop_in'     => (bool) $state['drop_in']['exists'],
		);
	}
}
