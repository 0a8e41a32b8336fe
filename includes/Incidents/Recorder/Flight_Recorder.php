<?php
/**
 * The flight recorder: turned on for a while by an administrator, it reveals requests whose PHP worker died.
 *
 * @package Triage
 */

namespace Triage\Incidents\Recorder;

use Triage\Environment\Fpm_Status;
use Triage\Files\File_Mods;
use Triage\Files\Private_Directory;
use Triage\Logs\Secret_Redactor;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Start and stop rewrite the must-use loader with the recorder's constants (Recorder_Settings), so a
 * visitor's request learns whether to record without a query. While it records, the loader writes a marker
 * per request and removes it at shutdown; a marker left behind whose worker is gone (no /proc/<pid>), or
 * whose pid now belongs to another process (started after the marker, or not a PHP server), is a request
 * that was killed: request_terminate_timeout, a segfault, the OOM killer. Where /proc cannot tell, a marker
 * older than the time limits counts as killed.
 *
 * @phpstan-import-type Marker from Marker_Store
 */
final class Flight_Recorder {

	/** Shortest and longest recording, in seconds. */
	public const MIN_SECONDS = 60;
	public const MAX_SECONDS = 604800;

	/** Durations the UI offers, in minutes (1 h, 6 h, 24 h, 7 days). */
	public const CHOICES = array( 60, 360, 1440, 10080 );

	/** Seconds added to a time limit before a marker counts as too old. */
	public const GRACE = 60;

	/** Limit used when neither max_execution_time nor request_terminate_timeout bounds a request. */
	public const UNBOUNDED_LIMIT = 3600;

	/**
	 * Settings.
	 *
	 * @var Recorder_Settings
	 */
	private $settings;

	/**
	 * Writes the loader.
	 *
	 * @var Loader_Installer
	 */
	private $installer;

	/**
	 * Returns the private folder (array with path) or a WP_Error.
	 *
	 * @var callable(): (array{path: string, outside_web_root: bool}|WP_Error)
	 */
	private $private_dir;

	/**
	 * The process table.
	 *
	 * @var Process_Table
	 */
	private $procs;

	/**
	 * Returns now.
	 *
	 * @var callable(): int
	 */
	private $clock;

	/**
	 * Returns the wall-clock limit of a request in seconds (0 when none is known).
	 *
	 * @var callable(): int
	 */
	private $time_limit;

	/**
	 * Returns fpm_get_status() of this pool, or null outside PHP-FPM.
	 *
	 * @var callable(): (array<string, mixed>|null)
	 */
	private $fpm_status;

	/**
	 * The pool's fpm_get_status() and the time limit, read once per public call.
	 *
	 * @var array{fpm?: array<string, mixed>|null, limit?: int}
	 */
	private $memo = array();

	/**
	 * Takes its collaborators.
	 *
	 * @param Recorder_Settings $settings    Settings.
	 * @param Loader_Installer  $installer   Writes the loader.
	 * @param callable          $private_dir Returns Private_Directory::resolve().
	 * @param Process_Table     $procs       The process table (/proc, or a fixture).
	 * @param callable|null     $clock       Returns now; time() when null.
	 * @param callable|null     $time_limit  Returns the time limit in seconds; from PHP and PHP-FPM when null.
	 * @param callable|null     $fpm_status  Returns fpm_get_status(); the real one when null.
	 */
	public function __construct( Recorder_Settings $settings, Loader_Installer $installer, callable $private_dir, Process_Table $procs, ?callable $clock = null, ?callable $time_limit = null, ?callable $fpm_status = null ) {
		Safe_Mode_Sessions::load_codec();
		$this->settings    = $settings;
		$this->installer   = $installer;
		$this->private_dir = $private_dir;
		$this->procs       = $procs;
		$this->clock       = $clock ?? 'time';
		$this->time_limit  = $time_limit ?? array( self::class, 'server_time_limit' );
		$this->fpm_status  = $fpm_status ?? array( Fpm_Status::class, 'current' );
	}

