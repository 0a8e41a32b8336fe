<?php
/**
 * Reads the $upgrading time out of a .maintenance file without running it.
 *
 * @package Triage
 */

namespace Triage\Maintenance;

defined( 'ABSPATH' ) || exit;

/**
 * The file is PHP that WordPress includes. Triage never includes it: it reads at most 4 KB as text and
 * accepts only the two shapes that mean something certain. Core's upgrader writes
 * `<?php $upgrading = 1700000000; ?>`; maintenance plugins write `<?php $upgrading = time(); ?>`, which
 * keeps the site in maintenance for as long as the file exists. Anything else is "unknown": its effect
 * cannot be known without running it.
 */
final class Maintenance_File {

	/** Bytes read. */
	private const MAX_BYTES = 4096;

	/** Core's form: a fixed time. */
	private const FIXED = '/^\s*<\?php\s+\$upgrading\s*=\s*(\d{1,12})\s*;\s*(?:\?>)?\s*$/D';

	/** The plugins' form: always now. */
	private const ALWAYS = '/^\s*<\?php\s+\$upgrading\s*=\s*time\s*\(\s*\)\s*;\s*(?:\?>)?\s*$/D';

	/**
	 * Parses the file's text.
	 *
	 * @param string $text File contents.
	 * @return array{format: string, upgrading: int|null}
	 */
	public static function parse( string $text ): array {
		if ( 1 === preg_match( self::FIXED, $text, $match ) ) {
			return array(
				'format'    => 'timestamp',
				'upgrading' => (int) $match[1],
			);
		}
		if ( 1 === preg_match( self::ALWAYS, $text ) ) {
			return array(
				'format'    => 'always',
				'upgrading' => null,
			);
		}
		return array(
			'format'    => 'unknown',
			'upgrading' => null,
		);
	}

	/**
	 * Reads and parses a file.
	 *
	 * @param string $path Path.
	 * @return array{format: string, upgrading: int|null, bytes: int, modified: int|null, readable: bool}
	 */
	public static function read( string $path ): array {
		clearstatcache( true, $path );
		$bytes    = (int) @filesize( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a missing or unreadable file is an answer.
		$modified = @filemtime( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- as above.
		$text     = is_readable( $path ) ? file_get_contents( $path, false, null, 0, self::MAX_BYTES ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a small local file, read as text.
		if ( ! is_string( $text ) || $bytes > self::MAX_BYTES ) {
			return array(
				'format'    => 'unknown',
				'upgrading' => null,
				'bytes'     => $bytes,
				'modified'  => false === $modified ? null : (int) $modified,
				'readable'  => is_string( $text ),
			);
		}
		return self::parse( $text ) + array(
			'bytes'    => $bytes,
			'modified' => false === $modified ? null : (int) $modified,
			'readable' => true,
		);
	}
}
