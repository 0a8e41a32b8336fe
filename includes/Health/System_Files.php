<?php
/**
 * Bounded, warning-free reads of system files (/proc, /etc).
 *
 * @package Triage
 */

namespace Triage\Health;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Reads files under a root (the real "/" in production, a fixture folder in tests), never more than a
 * cap, and turns open_basedir refusals and permission errors into WP_Error instead of PHP warnings.
 */
final class System_Files {

	public const MAX_BYTES = 262144;

	/**
	 * Prefix put in front of every absolute path.
	 *
	 * @var string
	 */
	private $root;

	/**
	 * Takes the root; '' means the real file system.
	 *
	 * @param string $root Root folder without a trailing slash.
	 */
	public function __construct( string $root = '' ) {
		$this->root = rtrim( $root, '/' );
	}

	/**
	 * The root folder ('' for the real file system), so stack discovery reads the same tree.
	 *
	 * @return string
	 */
	public function root(): string {
		return $this->root;
	}

	/**
	 * Reads a file, at most $max_bytes of it.
	 *
	 * @param string $path      Absolute path, e.g. /proc/meminfo.
	 * @param int    $max_bytes Cap.
	 * @return string|WP_Error
	 */
	public function read( string $path, int $max_bytes = self::MAX_BYTES ) {
		$full    = $this->root . $path;
		$warning = '';
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- turns warnings into a WP_Error, restored below.
			static function ( $errno, $message ) use ( &$warning ) {
				$warning = $message;
				return true;
			}
		);
		try {
			$readable = is_file( $full ) && is_readable( $full );
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a bounded local read; WP_Filesystem is for writes.
			$content = $readable ? file_get_contents( $full, false, null, 0, max( 1, $max_bytes ) ) : false;
		} finally {
			restore_error_handler();
		}
		if ( false === $content ) {
			return new WP_Error(
				'triage_file_unreadable',
				'' !== $warning
					/* translators: 1: file path, 2: PHP's message. */
					? sprintf( __( '%1$s cannot be read: %2$s', 'triage' ), $path, $warning )
					/* translators: %s: file path. */
					: sprintf( __( '%s does not exist or is not readable by the PHP user.', 'triage' ), $path )
			);
		}
		return $content;
	}

	/**
	 * Paths matching a glob pattern, at most $max of them, without the root prefix.
	 *
	 * @param string $pattern Absolute pattern, e.g. /etc/nginx/sites-enabled/*.
	 * @param int    $max     Cap.
	 * @return string[]
	 */
	public function glob( string $pattern, int $max = 50 ): array {
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- open_basedir makes glob() warn.
			static function () {
				return true;
			}
		);
		try {
			$matches = glob( $this->root . $pattern );
		} finally {
			restore_error_handler();
		}
		if ( ! is_array( $matches ) ) {
			return array();
		}
		$length = strlen( $this->root );
		$paths  = array();
		foreach ( array_slice( $matches, 0, $max ) as $match ) {
			$paths[] = substr( $match, $length );
		}
		return $paths;
	}
}