	/**
	 * The recorder of this site.
	 *
	 * @param Loader_Installer|null $installer The installer Triage uses; a new one when null.
	 * @return Flight_Recorder
	 */
	public static function for_this_site( ?Loader_Installer $installer = null ): Flight_Recorder {
		return new self(
			new Recorder_Settings(),
			$installer ?? Loader_Installer::for_this_site(),
			static function () {
				return ( new Private_Directory( Private_Directory::detect_web_root(), WP_CONTENT_DIR ) )->resolve();
			},
			new Process_Table()
		);
	}

	/**
	 * What the recorder is doing.
	 *
	 * @return array{on: bool, until: int|null, started: int|null, storage: string|null, markers: int, killed: int, slow: int, fatal: int, blocked: string|null, manual: string, choices: int[], max_minutes: int}
	 */
	public function state(): array {
		$this->memo = array();
		$now        = $this->now();
		$settings   = $this->settings->get();
		$until      = $this->loader_until( $settings );
		$on         = $until > $now;
		$store      = $this->store( $settings );
		$store->clean_up( $now );
		$since  = $settings['started'] > 0 ? $settings['started'] : $now - 86400;
		$live   = 0;
		$killed = 0;
		foreach ( $store->markers() as $marker ) {
			$why = $this->classify( $marker, $now );
			if ( 'live' === $why ) {
				++$live;
			} elseif ( 'ended' !== $why && $marker['started'] >= $since ) {
				++$killed;
			}
		}
		$slow  = 0;
		$fatal = 0;
		foreach ( $store->records() as $record ) {
			if ( $record['started'] >= $since ) {
				null === $record['fatal'] ? ++$slow : ++$fatal;
			}
		}
		$blocked = $this->blocked();
		return array(
			'on'          => $on,
			'until'       => $on ? $until : null,
			'started'     => $settings['started'] > 0 ? $settings['started'] : null,
			'storage'     => $on ? ( $settings['apcu'] && function_exists( 'apcu_enabled' ) && apcu_enabled() ? 'apcu' : ( '' !== $settings['dir'] ? 'file' : null ) ) : null,
			'markers'     => $live,
			'killed'      => $killed,
			'slow'        => $slow,
			'fatal'       => $fatal,
			'blocked'     => null === $blocked ? null : $blocked->get_error_message(),
			'manual'      => null === $blocked ? '' : $this->manual( $settings ),
			'choices'     => self::CHOICES,
			'max_minutes' => (int) ( self::MAX_SECONDS / 60 ),
		);
	}

	/**
	 * Turns the recorder on for a while (or extends it).
	 *
	 * @param int $seconds How long, MIN_SECONDS to MAX_SECONDS.
	 * @return array<string, mixed>|WP_Error The state, or why not.
	 */
	public function start( int $seconds ) {
		if ( $seconds < self::MIN_SECONDS || $seconds > self::MAX_SECONDS ) {
			return new WP_Error(
				'triage_recorder_duration',
				/* translators: 1: shortest, 2: longest duration in minutes. */
				sprintf( __( 'The recorder runs for %1$d to %2$d minutes.', 'triage' ), self::MIN_SECONDS / 60, self::MAX_SECONDS / 60 ),
				array( 'status' => 400 )
			);
		}
		$previous = $this->settings->get();
		$blocked  = $this->blocked();
		if ( null !== $blocked ) {
			$previous['until'] = $this->now() + $seconds;
			$blocked->add_data(
				array(
					'status' => 409,
					'manual' => $this->manual( $previous ),
				)
			);
			return $blocked;
		}
		$apcu = function_exists( 'apcu_enabled' ) && apcu_enabled();
		$dir  = ( $this->private_dir )();
		if ( ! is_wp_error( $dir ) && ! Recorder_Settings::writable_as_literal( $dir['path'] ) ) {
			$dir = new WP_Error( 'triage_recorder_dir_name', __( 'The path of Triage\'s private folder holds a quote, a backslash or a control character, which the loader cannot name.', 'triage' ) );
		}
		if ( is_wp_error( $dir ) && ! $apcu ) {
			return new WP_Error( 'triage_recorder_no_storage', __( 'The flight recorder needs APCu or Triage\'s private folder, and neither is available.', 'triage' ) . ' ' . $dir->get_error_message(), array( 'status' => 500 ) );
		}
		$now      = $this->now();
		$settings = array(
			'until'   => $now + $seconds,
			// An extension of a running recording keeps its start.
			'started' => $previous['until'] > $now && $previous['started'] > 0 ? $previous['started'] : $now,
			'dir'     => is_wp_error( $dir ) ? '' : $dir['path'],
			'key'     => Recorder_Settings::key_of( $previous ),
			'apcu'    => $apcu,
		);
		$this->settings->save( $settings );
		$written = $this->installer->install();
		if ( is_wp_error( $written ) ) {
			$this->settings->save( $previous );
			return $written;
		}
		return $this->state();
	}

