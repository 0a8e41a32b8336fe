<?php
/**
 * Class autoloader for the Triage\ namespace.
 *
 * @package Triage
 */

namespace Triage;

defined( 'ABSPATH' ) || exit;

/**
 * Maps Triage\Sub\Class_Name to includes/Sub/Class_Name.php.
 */
final class Autoloader {

	private const PREFIX = 'Triage\\';

	/**
	 * Registers the autoloader for classes under the given directory.
	 *
	 * @param string $base_dir Absolute path of includes/.
	 * @return void
	 */
	public static function register( string $base_dir ): void {
		spl_autoload_register(
			static function ( string $class_name ) use ( $base_dir ): void {
				if ( 0 !== strpos( $class_name, self::PREFIX ) ) {
					return;
				}
				$relative = substr( $class_name, strlen( self::PREFIX ) );
				// Class names are code, never input; the pattern still keeps odd names from reaching the file system.
				if ( ! preg_match( '/^[A-Za-z0-9_\\\\]+$/', $relative ) ) {
					return;
				}
				$file = $base_dir . '/' . str_replace( '\\', '/', $relative ) . '.php';
				if ( is_readable( $file ) ) {
					require_once $file;
				}
			}
		);
	}
}
