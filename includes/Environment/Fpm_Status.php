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
	 * Forgets the answer (tests), and optionally sets what stands in for fpm_get_status().
	 *
	 * @param callable|null $reader Returns what fpm_get_status() would; PHP's own when null.
	 * @return void
	 */
	public static function reset( ?callable $reader = null ): void {
		self::$asked  = false;
		self::$status = null;
		self::$reader = $reader;
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