	/**
	 * Turns the recorder off; what it recorded stays readable.
	 *
	 * @return array<string, mixed>|WP_Error
	 */
	public function stop() {
		$settings = $this->settings->get();
		if ( $settings['until'] > 0 ) {
			$settings['until'] = 0;
			$this->settings->save( $settings );
		}
		if ( $this->loader_until( $settings ) > $this->now() ) {
			// The installed copy still records (until it expires): rewrite it, or say how.
			$blocked = $this->blocked();
			$written = null === $blocked ? $this->installer->install() : $blocked;
			if ( is_wp_error( $written ) ) {
				$written->add_data(
					array(
						'status' => 409,
						/* translators: %s: the loader file. */
						'manual' => sprintf( __( 'In %s, in the class Triage_Flight_Recorder_Loader, set: const UNTIL = 0;', 'triage' ), $this->installer->target() ),
					)
				);
				return $written;
			}
		}
		return $this->state();
	}

	/**
	 * Requests whose worker died while serving them, oldest first.
	 *
	 * @param int $since Only those that started at or after this time.
	 * @return array<int, array{started: int, pid: int, method: string, uri: string, logged_in: bool, ran_for: int|null, why: string}>
	 */
	public function killed_requests( int $since ): array {
		$this->memo = array();
		$now        = $this->now();
		$store      = $this->store( $this->settings->get() );
		$killed     = array();
		foreach ( $store->markers() as $marker ) {
			$why = $this->classify( $marker, $now );
			if ( 'ended' === $why ) {
				// Ended without its shutdown (a php-error.php drop-in that exits): not a killed request.
				$store->forget( $marker );
				continue;
			}
			if ( 'live' === $why || $marker['started'] < $since ) {
				continue;
			}
			$killed[] = array(
				'started'   => (int) floor( $marker['started'] ),
				'pid'       => $marker['pid'],
				'method'    => $marker['method'],
				'uri'       => $marker['uri'],
				'logged_in' => $marker['logged_in'],
				'ran_for'   => 'too_old' === $why ? max( 0, $now - (int) floor( $marker['started'] ) ) : null,
				'why'       => $why,
			);
		}
		return $killed;
	}

	/**
	 * Slow requests and requests ended by a fatal error, newest first (bounded).
	 *
	 * @param int $since Only those that started at or after this time.
	 * @return array<int, array{started: int, ended: int, pid: int, method: string, uri: string, duration_ms: int, peak_memory: int, fatal: array{message: string, file: string, line: int, plugin: string|null}|null}>
	 */
	public function finished( int $since ): array {
		$finished = array();
		foreach ( $this->store( $this->settings->get() )->records() as $record ) {
			if ( $record['started'] < $since ) {
				continue;
			}
			$fatal = null;
			if ( null !== $record['fatal'] ) {
				$fatal = array(
					'message' => Secret_Redactor::redact( $record['fatal']['message'] ),
					'file'    => $record['fatal']['file'],
					'line'    => $record['fatal']['line'],
					'plugin'  => self::plugin_of( $record['fatal']['file'] ),
				);
			}
			$finished[] = array(
				'started'     => (int) floor( $record['started'] ),
				'ended'       => (int) floor( $record['ended'] ),
				'pid'         => $record['pid'],
				'method'      => $record['method'],
				'uri'         => $record['uri'],
				'duration_ms' => $record['duration_ms'],
				'peak_memory' => $record['peak_memory'],
				'fatal'       => $fatal,
			);
		}//end foreach
		return $finished;
	}

