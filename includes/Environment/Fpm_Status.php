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
	 * @return void
	 */
	public static function reset( ?callable $reader = null, ?callable $title = null ): void {
		self::$asked  = false;
		self::$status = null;
		self::$reader = $reader;
		self::$pool   = false;
		self::$title  = $title;
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
	 * Whether disable_functions names fpm_get_status.
	 *
	 * @return bool
	 */
	private static function disabled(): bool {
		$list = array_map( 'trim', explode( ',', (string) ini_get( 'disable_functions' ) ) );
		return in_array( 'fpm_get_status', $list, true );
	}
}
