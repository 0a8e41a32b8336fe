<?php
/**
 * PHP-FPM's status of the pool serving this request, asked once per request.
 *
 * @package Triage
 */

namespace Triage\Environment;

defined( 'ABSPATH' ) || exit;

/**
 * The one place Triage calls fpm_get_status(). PHP-FPM 8.2 crashes workers (signal 11, a 502 for the
 * visitor) when a request calls it many times while a dynamic pool is spawning children, so every reader
 * (the health checks, stack discovery, incidents, the flight recorder) shares this request's single answer.
 */
final class Fpm_Status {

	/**
	 * Whether this request has asked already.
	 *
	 * @var bool
	 */
	private static $asked = false;

	/**
	 * The answer: the status array, or null outside PHP-FPM or when fpm_get_status() cannot be called.
	 *
	 * @var array<string, mixed>|null
	 */
	private static $status = null;

	/**
	 * Replaces fpm_get_status() in tests; null for PHP's own.
	 *
	 * @var callable|null
	 */
	private static $reader = null;

	/**
	 * The pool named by this worker's process title, once read (false: not read yet).
	 *
	 * @var string|null|false
	 */
	private static $pool = false;

	/**
	 * Replaces reading /proc/self/cmdline in tests; null for the real file.
	 *
	 * @var callable|null
	 */
	private static $title = null;

	/**
	 * Why PHP-FPM was not asked although it could have been, or null.
	 *
	 * @var string|null
	 */
	private static $skipped = null;

	/**
	 * Replaces reading the start times of this pool's workers in tests; null for /proc.
	 *
	 * @var callable|null
	 */
	private static $ages = null;

	/**
	 * Returns the process manager of this request's pool (static, dynamic, ondemand) or null; null for the
	 * running stack's own answer.
	 *
	 * @var callable|null
	 */
	private static $manager = null;

	/** A worker of this pool younger than this (seconds) means the pool is spawning: PHP-FPM is not asked. */
	private const SPAWN_QUIET_SECONDS = 5;

	/**
	 * This request's pool status, or null outside PHP-FPM (WP-CLI, mod_php), when the function is missing
	 * or disabled, or when it failed. Calls fpm_get_status() at most once per request.
	 *
	 * @return array<string, mixed>|null
	 */
	public static function current(): ?array {
		if ( ! self::$asked ) {
			self::$asked  = true;
			self::$status = self::ask();
		}
		return self::$status;
	}

	/**
	 * The name of the pool serving this request, or null outside PHP-FPM. Read from the worker's process
	 * title ("php-fpm: pool www") when it can be, so that what needs only the name never calls
	 * fpm_get_status(): even one call can crash the worker while the pool spawns children (PHP-FPM's
	 * scoreboard race, php-src issues 18595 and 19974).
	 *
	 * @return string|null
	 */
	public static function pool(): ?string {
		if ( false === self::$pool ) {
			self::$pool = self::pool_from_title();
		}
		if ( null !== self::$pool ) {
			return self::$pool;
		}
		$status = self::current();
		return is_array( $status ) && isset( $status['pool'] ) ? (string) $status['pool'] : null;
	}

	/**
	 * Forgets the answers (tests), and optionally sets what stands in for fpm_get_status() and for the
	 * worker's process title.
	 *
	 * @param callable|null $reader Returns what fpm_get_status() would; PHP's own when null.
	 * @param callable|null $title  Returns the process's cmdline; /proc/self/cmdline under PHP-FPM when null.
	 * @param callable|null $ages    Returns the ages in seconds of this pool's workers; read from /proc when null.
	 * @param callable|null $manager Returns the pool's process manager; the running stack's pool when null.
	 * @return void
	 */
	public static function reset( ?callable $reader = null, ?callable $title = null, ?callable $ages = null, ?callable $manager = null ): void {
		self::$asked   = false;
		self::$status  = null;
		self::$reader  = $reader;
		self::$pool    = false;
		self::$title   = $title;
		self::$skipped = null;
		self::$ages    = $ages;
		self::$manager = $manager;
	}

	/**
	 * Why this request did not ask PHP-FPM although it could (the pool was spawning workers), or null.
	 *
	 * @return string|null
	 */
	public static function skipped(): ?string {
		self::current();
		return self::$skipped;
	}