	/**
	 * Removes everything the recorder wrote (uninstall, or a fresh start).
	 *
	 * @return void
	 */
	public function forget_all(): void {
		$this->store( $this->settings->get() )->remove_all();
	}

	/**
	 * What became of a marker's request: 'live' (still running), 'ended' (finished without removing its
	 * marker), or why it counts as killed: 'pid_gone', 'pid_reused', 'too_old'.
	 *
	 * @param array{started: float, pid: int, moved?: bool} $marker Marker (moved: kept aside by the next request of its pid).
	 * @param int                                           $now    Now.
	 * @return string
	 */
	public function classify( array $marker, int $now ): string {
		$age = $now - $marker['started'];
		if ( ! isset( $this->memo['limit'] ) ) {
			$this->memo['limit'] = max( 0, (int) ( $this->time_limit )() );
		}
		$limit = $this->memo['limit'];
		$limit = 0 === $limit ? self::UNBOUNDED_LIMIT : $limit;
		if ( ! $this->procs->available() ) {
			// Without /proc only the age can tell.
			return $age > $limit + self::GRACE ? 'too_old' : 'live';
		}
		$pid = $marker['pid'];
		if ( ! $this->procs->exists( $pid ) ) {
			return 'pid_gone';
		}
		$started = $this->procs->started_at( $pid );
		$name    = $this->procs->name( $pid );
		// Start times are known to about a second (btime is whole seconds, ticks are 10 ms).
		if ( ( null !== $started && $started > $marker['started'] + 2 ) || ( null !== $name && ! Process_Table::serves_php( $name ) ) ) {
			return 'pid_reused';
		}
		if ( ! empty( $marker['moved'] ) ) {
			// The process that wrote it went on to another request: its shutdown never ran (a php-error.php
			// drop-in that exits, say), but it was not killed.
			return 'ended';
		}
		$fpm = $this->fpm_worker( $pid );
		if ( null !== $fpm && ( 'Idle' === $fpm['state'] || $now - $fpm['request_seconds'] > $marker['started'] + 2 ) ) {
			// Our pool's worker is idle, or serving a newer request: this one is over.
			return 'ended';
		}
		// The same worker still runs it: killed only once well past any limit (max_execution_time counts CPU
		// time on Linux, so a request waiting on the network may outlive it).
		return $age > 2 * $limit + self::GRACE ? 'too_old' : 'live';
	}

	/**
	 * The wall-clock limit of a request here: PHP-FPM's request_terminate_timeout when the running stack
	 * is known, else max_execution_time; 0 for none.
	 *
	 * @return int
	 */
	public static function server_time_limit(): int {
		$limits = array( (int) ini_get( 'max_execution_time' ) );
		$class  = 'Triage\\Incidents\\Stack\\Stack_Discovery';
		if ( class_exists( $class ) ) {
			try {
				$stack = ( new $class() )->discover()->to_array();
				if ( isset( $stack['fpm']['pool']['request_terminate_timeout'] ) && is_int( $stack['fpm']['pool']['request_terminate_timeout'] ) ) {
					$limits[] = $stack['fpm']['pool']['request_terminate_timeout'];
				}
			} catch ( \Throwable $failure ) {
				unset( $failure );
			}
		}
		return max( $limits );
	}

	/**
	 * The plugin a file belongs to (its folder, or a single-file plugin's name), null when none.
	 *
	 * @param string $file File path.
	 * @return string|null
	 */
	public static function plugin_of( string $file ): ?string {
		$file = str_replace( '\\', '/', $file );
		foreach ( array( WP_PLUGIN_DIR, WPMU_PLUGIN_DIR ) as $root ) {
			$root = rtrim( str_replace( '\\', '/', $root ), '/' ) . '/';
			if ( 0 === strpos( $file, $root ) ) {
				$rest = substr( $file, strlen( $root ) );
				$slug = false === strpos( $rest, '/' ) ? preg_replace( '/\.php$/', '', $rest ) : strstr( $rest, '/', true );
				return '' === (string) $slug ? null : (string) $slug;
			}
		}
		return 1 === preg_match( '#/wp-content/(?:mu-)?plugins/([^/]+?)(?:\.php)?(?:/|$)#', $file, $m ) ? $m[1] : null;
	}

