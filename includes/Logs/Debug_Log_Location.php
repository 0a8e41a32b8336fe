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
	 * The file this site's WP_DEBUG and WP_DEBUG_LOG ask for.
	 *
	 * @return string|null Null when they ask for no file.
	 */
	public function expected_path(): ?string {
		return self::path_for(
			defined( 'WP_DEBUG' ) && WP_DEBUG,
			defined( 'WP_DEBUG_LOG' ) ? WP_DEBUG_LOG : false,
			WP_CONTENT_DIR
		);
	}

	/**
	 * The file given debug settings ask for, mirroring wp_debug_mode().
	 *
	 * @param bool   $wp_debug     WP_DEBUG.
	 * @param mixed  $wp_debug_log WP_DEBUG_LOG: true, "true", "1" or 1 mean wp-content/debug.log; a string is a path.
	 * @param string $content_dir  WP_CONTENT_DIR.
	 * @return string|null Null when they ask for no file.
	 */
	public static function path_for( bool $wp_debug, $wp_debug_log, string $content_dir ): ?string {
		if ( ! $wp_debug || ! is_scalar( $wp_debug_log ) ) {
			return null;
		}
		if ( in_array( strtolower( (string) $wp_debug_log ), array( 'true', '1' ), true ) ) {
			return $content_dir . '/debug.log';
		}
		if ( is_string( $wp_debug_log ) && '' !== $wp_debug_log ) {
			return $wp_debug_log;
		}
		return null;
	}
}
