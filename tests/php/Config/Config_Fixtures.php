<?php
/**
 * The wp-config.php corpus: the committed LF bases and the CRLF and BOM variants derived from them.
 *
 * @package Triage
 */

/**
 * Names a variant like the file it stands for ("odd-spacing-crlf.php") and builds its bytes from the base.
 */
final class Config_Fixtures {

	const DIR = __DIR__ . '/fixtures';

	/**
	 * Variant suffixes and how each turns a base's LF bytes into the variant's.
	 *
	 * @return array<string, callable(string): string>
	 */
	public static function variants() {
		return array(
			''      => static function ( $source ) {
				return $source;
			},
			'-crlf' => static function ( $source ) {
				return str_replace( "\n", "\r\n", $source );
			},
			'-bom'  => static function ( $source ) {
				return "\xEF\xBB\xBF" . $source;
			},
		);
	}

	/**
	 * Expected outcome of each profile, by base name ("default-install").
	 *
	 * @return array<string, array<string, string>>
	 */
	public static function expected() {
		return json_decode( file_get_contents( self::DIR . '/expected.json' ), true );
	}

	/**
	 * Every variant's file name ("odd-spacing.php", "odd-spacing-crlf.php", "odd-spacing-bom.php") and outcomes.
	 *
	 * @return array<string, array<string, string>>
	 */
	public static function files() {
		$files = array();
		foreach ( self::expected() as $base => $outcomes ) {
			foreach ( array_keys( self::variants() ) as $suffix ) {
				$files[ $base . $suffix . '.php' ] = $outcomes;
			}
		}
		ksort( $files );
		return $files;
	}

	/**
	 * The bytes of a variant, read from its base.
	 *
	 * @param string $file Variant file name.
	 * @return string
	 */
	public static function source( $file ) {
		$name = basename( $file, '.php' );
		foreach ( array_reverse( self::variants() ) as $suffix => $derive ) {
			$base = substr( $name, 0, strlen( $name ) - strlen( $suffix ) );
			if ( substr( $name, strlen( $base ) ) === $suffix && is_file( self::DIR . '/' . $base . '.php' ) ) {
				return $derive( file_get_contents( self::DIR . '/' . $base . '.php' ) );
			}
		}
		throw new InvalidArgumentException( "No corpus base for $file." );
	}
}