	/**
	 * Why the recorder cannot be turned on here, or null.
	 *
	 * @return WP_Error|null
	 */
	private function blocked(): ?WP_Error {
		if ( ! File_Mods::allowed( File_Mods::LOADER ) ) {
			return new WP_Error(
				'triage_recorder_file_mods',
				/* translators: %s: DISALLOW_FILE_MODS. */
				sprintf( __( 'This site does not let administrators install code (%s is set), and the flight recorder is switched in Triage\'s must-use loader, so Triage cannot turn it on. A person with file access can, by editing the loader.', 'triage' ), 'DISALLOW_FILE_MODS' ),
				array( 'status' => 409 )
			);
		}
		$status = $this->installer->status();
		if ( ! $status['writable'] ) {
			return new WP_Error(
				'triage_recorder_loader_not_writable',
				__( 'The must-use plugins folder is not writable, and the flight recorder is switched in Triage\'s must-use loader, so Triage cannot turn it on.', 'triage' ),
				array( 'status' => 409 )
			);
		}
		return null;
	}

	/**
	 * The lines to set by hand in the installed loader to record until a time.
	 *
	 * @param array{until: int, started: int, dir: string, key: string, apcu: bool} $settings Settings.
	 * @return string
	 */
	private function manual( array $settings ): string {
		$until = $settings['until'] > $this->now() ? $settings['until'] : $this->now() + 3600;
		$dir   = '' !== $settings['dir'] ? $settings['dir'] : ( new Private_Directory( Private_Directory::detect_web_root(), WP_CONTENT_DIR ) )->candidate();
		return sprintf(
			/* translators: 1: loader file, 2: the constant lines. */
			__( 'In %1$s, in the class Triage_Flight_Recorder_Loader, set: %2$s (UNTIL is the Unix time recording stops; set it back to 0 to stop).', 'triage' ),
			$this->installer->target(),
			"const UNTIL = {$until}; const DIR = '{$dir}'; const KEY = '" . Recorder_Settings::key_of( $settings ) . "';"
		);
	}

	/**
	 * Until when the installed loader records for these settings, 0 when it does not (missing, older than
	 * the recorder, off, or another key): what visitors' requests actually do, whatever the option says.
	 *
	 * @param array{until: int, started: int, dir: string, key: string, apcu: bool} $settings Settings.
	 * @return int
	 */
	private function loader_until( array $settings ): int {
		$file     = $this->installer->target();
		$contents = is_readable( $file ) ? (string) file_get_contents( $file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		$loader   = Recorder_Settings::read_from_loader( $contents );
		return null !== $loader && '' !== $loader['key'] && $loader['key'] === $settings['key'] ? $loader['until'] : 0;
	}

	/**
	 * This pool's status of a worker: state and how long its current request has run, or null.
	 *
	 * @param int $pid Pid.
	 * @return array{state: string, request_seconds: float}|null
	 */
	private function fpm_worker( int $pid ): ?array {
		if ( ! array_key_exists( 'fpm', $this->memo ) ) {
			$this->memo['fpm'] = ( $this->fpm_status )();
		}
		$status = $this->memo['fpm'];
		if ( ! is_array( $status ) || ! isset( $status['procs'] ) || ! is_array( $status['procs'] ) ) {
			return null;
		}
		foreach ( $status['procs'] as $proc ) {
			if ( is_array( $proc ) && isset( $proc['pid'] ) && (int) $proc['pid'] === $pid ) {
				return array(
					'state'           => isset( $proc['state'] ) ? (string) $proc['state'] : '',
					'request_seconds' => isset( $proc['request-duration'] ) ? (int) $proc['request-duration'] / 1000000 : 0.0,
				);
			}
		}
		return null;
	}

	/**
	 * The store for these settings.
	 *
	 * @param array{until: int, started: int, dir: string, key: string, apcu: bool} $settings Settings.
	 * @return Marker_Store
	 */
	private function store( array $settings ): Marker_Store {
		return new Marker_Store( $settings['dir'], $settings['key'], $settings['apcu'] );
	}

	/**
	 * Now.
	 *
	 * @return int
	 */
	private function now(): int {
		return (int) ( $this->clock )();
	}
}
