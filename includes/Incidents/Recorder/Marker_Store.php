<?php
/**
 * Reads (and cleans up) what the loader's flight recorder wrote: markers of requests in flight, records of
 * slow or fatal requests.
 *
 * @package Triage
 */

namespace Triage\Incidents\Recorder;

use Triage\Safe_Mode\Safe_Mode_Sessions;
use Triage_Flight_Recorder_Loader;

defined( 'ABSPATH' ) || exit;

/**
 * Both places the loader may write to: files in the private folder (recorder_<pid>_<n>-<key>.run for a
 * marker, recorder_<pid>-<key>.done for a worker's records; the names match what the uninstaller removes)
 * and APCu (triage_rec_<key>_m_<pid>_<n>, and a ring triage_rec_<key>_f_<slot>). APCu is only visible from
 * a process of the same pool, so the command line sees the files only.
 *
 * @phpstan-type Marker array{id: string, started: float, pid: int, method: string, uri: string, logged_in: bool, store: string, where: string, moved: bool}
 * @phpstan-type Record array{started: float, ended: float, pid: int, method: string, uri: string, duration_ms: int, peak_memory: int, fatal: array{message: string, file: string, line: int}|null}
 */
final class Marker_Store {

	/** Most markers read at once (each is a file or key); the rest wait for the clean-up. */
	public const MAX_MARKERS = 2000;

	/** Most records returned. */
	public const MAX_RECORDS = 500;

	/** Markers and records older than this (seconds) are removed: the longest recording plus a day. */
	public const RETENTION = 691200;

	/**
	 * Private folder, '' for none.
	 *
	 * @var string
	 */
	private $dir;

	/**
	 * Site key (32 hex).
	 *
	 * @var string
	 */
	private $key;

	/**
	 * Whether to read APCu.
	 *
	 * @var bool
	 */
	private $apcu;

	/**
	 * Takes where to look.
	 *
	 * @param string $dir  Private folder ('' for none).
	 * @param string $key  Site key.
	 * @param bool   $apcu Whether to read APCu too (when this process has it).
	 */
	public function __construct( string $dir, string $key, bool $apcu ) {
		Safe_Mode_Sessions::load_codec();
		$this->dir  = rtrim( $dir, '/' );
		$this->key  = $key;
		$this->apcu = $apcu && function_exists( 'apcu_enabled' ) && apcu_enabled() && class_exists( 'APCUIterator' );
	}

