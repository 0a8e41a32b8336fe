<?php
/**
 * Clears a log by archiving it: the file is renamed, never deleted.
 *
 * @package Triage
 */

namespace Triage\Logs;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Renames the live log to `<name>.<YYYYmmdd-HHMMSS>-<128 random bits>` in the same directory (one atomic rename:
 * a writer appends either to the old file or to a new one, and no line is lost), starts an empty log with
 * the same permissions, and keeps the newest archives only. The random part keeps archives in a public
 * directory (wp-content) from being guessed.
 */
final class Log_Archiver {

	/** Archives kept per log. */
	public const KEEP = 5;

	/**
	 * Archives a log, or says what would happen.
	 *
	 * @param string $path    Resolved path of the live log.
	 * @param bool   $dry_run Only describe.
	 * @param int    $keep    Archives to keep.
	 * @return array{dry_run: bool, archived: bool, archive: string, bytes: int, removed: array<int, string>, kept: int}|WP_Error
	 */
	public function archive( string $path, bool $dry_run = false, int $keep = self::KEEP ) {
		$dir = dirname( $path );
		if ( ! is_file( $path ) || is_link( $path ) ) {
			return new WP_Error( 'triage_log_not_file', __( 'Only a regular log file can be archived.', 'triage' ), array( 'status' => 422 ) );
		}
		if ( ! wp_is_writable( $dir ) ) {
			return new WP_Error( 'triage_log_dir_read_only', __( 'The log\'s folder is read-only for PHP, so the log cannot be archived. Nothing was changed.', 'triage' ), array( 'status' => 409 ) );
		}
		clearstatcache( true, $path );
		$bytes = (int) filesize( $path );
		$perms = fileperms( $path );
		$name  = basename( $path ) . '.' . gmdate( 'Ymd-His' ) . '-' . bin2hex( random_bytes( 16 ) );
		$old   = $this->archives( $path );
		// Once this one is added, the oldest beyond $keep go.
		$removed = array_slice( $old, max( 0, $keep - 1 ) );

		if ( $dry_run ) {
			return array(
				'dry_run'  => true,
				'archived' => false,
				'archive'  => $name,
				'bytes'    => $bytes,
				'removed'  => array_map( 'basename', $removed ),
				'kept'     => $keep,
			);
		}

		$target = $dir . '/' . $name;
		if ( file_exists( $target ) || ! @rename( $path, $target ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.rename_rename -- the failure becomes a clear error; WP_Filesystem's move is not atomic.
			return new WP_Error( 'triage_log_archive_failed', __( 'The log could not be renamed; it is unchanged.', 'triage' ), array( 'status' => 500 ) );
		}
		clearstatcache();
		if ( ! is_file( $target ) || filesize( $target ) < $bytes ) {
			return new WP_Error( 'triage_log_archive_unverified', __( 'The log was renamed but the archive could not be verified; check the folder.', 'triage' ), array( 'status' => 500 ) );
		}

		// A fresh empty log with the same permissions; if a writer already created one, leave it.
		if ( ! file_exists( $path ) ) {
			$handle = @fopen( $path, 'x' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- 'x' fails harmlessly if a writer won the race.
			if ( false !== $handle ) {
				fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
				if ( false !== $perms ) {
					chmod( $path, $perms & 0777 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_chmod
				}
			}
		}

		foreach ( $removed as $file ) {
			wp_delete_file( $file );
		}

		return array(
			'dry_run'  => false,
			'archived' => true,
			'archive'  => $name,
			'bytes'    => $bytes,
			'removed'  => array_map( 'basename', $removed ),
			'kept'     => $keep,
		);
	}

	/**
	 * Existing archives of a log, newest first.
	 *
	 * @param string $path Live log path.
	 * @return array<int, string>
	 */
	public function archives( string $path ): array {
		$base  = basename( $path );
		$found = array();
		$files = scandir( dirname( $path ) );
		foreach ( false === $files ? array() : $files as $file ) {
			if ( preg_match( '/^' . preg_quote( $base, '/' ) . '\.\d{8}-\d{6}-(?:[0-9a-f]{8}|[0-9a-f]{32})$/', $file ) ) {
				$found[] = dirname( $path ) . '/' . $file;
			}
		}
		rsort( $found );
		// The time stamp sorts as text.
		return $found;
	}
}