	/**
	 * The pool in the process title PHP-FPM gives its workers, or null.
	 *
	 * @return string|null
	 */
	private static function pool_from_title(): ?string {
		if ( null !== self::$title ) {
			$cmdline = call_user_func( self::$title );
		} elseif ( 'fpm-fcgi' === PHP_SAPI && is_readable( '/proc/self/cmdline' ) ) {
			$cmdline = file_get_contents( '/proc/self/cmdline' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local pseudo-file.
		} else {
			return null;
		}
		return is_string( $cmdline ) && preg_match( '/^php-fpm: pool ([^\s\x00]+)/', $cmdline, $m ) ? $m[1] : null;
	}

	/**
	 * Asks PHP-FPM (or the test's reader), quietly: a warning is an answer of "unknown".
	 *
	 * @return array<string, mixed>|null
	 */
	private static function ask(): ?array {
		$call = self::$reader;
		if ( null === $call ) {
			if ( 'fpm-fcgi' !== PHP_SAPI || ! function_exists( 'fpm_get_status' ) || self::disabled() ) {
				return null;
			}
			$call = 'fpm_get_status';
		}
		$manager = self::process_manager();
		if ( 'static' !== $manager ) {
			self::$skipped = null === $manager
				? __( 'Triage could not read which process manager this pool uses, and asks PHP-FPM for its status only under pm = static: with dynamic or ondemand workers, fpm_get_status() can crash the worker that calls it (a 502). What happened, read from the logs, shows a saturated pool.', 'triage' )
				/* translators: %s: process manager (dynamic or ondemand). */
				: sprintf( __( 'This pool uses pm = %s. Triage asks PHP-FPM for its status only under pm = static: while a pool spawns workers, fpm_get_status() can crash the worker that calls it (a 502). What happened, read from the logs, shows a saturated pool.', 'triage' ), $manager );
			return null;
		}
		$youngest = self::youngest_worker_age();
		if ( null !== $youngest && $youngest < self::SPAWN_QUIET_SECONDS ) {
			self::$skipped = sprintf(
				/* translators: %d: seconds. */
				__( 'PHP-FPM started a worker %d s ago: while a pool spawns workers, fpm_get_status() can crash the worker that calls it (a 502), so Triage did not ask. Reload in a few seconds.', 'triage' ),
				$youngest
			);
			return null;
		}
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- scoped to this call, restored below.
			static function () {
				return true;
			}
		);
		try {
			$status = call_user_func( $call );
		} catch ( \Throwable $error ) {
			$status = null;
		} finally {
			restore_error_handler();
		}
		return is_array( $status ) ? $status : null;
	}

	/**
	 * The process manager of the pool serving this request, from its configuration, or null.
	 *
	 * @return string|null
	 */
	private static function process_manager(): ?string {
		if ( null !== self::$manager ) {
			$pm = call_user_func( self::$manager );
			return is_string( $pm ) ? $pm : null;
		}
		if ( null !== self::$reader ) {
			// A test's stand-in status: no real pool to protect.
			return 'static';
		}
		if ( ! class_exists( \Triage\Incidents\Stack\Stack_Discovery::class ) ) {
			return null;
		}
		$pool = ( new \Triage\Incidents\Stack\Stack_Discovery() )->discover()->pool();
		return is_array( $pool ) && isset( $pool['pm'] ) && is_string( $pool['pm'] ) && '' !== $pool['pm'] ? strtolower( $pool['pm'] ) : null;
	}

	/**
	 * Seconds since the youngest worker of this request's pool started (this worker and its siblings: the
	 * children of the same master), or null when /proc cannot tell (then PHP-FPM is asked as before).
	 *
	 * @return int|null
	 */
	private static function youngest_worker_age(): ?int {
		if ( null !== self::$ages ) {
			$ages = call_user_func( self::$ages );
			return is_array( $ages ) && array() !== $ages ? (int) min( $ages ) : null;
		}
		if ( null !== self::$reader ) {
			return null;
		}
		$uptime = @file_get_contents( '/proc/uptime' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local pseudo-file; hidden /proc is an answer.
		$self   = self::stat( 'self' );
		if ( ! is_string( $uptime ) || null === $self ) {
			return null;
		}
		// USER_HZ: 100 on every Linux architecture PHP-FPM runs on.
		$hertz  = 100;
		$now    = (float) $uptime * $hertz;
		$master = $self['ppid'];
		$starts = array( $self['start'] );
		$list   = @file_get_contents( '/proc/' . $master . '/task/' . $master . '/children' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local pseudo-file.
		if ( is_string( $list ) ) {
			foreach ( array_slice( array_filter( explode( ' ', trim( $list ) ), 'ctype_digit' ), 0, 256 ) as $pid ) {
				$stat = self::stat( $pid );
				if ( null !== $stat ) {
					$starts[] = $stat['start'];
				}
			}
		}
		return (int) max( 0, floor( ( $now - max( $starts ) ) / $hertz ) );
	}

	/**
	 * The parent pid and start time (clock ticks after boot) of a process, from /proc/<pid>/stat.
	 *
	 * @param string $pid Pid or "self".
	 * @return array{ppid: int, start: int}|null
	 */
	private static function stat( string $pid ): ?array {
		$stat = @file_get_contents( '/proc/' . $pid . '/stat' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local pseudo-file.
		if ( ! is_string( $stat ) ) {
			return null;
		}
		// The command name (field 2) may hold spaces and parentheses: the fields after the last ")" are plain.
		$fields = explode( ' ', trim( (string) substr( $stat, (int) strrpos( $stat, ')' ) + 2 ) ) );
		if ( ! isset( $fields[19] ) ) {
			return null;
		}
		return array(
			'ppid'  => (int) $fields[1],
			'start' => (int) $fields[19],
		);
	}

	/**
	 * Whether disable_functions names fpm_get_status.
	 *
	 * @return bool
	 */
	private static function disabled(): bool {
		$list = array_map( 'trim', explode( ',', (string) ini_get( 'disable_functions' ) ) );
		return in_array( 'fpm_get_status', $list, true );
	}
}
