<?php
/**
 * Real log files for the log tests, in temporary directories that are removed afterwards.
 *
 * @package Triage
 */

/**
 * Log fixtures.
 */
final class Log_Fixtures {

	/**
	 * Directories made, removed at shutdown.
	 *
	 * @var array<int, string>
	 */
	private static $dirs = array();

	/**
	 * A fresh temporary directory.
	 *
	 * @return string Path without a trailing slash.
	 */
	public static function dir() {
		$dir = get_temp_dir() . 'triage-logs-' . getmypid() . '-' . count( self::$dirs ) . '-' . wp_generate_password( 6, false );
		mkdir( $dir, 0700 );
		if ( ! self::$dirs ) {
			register_shutdown_function( array( __CLASS__, 'clean' ) );
		}
		self::$dirs[] = $dir;
		return $dir;
	}

	/**
	 * Writes a file and returns its path.
	 *
	 * @param string $name    File name.
	 * @param string $content Content.
	 * @param string $dir     Directory; a fresh one when empty.
	 * @return string
	 */
	public static function write( $name, $content, $dir = '' ) {
		$path = ( '' === $dir ? self::dir() : $dir ) . '/' . $name;
		file_put_contents( $path, $content );
		return $path;
	}

	/**
	 * A PHP-style log line.
	 *
	 * @param string $text    What follows the time stamp.
	 * @param int    $minutes Minutes after 2026-11-20 10:00 UTC.
	 * @return string
	 */
	public static function line( $text, $minutes = 0 ) {
		return '[' . gmdate( 'd-M-Y H:i:s', strtotime( '2026-11-20 10:00:00 UTC' ) + 60 * $minutes ) . ' UTC] ' . $text . "\n";
	}

	/**
	 * Id of a PHP log source every auth-matrix request can use, through the documented filter: the data
	 * provider asks first, and the matrix test again in set_up(), so the file and the filter are there
	 * even after another test removed temp files or restored the hooks without it.
	 *
	 * @return string
	 */
	public static function matrix_source_id() {
		static $path = '', $candidates = null;
		// Made again when an earlier test removed it (a test that empties temp folders or resets hooks).
		if ( '' === $path || ! file_exists( $path ) ) {
			$path = self::write( 'matrix.log', self::line( 'PHP Warning:  Undefined variable $x in ' . WP_PLUGIN_DIR . '/hello.php on line 3' ) );
		}
		if ( null === $candidates ) {
			$candidates = static function ( $candidates ) use ( &$path ) {
				$candidates['test-matrix'] = array(
					'label'  => 'Test log',
					'layout' => 'php',
					'kind'   => 'php',
					'paths'  => array( $path ),
				);
				return $candidates;
			};
		}
		if ( false === has_filter( 'triage_log_source_candidates', $candidates ) ) {
			add_filter( 'triage_log_source_candidates', $candidates );
		}
		return 'test-matrix';
	}

	/**
	 * Removes every directory made.
	 *
	 * @return void
	 */
	public static function clean() {
		foreach ( self::$dirs as $dir ) {
			if ( is_dir( $dir ) ) {
				$items = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $dir, FilesystemIterator::SKIP_DOTS ), RecursiveIteratorIterator::CHILD_FIRST );
				foreach ( $items as $item ) {
					if ( $item->isDir() && ! $item->isLink() ) {
						rmdir( $item->getPathname() );
					} else {
						unlink( $item->getPathname() );
					}
				}
				rmdir( $dir );
			}
		}
		self::$dirs = array();
	}
}
