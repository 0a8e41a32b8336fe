<?php
/**
 * What happened lately: incidents from every readable log, joined, newest first.
 *
 * @package Triage
 */

namespace Triage\Incidents;

use Triage\Environment\Fpm_Status;
use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Entry_Parser;
use Triage\Logs\Log_Service;
use Triage\Report\Plugin_Inventory;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the window of every readable source backwards (Event_Reader, bounded by bytes, events and one
 * deadline for all sources), adds what WordPress itself knows (Site_Signals: a stuck .maintenance, piled
 * up cron events, failing outgoing calls, the flight recorder's killed requests), joins the events
 * (Incident_Joiner) and words each incident (Incident_Builder). The answer also says which sources were
 * read and how far back, the running stack, and what could not be seen and how to open it.
 *
 * Shape: includes/REST/schemas/incidents/incidents.json. Works from WP-CLI while PHP-FPM is down: nothing
 * here needs a request to the site.
 *
 * @phpstan-import-type Event from Event_Parser
 */
final class Incident_Service {

	/** Windows the REST API offers (seconds). */
	public const WINDOWS = array( 3600, 86400, 604800 );

	/** Server time allowed for reading the logs (seconds); what is not read by then is said to be. */
	public const BUDGET = 0.25;

	/** Events kept from all logs together (about 2 KB each): the newest of each log first. */
	public const MAX_EVENTS = 3000;

	/** Log roles (includes/REST/schemas/incidents/incident-log-role.json). */
	public const ROLES = array( 'web-error', 'web-access', 'fpm', 'fpm-slow', 'php', 'database' );

	/**
	 * Returns the log sources by id (Log_Sources::all()).
	 *
	 * @var callable(): array<string, array<string, mixed>>
	 */
	private $sources;

	/**
	 * Opens a source by id: a stream, or a WP_Error saying why not.
	 *
	 * @var callable(string): (resource|\WP_Error)
	 */
	private $open;

	/**
	 * Returns the logs that exist but cannot be read (Log_Sources::hidden()).
	 *
	 * @var callable(): array<int, array<string, mixed>>
	 */
	private $hidden;

	/**
	 * Returns the running stack (Running_Stack::to_array()), or null when discovery is not available.
	 *
	 * @var callable(): (array<string, mixed>|null)
	 */
	private $stack;

	/**
	 * Returns the events WordPress itself knows for a window: (since, now) => events.
	 *
	 * @var callable(int, int): array<int, array<string, mixed>>
	 */
	private $signals;

	/**
	 * Attribution; null to skip.
	 *
	 * @var Log_Attributor|null
	 */
	private $attributor;

	/**
	 * Returns names by attribution type and slug.
	 *
	 * @var callable(): array<string, array<string, string>>
	 */
	private $names;

	/**
	 * Returns the current time.
	 *
	 * @var callable(): int
	 */
	private $now;

	/**
	 * Log time stamps.
	 *
	 * @var Log_Clock
	 */
	private $clock;

	/**
	 * Returns fpm_get_status() of this request's pool, or null outside PHP-FPM.
	 *
	 * @var callable(): (array<string, mixed>|null)
	 */
	private $fpm_status;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable            $sources    Returns the sources by id.
	 * @param callable            $open       Opens a source by id.
	 * @param callable            $hidden     Returns the unreadable logs.
	 * @param callable            $stack      Returns the running stack or null.
	 * @param callable            $signals    Returns WordPress's own events for (since, now).
	 * @param Log_Attributor|null $attributor Attribution.
	 * @param callable            $names      Returns names by type and slug.
	 * @param callable|null       $now        Returns the time; time() when null.
	 * @param Log_Clock|null      $clock      Log time stamps; the server's zone when null.
	 * @param callable|null       $fpm_status Returns fpm_get_status() or null; PHP's own when null.
	 */
	public function __construct( callable $sources, callable $open, callable $hidden, callable $stack, callable $signals, ?Log_Attributor $attributor, callable $names, ?callable $now = null, ?Log_Clock $clock = null, ?callable $fpm_status = null ) {
		$this->sources    = $sources;
		$this->open       = $open;
		$this->hidden     = $hidden;
		$this->stack      = $stack;
		$this->signals    = $signals;
		$this->attributor = $attributor;
		$this->names      = $names;
		$this->now        = $now ?? 'time';
		$this->clock      = $clock ?? new Log_Clock();
		$this->fpm_status = $fpm_status ?? array( self::class, 'own_fpm_status' );
	}

	/**
	 * PHP-FPM's counters of the pool serving this request, or null outside PHP-FPM (WP-CLI, mod_php).
	 *
	 * @return array<string, mixed>|null
	 */
	public static function own_fpm_status(): ?array {
		return Fpm_Status::current();
	}

	/**
	 * The service for this site, over the Logs capability's sources.
	 *
	 * @param Log_Service $logs Logs service.
	 * @return self
	 */
	public static function for_this_site( Log_Service $logs ): self {
		$sources = $logs->sources();
		return new self(
			array( $sources, 'all' ),
			static function ( string $id ) use ( $sources ) {
				$open = $sources->open( $id );
				return is_wp_error( $open ) ? $open : $open['handle'];
			},
			array( $sources, 'hidden' ),
			static function () use ( $sources ): array {
				// The registry discovered the stack for its own sources: the same answer, found once.
				return $sources->stack()->to_array();
			},
			array( new Site_Signals(), 'events' ),
			$logs->attributor(),
			array( Plugin_Inventory::class, 'names' )
		);
	}

	/**
	 * Incidents of the window, newest first, one page.
	 *
	 * @param int $window_seconds How far back.
	 * @param int $page           Page, from 1.
	 * @param int $per_page       Incidents per page.
	 * @return array<string, mixed> Shape: includes/REST/schemas/incidents/incidents.json.
	 */
	public function recent( int $window_seconds, int $page = 1, int $per_page = 20 ): array {
		$started  = hrtime( true );
		$now      = (int) call_user_func( $this->now );
		$window   = max( 60, $window_seconds );
		$since    = $now - $window;
		$page     = max( 1, $page );
		$per_page = max( 1, min( 100, $per_page ) );
		$stack    = $this->stack_or_fallback();
		$hidden   = (array) call_user_func( $this->hidden );
		// The budget is for reading the logs: a discovery slowed by a loaded machine must not leave none read.
		$deadline = hrtime( true ) + (int) ( self::BUDGET * 1e9 );

		$reader  = new Event_Reader( $this->clock );
		$events  = array();
		$listed  = array();
		$metas   = array();
		$sources = (array) call_user_func( $this->sources );
		foreach ( $sources as $id => $source ) {
			$id           = (string) $id;
			$metas[ $id ] = array(
				'label' => (string) $source['label'],
				'path'  => (string) $source['path'],
			);
			$entry        = array(
				'id'        => $id,
				'label'     => (string) $source['label'],
				'path'      => Log_Entry_Parser::scrub( (string) $source['path'] ),
				'role'      => self::declared_role( $source ),
				'readable'  => false,
				'read_from' => null,
				'fix'       => null,
			);
			$handle       = call_user_func( $this->open, $id );
			if ( ! is_resource( $handle ) ) {
				$entry['fix'] = is_wp_error( $handle ) && 'triage_log_missing' !== $handle->get_error_code() ? $handle->get_error_message() : null;
				$listed[]     = $entry;
				continue;
			}
			$entry['readable'] = true;
			$entry['role']     = $entry['role'] ?? $reader->sniff( $handle ) ?? self::guessed_role( $source );
			if ( null !== $entry['role'] ) {
				$limits             = array(
					'deadline'   => $deadline,
					// Each log keeps its newest events; a flood in one leaves room for the others.
					'max_events' => max( 200, min( Event_Reader::MAX_EVENTS, self::MAX_EVENTS - count( $events ) ) ),
				);
				$read               = $reader->read( $handle, $since, $entry['role'], $id, $limits );
				$entry['read_from'] = $read['read_from'];
				if ( ! $read['complete'] && null !== $read['read_from'] ) {
					// Cut short by a bound: counts of incidents that reach back to here are lower bounds.
					$metas[ $id ]['cut'] = (int) $read['read_from'];
				}
				foreach ( $read['events'] as $event ) {
					$events[] = $event;
				}
			}
			fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the stream Log_Sources opened.
			$listed[] = $entry;
		}//end foreach

		foreach ( (array) call_user_func( $this->signals, $since, $now ) as $event ) {
			$events[]                    = $event;
			$metas[ $event['source'] ] ??= array(
				'label' => (string) ( $event['label'] ?? $event['source'] ),
				'path'  => (string) ( $event['path'] ?? '' ),
			);
		}

		/**
		 * Events as Event_Parser and Site_Signals build them.
		 *
		 * @phpstan-var array<int, Event> $events
		 */
		$joiner    = new Incident_Joiner( $this->pools( $stack ) );
		$builder   = new Incident_Builder( $this->attributor, $this->names, $metas, $this->stack_facts( $stack ), $this->time_formatter( $now ) );
		$incidents = array();
		foreach ( $joiner->join( $events ) as $group ) {
			if ( $group['end'] >= $since ) {
				$incidents[] = $builder->build( $group );
			}
		}
		usort(
			$incidents,
			static function ( array $a, array $b ): int {
				return array( $b['end'], $b['start'] ) <=> array( $a['end'], $a['start'] );
			}
		);
		$incidents = $this->confirm_saturation( $incidents, $stack );

		return array(
			'window'       => $window,
			'generated_at' => $now,
			'took_ms'      => (int) round( ( hrtime( true ) - $started ) / 1e6 ),
			'total'        => count( $incidents ),
			'page'         => $page,
			'per_page'     => $per_page,
			'incidents'    => array_slice( $incidents, ( $page - 1 ) * $per_page, $per_page ),
			'sources'      => $listed,
			'stack'        => $stack,
			'blind_spots'  => $this->blind_spots( $listed, $hidden, $stack ),
		);
	}

	/**
	 * A saturation only suggested by the logs (connect time-outs: the pool may be full, or the network
	 * slow) is certain when PHP-FPM's own counters say every worker was busy at once since it started:
	 * max-active-processes reaching pm.max_children, the only sign a static pool gives (max-children-reached
	 * never moves under pm = static).
	 *
	 * @param array<int, array<string, mixed>> $incidents Incidents.
	 * @param array<string, mixed>             $stack     Stack.
	 * @return array<int, array<string, mixed>>
	 */
	private function confirm_saturation( array $incidents, array $stack ): array {
		$unsure = array_filter(
			$incidents,
			static function ( array $incident ): bool {
				return 'pool_saturated' === $incident['cause'] && 'certain' !== $incident['certainty'];
			}
		);
		$pm     = $stack['fpm']['pool']['pm'] ?? null;
		if ( ! $unsure || in_array( $pm, array( 'dynamic', 'ondemand' ), true ) ) {
			// fpm_get_status() itself can crash a worker while the pool spawns children (PHP-FPM 8.2's scoreboard
			// race, php-src issues 18595 and 19974): asked only for a saturation the logs leave unsure, and never
			// of a pool that spawns children on demand (its own log says "max_children" when it fills up).
			return $incidents;
		}
		$status = call_user_func( $this->fpm_status );
		if ( ! is_array( $status ) || ! isset( $status['pool'], $status['max-active-processes'], $status['start-time'] ) ) {
			return $incidents;
		}
		$pool = $stack['fpm']['pool'] ?? null;
		$max  = is_array( $pool ) && (string) $pool['name'] === (string) $status['pool'] && is_numeric( $pool['max_children'] ) ? (int) $pool['max_children'] : null;
		if ( null === $max && 'static' === ( $status['process-manager'] ?? '' ) && isset( $status['total-processes'] ) ) {
			// A static pool always runs pm.max_children workers.
			$max = (int) $status['total-processes'];
		}
		if ( null === $max || (int) $status['max-active-processes'] < $max ) {
			return $incidents;
		}
		$line = sprintf(
			/* translators: 1: pool, 2: busy workers at most, 3: pm.max_children, 4: process manager, 5: when PHP-FPM started. */
			__( 'pool %1$s: max-active-processes %2$d = pm.max_children %3$d (pm = %4$s) since PHP-FPM started at %5$s', 'triage' ),
			(string) $status['pool'],
			(int) $status['max-active-processes'],
			$max,
			(string) ( $status['process-manager'] ?? '?' ),
			gmdate( 'Y-m-d H:i:s', (int) $status['start-time'] ) . ' UTC'
		);
		foreach ( $incidents as $i => $incident ) {
			if ( 'pool_saturated' !== $incident['cause'] || $incident['start'] < (int) $status['start-time'] || ( null !== $incident['pool'] && $incident['pool'] !== $status['pool'] ) ) {
				continue;
			}
			$incidents[ $i ]['certainty']  = 'certain';
			$incidents[ $i ]['evidence'][] = array(
				'source' => 'fpm-status',
				'label'  => __( 'PHP-FPM status (fpm_get_status)', 'triage' ),
				'path'   => '',
				'at'     => (int) $status['start-time'],
				'lines'  => array( $line ),
			);
		}
		return $incidents;
	}

	/**
	 * The role a source declares (discovered sources carry one), or null.
	 *
	 * @param array<string, mixed> $source Source.
	 * @return string|null
	 */
	private static function declared_role( array $source ): ?string {
		return isset( $source['role'] ) && in_array( $source['role'], self::ROLES, true ) ? (string) $source['role'] : null;
	}

	/**
	 * A role from a source's id, name and kind, when its lines did not tell (an empty file).
	 *
	 * @param array<string, mixed> $source Source.
	 * @return string|null
	 */
	private static function guessed_role( array $source ): ?string {
		$id   = (string) $source['id'];
		$name = strtolower( basename( (string) $source['path'] ) );
		if ( in_array( $id, array( 'debug', 'php' ), true ) ) {
			return 'php';
		}
		if ( in_array( $id, array( 'nginx', 'apache' ), true ) ) {
			return 'web-error';
		}
		$guesses = array(
			'access'  => 'web-access',
			'slow'    => 'fpm-slow',
			'fpm'     => 'fpm',
			'maria'   => 'database',
			'mysql'   => 'database',
			'.err'    => 'database',
			'nginx'   => 'web-error',
			'apache'  => 'web-error',
			'httpd'   => 'web-error',
			'error_l' => 'web-error',
		);
		foreach ( $guesses as $needle => $role ) {
			if ( false !== strpos( $name, $needle ) || false !== strpos( $id, $needle ) ) {
				return $role;
			}
		}
		return 'php' === ( $source['kind'] ?? '' ) ? 'php' : null;
	}

	/**
	 * The running stack, or what the schema expects when discovery could not run.
	 *
	 * @return array<string, mixed>
	 */
	private function stack_or_fallback(): array {
		$stack = call_user_func( $this->stack );
		if ( is_array( $stack ) && isset( $stack['found_from'], $stack['web'], $stack['fpm'], $stack['database'] ) ) {
			return $this->contract_stack( $stack );
		}
		return array(
			'found_from' => 'fallback',
			'web'        => array(
				'software'     => null,
				'pid'          => null,
				'config'       => null,
				'from'         => '',
				'server_block' => null,
			),
			'fpm'        => array(
				'pid'    => null,
				'config' => null,
				'from'   => '',
				'pool'   => null,
				'pools'  => array(),
			),
			'database'   => array(
				'log_error' => null,
				'from'      => '',
			),
			'logs'       => array(),
			'notes'      => array( __( 'The running web server and PHP-FPM were not looked up: only the configured and usual log paths were read.', 'triage' ) ),
		);
	}

	/**
	 * The stack with exactly the contract's keys (running-stack.json): discovery may know more (every
	 * setting of a pool, which can hold env[] secrets), and only what the schema names is published.
	 *
	 * @param array<string, mixed> $stack Running_Stack::to_array().
	 * @return array<string, mixed>
	 */
	private function contract_stack( array $stack ): array {
		$pick  = static function ( $values, array $keys ): array {
			$values = is_array( $values ) ? $values : array();
			$picked = array();
			foreach ( $keys as $key => $default ) {
				$picked[ $key ] = array_key_exists( $key, $values ) ? $values[ $key ] : $default;
			}
			return $picked;
		};
		$web   = $pick(
			$stack['web'],
			array(
				'software'     => null,
				'pid'          => null,
				'config'       => null,
				'from'         => '',
				'server_block' => null,
			)
		);
		$block = $web['server_block'];
		if ( is_array( $block ) ) {
			$web['server_block'] = $pick( $block, array_fill_keys( array( 'file', 'line', 'listen', 'server_name', 'root', 'fastcgi_pass', 'fastcgi_read_timeout', 'proxy_read_timeout', 'error_log' ), null ) );
		}
		$fpm  = $pick(
			$stack['fpm'],
			array(
				'pid'    => null,
				'config' => null,
				'from'   => '',
				'pool'   => null,
				'pools'  => array(),
			)
		);
		$pool = $fpm['pool'];
		if ( is_array( $pool ) ) {
			$fpm['pool'] = $pick( $pool, array_fill_keys( array( 'name', 'file', 'listen', 'pm', 'max_children', 'request_terminate_timeout', 'slowlog', 'error_log' ), null ) );
		}
		$logs = array();
		foreach ( (array) ( $stack['logs'] ?? array() ) as $log ) {
			$logs[] = $pick( $log, array_fill_keys( array( 'role', 'software', 'path', 'from', 'readable', 'owner', 'group', 'mode', 'fix', 'pool' ), null ) );
		}
		return array(
			'found_from' => (string) $stack['found_from'],
			'web'        => $web,
			'fpm'        => $fpm,
			'database'   => $pick(
				$stack['database'],
				array(
					'log_error' => null,
					'from'      => '',
				)
			),
			'logs'       => $logs,
			'notes'      => array_values( array_map( 'strval', (array) ( $stack['notes'] ?? array() ) ) ),
		);
	}

	/**
	 * Pool names by listen address.
	 *
	 * @param array<string, mixed> $stack Stack.
	 * @return array<string, string>
	 */
	private function pools( array $stack ): array {
		$pool = $stack['fpm']['pool'] ?? null;
		if ( ! is_array( $pool ) || empty( $pool['listen'] ) || empty( $pool['name'] ) ) {
			return array();
		}
		return array( (string) $pool['listen'] => (string) $pool['name'] );
	}

	/**
	 * What the sentences need from the stack.
	 *
	 * @param array<string, mixed> $stack Stack.
	 * @return array{max_children: array<string, int>, fastcgi_read_timeout: int|null}
	 */
	private function stack_facts( array $stack ): array {
		$facts = array(
			'max_children'         => array(),
			'fastcgi_read_timeout' => null,
		);
		$pool  = $stack['fpm']['pool'] ?? null;
		if ( is_array( $pool ) && isset( $pool['max_children'] ) && is_numeric( $pool['max_children'] ) ) {
			$facts['max_children']['']                       = (int) $pool['max_children'];
			$facts['max_children'][ (string) $pool['name'] ] = (int) $pool['max_children'];
		}
		$block = $stack['web']['server_block'] ?? null;
		if ( is_array( $block ) && isset( $block['fastcgi_read_timeout'] ) && is_numeric( $block['fastcgi_read_timeout'] ) ) {
			$facts['fastcgi_read_timeout'] = (int) $block['fastcgi_read_timeout'];
		}
		return $facts;
	}

	/**
	 * Formats times in the site's zone: the time alone within a day, with the date before.
	 *
	 * @param int $now Now.
	 * @return callable(int): string
	 */
	private function time_formatter( int $now ): callable {
		return static function ( int $time ) use ( $now ): string {
			$format = $now - $time < DAY_IN_SECONDS ? 'H:i:s' : 'M j, H:i:s';
			return function_exists( 'wp_date' ) ? (string) wp_date( $format, $time ) : gmdate( $format, $time );
		};
	}

	/**
	 * What could not be seen, each with the way to open it.
	 *
	 * @param array<int, array<string, mixed>> $listed Sources as listed.
	 * @param array<int, array<string, mixed>> $hidden Unreadable logs (Log_Sources::hidden()).
	 * @param array<string, mixed>             $stack  Stack.
	 * @return array<int, string>
	 */
	private function blind_spots( array $listed, array $hidden, array $stack ): array {
		$spots = array();
		foreach ( $hidden as $log ) {
			$path = (string) ( $log['path'] ?? '' );
			if ( '' === $path ) {
				continue;
			}
			$fix = trim( (string) ( $log['fix'] ?? '' ) );
			// Discovery's fix already starts with "<file> is <owner>:<group> <mode>; …": shown as is.
			$spots[ $path ] = '' !== $fix
				? $fix
				/* translators: 1: path, 2: owner, 3: group, 4: mode such as 0600. */
				: sprintf( __( '%1$s is %2$s:%3$s %4$s, so PHP cannot read it.', 'triage' ), $path, (string) ( $log['owner'] ?? '?' ), (string) ( $log['group'] ?? '?' ), (string) ( $log['mode'] ?? '?' ) );
		}
		$roles = array();
		foreach ( $listed as $source ) {
			if ( $source['readable'] ) {
				$roles[ (string) $source['role'] ] = true;
			} elseif ( null !== $source['fix'] && ! isset( $spots[ $source['path'] ] ) ) {
				/* translators: 1: log label, 2: path, 3: why it cannot be read. */
				$spots[ $source['path'] ] = sprintf( __( '%1$s (%2$s): %3$s', 'triage' ), $source['label'], $source['path'], $source['fix'] );
			}
		}
		if ( ! isset( $roles['fpm'] ) ) {
			$spots['fpm'] = __( 'No PHP-FPM log is readable: a worker killed by request_terminate_timeout, a crash (signal 11) and the out-of-memory killer (signal 9) look the same from the web server\'s log. Turn on the flight recorder, or make PHP-FPM\'s log readable (the stack section says where it is).', 'triage' );
		}
		if ( ! isset( $roles['web-error'] ) ) {
			$spots['web'] = __( 'No web server error log is readable: requests that never reached PHP (PHP-FPM down, every worker busy, timeouts) leave no trace Triage can read.', 'triage' );
		}
		foreach ( (array) ( $stack['notes'] ?? array() ) as $note ) {
			$spots[] = (string) $note;
		}
		return array_values( $spots );
	}
}
