<?php
/**
 * Where PHP errors of this WordPress actually go.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Resolves the debug log path the way wp_debug_mode() does, and compares it with PHP's effective
 * error_log setting: a pool's php_admin_value[error_log] silently wins over WP_DEBUG_LOG.
 */
final class Debug_Log_Location {

	/** Errors go to the file WP_DEBUG_LOG asked for. */
	public const SOURCE_WP_DEBUG_LOG = 'wp_debug_log';

	/** WP_DEBUG_LOG asked for a file, but PHP writes elsewhere (a locked ini setting). */
	public const SOURCE_OVERRIDDEN = 'overridden';

	/** WP_DEBUG_LOG is off; PHP's own error_log setting names a file. */
	public const SOURCE_PHP_INI = 'php_ini';

	/** No file: errors go to the server's log (stderr of PHP-FPM, the web server's error log). */
	public const SOURCE_SERVER = 'server';

	/**
	 * Resolves the configured and effective log paths.
	 *
	 * @return array{expected: ?string, effective: ?string, source: string, log_errors: bool}
	 */
	public function resolve(): array {
		$expected  = $this->expected_path();
		$effective = (string) ini_get( 'error_log' );
		$effective = '' === $effective ? null : $effective;

		if ( null === $effective ) {
			$source = self::SOURCE_SERVER;
		} elseif ( null === $expected ) {
			$source = self::SOURCE_PHP_INI;
		} elseif ( wp_normalize_path( $expected ) === wp_normalize_path( $effective ) ) {
			$source = self::SOURCE_WP_DEBUG_LOG;
		} else {
			$source = self::SOURCE_OVERRIDDEN;
		}

		return array(
			'expected'   => $expected,
			'effective'  => $effective,
			'source'     => $source,
			'log_errors' => (bool) filter_var( ini_get( 'log_errors' ), FILTER_VALIDATE_BOOLEAN ),
		);
	}

	/**
	 * The file WP_DEBUG and WP_DEBUG_LOG ask for, mirroring wp_debug_mode().
	 *
	 * @return string|null Null when they ask for no file.
	 */
	public function expected_path(): ?string {
		if ( ! defined( 'WP_DEBUG' ) || ! WP_DEBUG || ! defined( 'WP_DEBUG_LOG' ) ) {
			return null;
		}
		$setting = WP_DEBUG_LOG;
		if ( in_array( strtolower( (string) $setting ), array( 'true', '1' ), true ) ) {
			return WP_CONTENT_DIR . '/debug.log';
		}
		if ( is_string( $setting ) && '' !== $setting ) {
			return $setting;
		}
		return null;
	}
}
