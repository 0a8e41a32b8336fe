<?php
/**
 * The flight recorder's switch: stored in an option, written into the must-use loader's installed copy.
 *
 * @package Triage
 */

namespace Triage\Incidents\Recorder;

use Triage\Storage\Network_Storage;

defined( 'ABSPATH' ) || exit;

/**
 * The option is the record of what an administrator asked for (network-wide, like the loader it drives);
 * the loader cannot read it (that would be a query on every request), so Loader_Installer writes its values
 * into the loader's constants each time it writes the loader. The key names the site's markers with 128
 * random bits: file names in a private folder nginx may serve cannot be guessed, and APCu keys stay apart
 * from other sites on the same pool.
 *
 * @phpstan-type Settings array{until: int, started: int, dir: string, key: string, apcu: bool}
 */
final class Recorder_Settings {

	public const OPTION = 'triage_flight_recorder';

	/**
	 * Where the option lives.
	 *
	 * @var Network_Storage
	 */
	private $storage;

	/**
	 * Takes the storage.
	 *
	 * @param Network_Storage|null $storage Storage; the network's when null.
	 */
	public function __construct( ?Network_Storage $storage = null ) {
		$this->storage = $storage ?? new Network_Storage();
	}

	/**
	 * The stored settings (off when none).
	 *
	 * @return array{until: int, started: int, dir: string, key: string, apcu: bool}
	 */
	public function get(): array {
		$stored = $this->storage->get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		$key    = isset( $stored['key'] ) && is_string( $stored['key'] ) && 1 === preg_match( '/^[a-f0-9]{32}$/', $stored['key'] ) ? $stored['key'] : '';
		return array(
			'until'   => isset( $stored['until'] ) ? max( 0, (int) $stored['until'] ) : 0,
			'started' => isset( $stored['started'] ) ? max( 0, (int) $stored['started'] ) : 0,
			'dir'     => isset( $stored['dir'] ) && is_string( $stored['dir'] ) ? $stored['dir'] : '',
			'key'     => $key,
			'apcu'    => ! empty( $stored['apcu'] ),
		);
	}

	/**
	 * Stores settings (not autoloaded: only Triage's screens and the installer read them).
	 *
	 * @param array{until: int, started: int, dir: string, key: string, apcu: bool} $settings Settings.
	 * @return void
	 */
	public function save( array $settings ): void {
		$this->storage->update_option( self::OPTION, $settings, false );
	}

	/**
	 * The key, made once.
	 *
	 * @param array{until: int, started: int, dir: string, key: string, apcu: bool} $settings Settings.
	 * @return string
	 */
	public static function key_of( array $settings ): string {
		return '' !== $settings['key'] ? $settings['key'] : bin2hex( random_bytes( 16 ) );
	}

	/**
	 * The loader's source with the recorder's constants set. A recorder that is off keeps its key and
	 * folder (the loader ignores them while UNTIL is 0).
	 *
	 * @param string                                                                $source   Loader source.
	 * @param array{until: int, started: int, dir: string, key: string, apcu: bool} $settings Settings.
	 * @return string
	 */
	public static function apply_to_loader( string $source, array $settings ): string {
		// Only a folder path PHP can write as a plain literal, and a hex key: nothing else reaches the file.
		$dir    = self::writable_as_literal( $settings['dir'] ) ? $settings['dir'] : '';
		$values = array(
			'UNTIL' => (string) $settings['until'],
			'DIR'   => "'" . $dir . "'",
			'KEY'   => "'" . ( 1 === preg_match( '/^[a-f0-9]{32}$/', $settings['key'] ) ? $settings['key'] : '' ) . "'",
			'APCU'  => $settings['apcu'] ? 'true' : 'false',
		);
		$class  = strpos( $source, 'final class Triage_Flight_Recorder_Loader' );
		if ( false === $class ) {
			return $source;
		}
		$head = substr( $source, 0, $class );
		$tail = substr( $source, $class );
		foreach ( $values as $name => $literal ) {
			// The first declaration of each constant in the recorder's class, whatever value it has now.
			$tail = (string) preg_replace( '/^(\t\tconst ' . $name . ' = )[^;\n]*;/m', '${1}' . str_replace( array( '\\', '$' ), array( '\\\\', '\\$' ), $literal ) . ';', $tail, 1 );
		}
		return $head . $tail;
	}

	/**
	 * Whether a folder path can go into the loader as a plain single-quoted literal (no quote, backslash
	 * or control character).
	 *
	 * @param string $dir Path.
	 * @return bool
	 */
	public static function writable_as_literal( string $dir ): bool {
		return 1 === preg_match( '#^[^\x00-\x1f\'\\\\]*$#', $dir );
	}

	/**
	 * The recorder's constants in a loader file's contents (what the installed copy does), or null when the
	 * file has no recorder.
	 *
	 * @param string $contents Loader contents.
	 * @return array{until: int, dir: string, key: string, apcu: bool}|null
	 */
	public static function read_from_loader( string $contents ): ?array {
		$class = strpos( $contents, 'final class Triage_Flight_Recorder_Loader' );
		if ( false === $class ) {
			return null;
		}
		$tail = substr( $contents, $class );
		$get  = static function ( string $name ) use ( $tail ): string {
			return 1 === preg_match( '/^\t\tconst ' . $name . ' = ([^;\n]*);/m', $tail, $m ) ? trim( $m[1] ) : '';
		};
		return array(
			'until' => (int) $get( 'UNTIL' ),
			'dir'   => trim( $get( 'DIR' ), "'" ),
			'key'   => trim( $get( 'KEY' ), "'" ),
			'apcu'  => 'true' === $get( 'APCU' ),
		);
	}
}