	/**
	 * The markers, oldest first.
	 *
	 * @return array<int, array{id: string, started: float, pid: int, method: string, uri: string, logged_in: bool, store: string, where: string, moved: bool}>
	 */
	public function markers(): array {
		if ( 1 !== preg_match( '/^[a-f0-9]{32}$/', $this->key ) ) {
			return array();
		}
		$markers = array();
		// A worker's file (recorder_<pid>-<key>.run, empty between requests; recorder_<pid>_<n> on threaded
		// servers), and markers its next request found still there and kept aside (.left).
		foreach ( $this->files( '/^' . preg_quote( Triage_Flight_Recorder_Loader::FILE_PREFIX, '/' ) . '(\d+(?:_\d+)?-' . $this->key . '\.(?:run|left))$/' ) as $id => $file ) {
			$line   = @file_get_contents( $file, false, null, 0, 8192 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a marker may vanish as its request ends.
			$marker = false === $line ? null : self::parse_marker( $line );
			if ( null !== $marker ) {
				$markers[] = $marker + array(
					'id'    => 'f' . $id,
					'store' => 'file',
					'where' => $file,
					'moved' => '.left' === substr( $file, -5 ),
				);
			}
		}
		if ( $this->apcu ) {
			$prefix = Triage_Flight_Recorder_Loader::APCU_PREFIX . $this->key . '_m_';
			foreach ( new \APCUIterator( '/^' . preg_quote( $prefix, '/' ) . '/', APC_ITER_KEY | APC_ITER_VALUE, 100 ) as $key => $item ) {
				$marker = is_array( $item ) && isset( $item['value'] ) && is_string( $item['value'] ) ? self::parse_marker( $item['value'] ) : null;
				if ( null !== $marker && count( $markers ) < self::MAX_MARKERS ) {
					$markers[] = $marker + array(
						'id'    => 'a' . substr( (string) $key, strlen( $prefix ) ),
						'store' => 'apcu',
						'where' => (string) $key,
						'moved' => false,
					);
				}
			}
		}
		usort(
			$markers,
			static function ( array $a, array $b ): int {
				return array( $a['started'], $a['id'] ) <=> array( $b['started'], $b['id'] );
			}
		);
		return $markers;
	}

	/**
	 * The records of slow or fatal requests, newest first, at most MAX_RECORDS.
	 *
	 * @return array<int, array{started: float, ended: float, pid: int, method: string, uri: string, duration_ms: int, peak_memory: int, fatal: array{message: string, file: string, line: int}|null}>
	 */
	public function records(): array {
		if ( 1 !== preg_match( '/^[a-f0-9]{32}$/', $this->key ) ) {
			return array();
		}
		$records = array();
		foreach ( $this->files( '/^' . preg_quote( Triage_Flight_Recorder_Loader::FILE_PREFIX, '/' ) . '(\d+)-' . $this->key . '\.done$/' ) as $file ) {
			$lines = @file( $file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- may vanish in a clean-up.
			foreach ( false === $lines ? array() : $lines as $line ) {
				$record = self::parse_record( $line );
				if ( null !== $record ) {
					$records[] = $record;
				}
			}
		}
		if ( $this->apcu ) {
			$prefix = Triage_Flight_Recorder_Loader::APCU_PREFIX . $this->key . '_f_';
			foreach ( new \APCUIterator( '/^' . preg_quote( $prefix, '/' ) . '\d+$/', APC_ITER_VALUE, 100 ) as $item ) {
				$record = is_array( $item ) && isset( $item['value'] ) && is_string( $item['value'] ) ? self::parse_record( $item['value'] ) : null;
				if ( null !== $record ) {
					$records[] = $record;
				}
			}
		}
		usort(
			$records,
			static function ( array $a, array $b ): int {
				return $b['started'] <=> $a['started'];
			}
		);
		return array_slice( $records, 0, self::MAX_RECORDS );
	}

	/**
	 * Removes one marker (a stale one whose request is known to have ended).
	 *
	 * @param array{store: string, where: string} $marker Marker.
	 * @return void
	 */
	public function forget( array $marker ): void {
		if ( 'apcu' === $marker['store'] ) {
			if ( $this->apcu ) {
				apcu_delete( $marker['where'] );
			}
			return;
		}
		if ( '' !== $this->dir && 0 === strpos( $marker['where'], $this->dir . '/' ) && is_file( $marker['where'] ) ) {
			wp_delete_file( $marker['where'] );
		}
	}

	/**
	 * Removes markers and record files older than RETENTION, then the oldest markers past MAX_MARKERS.
	 *
	 * @param int $now Now.
	 * @return int How many were removed.
	 */
	public function clean_up( int $now ): int {
		$removed = 0;
		$markers = $this->markers();
		foreach ( $markers as $i => $marker ) {
			if ( $marker['started'] < $now - self::RETENTION || $i < count( $markers ) - self::MAX_MARKERS ) {
				$this->forget( $marker );
				++$removed;
			}
		}
		if ( 1 === preg_match( '/^[a-f0-9]{32}$/', $this->key ) ) {
			// Empty worker files idle for an hour (most belong to workers long gone): a worker that is still
			// there creates its file again at its next request.
			foreach ( $this->files( '/^' . preg_quote( Triage_Flight_Recorder_Loader::FILE_PREFIX, '/' ) . '(\d+(?:_\d+)?)-' . $this->key . '\.run$/' ) as $file ) {
				clearstatcache( true, $file );
				$modified = @filemtime( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- may vanish.
				if ( 0 === @filesize( $file ) && false !== $modified && $modified < $now - 3600 ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- may vanish.
					wp_delete_file( $file );
					++$removed;
				}
			}
			foreach ( $this->files( '/^' . preg_quote( Triage_Flight_Recorder_Loader::FILE_PREFIX, '/' ) . '(\d+)-' . $this->key . '\.done$/' ) as $file ) {
				$modified = @filemtime( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- may vanish.
				if ( false !== $modified && $modified < $now - self::RETENTION ) {
					wp_delete_file( $file );
					++$removed;
				}
			}
		}
		return $removed;
	}

	/**
	 * Removes everything the recorder wrote for this key (files; APCu keys expire on their own but go too).
	 *
	 * @return void
	 */
	public function remove_all(): void {
		foreach ( $this->markers() as $marker ) {
			$this->forget( $marker );
		}
		if ( 1 === preg_match( '/^[a-f0-9]{32}$/', $this->key ) ) {
			foreach ( $this->files( '/^' . preg_quote( Triage_Flight_Recorder_Loader::FILE_PREFIX, '/' ) . '(\d+)-' . $this->key . '\.done$/' ) as $file ) {
				wp_delete_file( $file );
			}
		}
		if ( $this->apcu ) {
			apcu_delete( new \APCUIterator( '/^' . preg_quote( Triage_Flight_Recorder_Loader::APCU_PREFIX . $this->key . '_', '/' ) . '/', APC_ITER_KEY ) );
		}
	}

	/**
	 * Files of the private folder whose name matches, by the first capture group, at most MAX_MARKERS.
	 *
	 * @param string $pattern Pattern with one group.
	 * @return array<string, string> Group => path.
	 */
	private function files( string $pattern ): array {
		if ( '' === $this->dir || ! is_dir( $this->dir ) ) {
			return array();
		}
		$handle = @opendir( $this->dir ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- unreadable is nothing to read.
		if ( false === $handle ) {
			return array();
		}
		$found = array();
		$count = 0;
		while ( $count < self::MAX_MARKERS && false !== ( $entry = readdir( $handle ) ) ) { // phpcs:ignore Generic.CodeAnalysis.AssignmentInCondition.FoundInWhileCondition -- the readdir() idiom.
			if ( 1 === preg_match( $pattern, $entry, $m ) ) {
				$found[ $m[1] ] = $this->dir . '/' . $entry;
				++$count;
			}
		}
		closedir( $handle );
		return $found;
	}

	/**
	 * A marker line, or null when it is not one (a half-written file).
	 *
	 * @param string $line Line.
	 * @return array{started: float, pid: int, method: string, uri: string, logged_in: bool}|null
	 */
	public static function parse_marker( string $line ): ?array {
		$fields = explode( "\t", rtrim( $line, "\n" ), 6 );
		if ( 6 !== count( $fields ) || 'v1' !== $fields[0] || ! is_numeric( $fields[1] ) || ! ctype_digit( $fields[2] ) || 1 !== preg_match( '/^[A-Z]{1,12}$/', $fields[3] ) ) {
			return null;
		}
		return array(
			'started'   => (float) $fields[1],
			'pid'       => (int) $fields[2],
			'method'    => $fields[3],
			'uri'       => $fields[5],
			'logged_in' => '1' === $fields[4],
		);
	}

	/**
	 * A record line, or null.
	 *
	 * @param string $line JSON.
	 * @return array{started: float, ended: float, pid: int, method: string, uri: string, duration_ms: int, peak_memory: int, fatal: array{message: string, file: string, line: int}|null}|null
	 */
	public static function parse_record( string $line ): ?array {
		$data = json_decode( $line, true );
		if ( ! is_array( $data ) || ! isset( $data['started'], $data['ended'], $data['pid'], $data['method'], $data['uri'], $data['duration_ms'], $data['peak_memory'] ) ) {
			return null;
		}
		$fatal = null;
		if ( isset( $data['fatal'] ) && is_array( $data['fatal'] ) ) {
			$fatal = array(
				'message' => isset( $data['fatal']['message'] ) ? (string) $data['fatal']['message'] : '',
				'file'    => isset( $data['fatal']['file'] ) ? (string) $data['fatal']['file'] : '',
				'line'    => isset( $data['fatal']['line'] ) ? (int) $data['fatal']['line'] : 0,
			);
		}
		return array(
			'started'     => (float) $data['started'],
			'ended'       => (float) $data['ended'],
			'pid'         => (int) $data['pid'],
			'method'      => (string) $data['method'],
			'uri'         => (string) $data['uri'],
			'duration_ms' => (int) $data['duration_ms'],
			'peak_memory' => (int) $data['peak_memory'],
			'fatal'       => $fatal,
		);
	}
}
