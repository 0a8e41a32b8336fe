<?php
/**
 * Plugins worth testing first.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use Triage\Logs\Log_Tail_Reader;

defined( 'ABSPATH' ) || exit;

/**
 * Suspects are plugins (and the active theme) named in fatal errors of the PHP error log from the last 24
 * hours and newer than their last update (a fatal error from before an update says nothing about the
 * version now installed), and plugins updated in the last week (Triage records each update as it happens;
 * WordPress keeps no such date, so the main file's modification time counts too).
 */
final class Suspects {

	/** Option: plugin basename => time of its last update (not autoloaded). */
	public const UPDATES_OPTION = 'triage_plugin_updates';

	/** Updates this recent make a suspect. */
	public const RECENT = WEEK_IN_SECONDS;

	/** Bytes at the end of the log read for fatal errors. */
	public const LOG_BYTES = 262144;

	/** Newest fatal errors looked at. */
	public const FATALS = 50;

	/** Fatal errors older than this name no suspect. */
	public const FATAL_WINDOW = DAY_IN_SECONDS;

	/**
	 * Reads the log's newest entries with their attribution; null when only recording updates.
	 *
	 * @var Log_Tail_Reader|null
	 */
	private $reader;

	/**
	 * Takes its collaborator.
	 *
	 * @param Log_Tail_Reader|null $reader Tail reader with attribution (needed by find()).
	 */
	public function __construct( ?Log_Tail_Reader $reader = null ) {
		$this->reader = $reader;
	}

	/**
	 * Hooks the update recorder.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'upgrader_process_complete', array( $this, 'record_update' ), 10, 2 );
	}

	/**
	 * Remembers when plugins were updated.
	 *
	 * @param mixed $upgrader Upgrader (unused).
	 * @param mixed $extra    Hook data: type, action, plugins.
	 * @return void
	 */
	public function record_update( $upgrader, $extra ): void {
		if ( ! is_array( $extra ) || ! isset( $extra['type'], $extra['action'] ) || 'plugin' !== $extra['type'] || 'update' !== $extra['action'] ) {
			return;
		}
		$plugins = isset( $extra['plugins'] ) ? (array) $extra['plugins'] : ( isset( $extra['plugin'] ) ? array( $extra['plugin'] ) : array() );
		$updates = get_option( self::UPDATES_OPTION );
		$updates = is_array( $updates ) ? $updates : array();
		foreach ( $plugins as $plugin ) {
			$updates[ (string) $plugin ] = time();
		}
		arsort( $updates );
		update_option( self::UPDATES_OPTION, array_slice( $updates, 0, 100, true ), false );
	}

	/**
	 * Suspects among the candidates, strongest first.
	 *
	 * @param string[]    $candidates Candidate ids (plugin basenames, theme:<stylesheet>).
	 * @param string|null $log_file   PHP error log, if any.
	 * @param int         $now        Current time.
	 * @param string      $template   The active theme's parent folder, if any (its errors count for the theme).
	 * @return array<int, array{id: string, reason: string, at: ?int}>
	 */
	public function find( array $candidates, ?string $log_file, int $now, string $template = '' ): array {
		$suspects = array();
		foreach ( $this->named_in_fatals( $log_file ) as $key => $when ) {
			list( $type, $folder ) = explode( ':', $key, 2 );
			$id                    = Candidates::id_for( $type, $folder, $candidates, $template );
			if ( null === $id || isset( $suspects[ $id ] ) || null === $when || $when < $now - self::FATAL_WINDOW || $when < $this->last_update( $id ) ) {
				continue;
			}
			$suspects[ $id ] = array(
				'id'     => $id,
				'reason' => 'fatal',
				'at'     => $when,
			);
		}
		$updates = get_option( self::UPDATES_OPTION );
		foreach ( is_array( $updates ) ? $updates : array() as $id => $time ) {
			if ( ! isset( $suspects[ $id ] ) && in_array( $id, $candidates, true ) && (int) $time > $now - self::RECENT ) {
				$suspects[ $id ] = array(
					'id'     => (string) $id,
					'reason' => 'updated',
					'at'     => (int) $time,
				);
			}
		}
		return array_values( $suspects );
	}

	/**
	 * When a candidate was last updated: Triage's record of the update, or the modification time of the
	 * plugin's main file (the theme's style.css), whichever is newer; 0 when neither is known.
	 *
	 * @param string $id Candidate id.
	 * @return int
	 */
	public function last_update( string $id ): int {
		$updates  = get_option( self::UPDATES_OPTION );
		$recorded = is_array( $updates ) && isset( $updates[ $id ] ) ? (int) $updates[ $id ] : 0;
		if ( Candidates::is_theme( $id ) ) {
			$stylesheet = substr( $id, strlen( Candidates::THEME_PREFIX ) );
			$file       = get_theme_root( $stylesheet ) . '/' . $stylesheet . '/style.css';
		} else {
			$file = WP_PLUGIN_DIR . '/' . $id;
		}
		clearstatcache( true, $file );
		$modified = 0 === validate_file( $id ) && is_file( $file ) ? (int) filemtime( $file ) : 0;
		return max( $recorded, $modified );
	}

	/**
	 * Plugin and theme folders that caused fatal errors near the end of the log, newest first: the log's
	 * own tail reader and attribution, bounded to the last LOG_BYTES.
	 *
	 * @param string|null $log_file Log file.
	 * @return array<string, int|null> "plugin:<folder>" (or single-file plugin name) or "theme:<folder>" => time of its newest fatal error.
	 */
	private function named_in_fatals( ?string $log_file ): array {
		if ( null === $this->reader || null === $log_file || ! is_file( $log_file ) || ! is_readable( $log_file ) ) {
			return array();
		}
		$handle = @fopen( $log_file, 'rb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- reads a log; failure means no suspects.
		if ( false === $handle ) {
			return array();
		}
		$tail = $this->reader->tail(
			$handle,
			array(
				'limit'    => self::FATALS,
				'severity' => array( 'fatal', 'parse' ),
				'max_scan' => self::LOG_BYTES,
			)
		);
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- pairs the fopen above.
		$folders = array();
		foreach ( $tail['entries'] as $entry ) {
			$culprit = isset( $entry['attribution'] ) ? $entry['attribution'] : null;
			if ( ! is_array( $culprit ) || ! in_array( $culprit['type'], array( 'plugin', 'theme' ), true ) || '' === $culprit['slug'] ) {
				continue;
			}
			$key = $culprit['type'] . ':' . $culprit['slug'];
			if ( ! isset( $folders[ $key ] ) ) {
				$folders[ $key ] = isset( $entry['time'] ) ? $entry['time'] : null;
			}
		}
		return $folders;
	}
}
