<?php
/**
 * PHP functions and settings the checks read, behind one seam.
 *
 * @package Triage
 */

namespace Triage\Health;

use Triage\Environment\Fpm_Status;

defined( 'ABSPATH' ) || exit;

/**
 * Calls PHP functions only when they exist and are not disabled, so a locked-down host yields `unknown`
 * rather than a fatal error. Tests pass overrides to reproduce hosts this machine is not (PHP-FPM, OPcache).
 */
final class Runtime {

	/**
	 * Replacements by function name.
	 *
	 * @var array<string, callable>
	 */
	private $overrides;

	/**
	 * Names in disable_functions, parsed once.
	 *
	 * @var string[]|null
	 */
	private $disabled = null;

	/**
	 * Takes optional overrides (function name => callable).
	 *
	 * @param array<string, callable> $overrides Overrides.
	 */
	public function __construct( array $overrides = array() ) {
		$this->overrides = $overrides;
	}

	/**
	 * Whether a function can be called here (an override named "disable_functions" replaces the ini list).
	 *
	 * @param string $name Function name.
	 * @return bool
	 */
	public function can( string $name ): bool {
		if ( isset( $this->overrides[ $name ] ) ) {
			return true;
		}
		return function_exists( $name ) && ! $this->listed_disabled( $name );
	}

	/**
	 * Whether disable_functions names a function.
	 *
	 * @param string $name Function name.
	 * @return bool
	 */
	private function listed_disabled( string $name ): bool {
		if ( null === $this->disabled ) {
			$list           = isset( $this->overrides['disable_functions'] ) ? call_user_func( $this->overrides['disable_functions'] ) : ini_get( 'disable_functions' );
			$this->disabled = array_filter( array_map( 'trim', explode( ',', (string) $list ) ) );
		}
		return in_array( $name, $this->disabled, true );
	}

	/**
	 * Calls a function, or returns null when it cannot be called or fails with a warning.
	 *
	 * @param string $name      Function name.
	 * @param mixed  ...$args   Arguments.
	 * @return mixed|null
	 */
	public function call( string $name, ...$args ) {
		if ( 'fpm_get_status' === $name && ! isset( $this->overrides[ $name ] ) ) {
			// Asked once per request for everyone: many calls in one request crash PHP-FPM 8.2 workers.
			return $this->listed_disabled( $name ) ? null : Fpm_Status::current();
		}
		if ( ! $this->can( $name ) ) {
			return null;
		}
		$callable = isset( $this->overrides[ $name ] ) ? $this->overrides[ $name ] : $name;
		if ( ! is_callable( $callable ) ) {
			return null;
		}
		// Some of these warn instead of failing cleanly (open_basedir, permissions); a warning is an answer of "unknown".
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- scoped to this call, restored below.
			static function () {
				return true;
			}
		);
		try {
			$result = call_user_func_array( $callable, $args );
		} catch ( \Throwable $error ) {
			$result = null;
		} finally {
			restore_error_handler();
		}
		return $result;
	}

	/**
	 * An ini setting (overridable as "ini_get").
	 *
	 * @param string $name Setting.
	 * @return string
	 */
	public function ini( string $name ): string {
		$value = $this->call( 'ini_get', $name );
		return is_string( $value ) ? $value : '';
	}

	/**
	 * The server API (overridable as "php_sapi_name").
	 *
	 * @return string
	 */
	public function sapi(): string {
		$sapi = $this->call( 'php_sapi_name' );
		return is_string( $sapi ) ? $sapi : PHP_SAPI;
	}

	/**
	 * PHP's version (overridable as "phpversion").
	 *
	 * @return string
	 */
	public function php_version(): string {
		$version = $this->call( 'phpversion' );
		return is_string( $version ) ? $version : PHP_VERSION;
	}

	/**
	 * This request's server variables (overridable as "server_vars"), for headers a proxy added.
	 *
	 * @return array<string, mixed>
	 */
	public function server_vars(): array {
		$vars = isset( $this->overrides['server_vars'] ) ? call_user_func( $this->overrides['server_vars'] ) : $_SERVER;
		return is_array( $vars ) ? $vars : array();
	}

	/**
	 * The current time (overridable as "time"), so tests can pin "now".
	 *
	 * @return int
	 */
	public function now(): int {
		$now = $this->call( 'time' );
		return is_int( $now ) ? $now : time();
	}
}
