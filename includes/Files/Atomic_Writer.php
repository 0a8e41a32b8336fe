<?php
/**
 * Writes a file so that readers only ever see the old or the new contents, never half of either.
 *
 * @package Triage
 */

namespace Triage\Files;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Temp file in the same directory, given the original's mode while still empty (so a 0600 wp-config.php
 * never has a more readable copy), every byte written and flushed (fsync where PHP has it), re-read and
 * compared, owner copied from the original when running as root, then rename() over it, which is atomic on
 * one file system. The original is backed up first when a backup directory is given; backups are readable
 * by their owner only. On any failure the temp file is removed and the original is left exactly as it was.
 *
 * The two seams exist for fault-injection tests and nothing else: $step_hook runs at each step (a test
 * throws from it, or removes the directory, to simulate a crash or a vanished directory), and $fwrite
 * replaces fwrite() (a test returns fewer bytes, as a full disk does).
 */
final class Atomic_Writer {

	/** After the temp file is complete and verified, just before the rename. */
	public const STEP_BEFORE_RENAME = 'before_rename';

	/** Before the temp file is created. */
	public const STEP_BEFORE_TEMP = 'before_temp';

	/** Largest file this writer accepts, in bytes: wp-config.php and loaders are a few kilobytes. */
	public const MAX_BYTES = 4194304;

	/**
	 * Called as ( string $step, string $temp_path, string $target ) at each step.
	 *
	 * @var callable|null
	 */
	private $step_hook;

	/**
	 * Replacement for fwrite(), called as ( resource $handle, string $bytes ): int|false.
	 *
	 * @var callable|null
	 */
	private $fwrite;

	/**
	 * Takes the optional test seams.
	 *
	 * @param callable|null $step_hook Step observer.
	 * @param callable|null $fwrite    fwrite() replacement.
	 */
	public function __construct( ?callable $step_hook = null, ?callable $fwrite = null ) {
		$this->step_hook = $step_hook;
		$this->fwrite    = $fwrite;
	}

	/**
	 * Replaces (or creates) $path with $content.
	 *
	 * @param string        $path       Target file. A symlink is followed: its target is replaced, the link kept.
	 * @param string        $content    New contents.
	 * @param string|null   $backup_dir Directory for a copy of the original; null for none.
	 * @param callable|null $validate   Called with the new contents; returns true or a message, checked before anything is written.
	 * @return array{path: string, bytes: int, backup: string|null}|WP_Error
	 */
	public function write( string $path, string $content, ?string $backup_dir = null, ?callable $validate = null ) {
		if ( strlen( $content ) > self::MAX_BYTES ) {
			return $this->error( 'triage_write_too_large', __( 'The new contents are too large to write.', 'triage' ) );
		}
		if ( null !== $validate ) {
			$valid = $validate( $content );
			if ( true !== $valid ) {
				return $this->error(
					'triage_write_invalid',
					/* translators: %s: why the contents are invalid. */
					sprintf( __( 'Nothing was written: the new contents would not be valid (%s).', 'triage' ), (string) $valid ),
					422
				);
			}
		}

		$target = $path;
		if ( is_link( $path ) ) {
			$resolved = realpath( $path );
			if ( false === $resolved ) {
				return $this->error( 'triage_write_broken_link', __( 'The file is a symbolic link to a file that does not exist.', 'triage' ) );
			}
			$target = $resolved;
		}
		$dir = dirname( $target );
		if ( ! is_dir( $dir ) ) {
			return $this->error( 'triage_write_no_directory', __( 'The folder of the file does not exist.', 'triage' ), 404 );
		}
		$exists   = file_exists( $target );
		$original = null;
		if ( $exists ) {
			$original = file_get_contents( $target ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
			if ( false === $original ) {
				return $this->error( 'triage_write_unreadable', __( 'The file cannot be read.', 'triage' ) );
			}
		}

		$backup = null;
		if ( null !== $backup_dir && null !== $original ) {
			// Date and microseconds first, so that backup names sort oldest to newest; then 128 random bits, since
			// the private folder may be under wp-content on a server that ignores its .htaccess (nginx).
			$now    = microtime( true );
			$backup = $backup_dir . '/' . basename( $target ) . '.' . gmdate( 'Ymd-His', (int) $now ) . sprintf( '%06d', (int) ( ( $now - floor( $now ) ) * 1000000 ) ) . '-' . bin2hex( random_bytes( 16 ) ) . '.bak';
			$saved  = $this->write_temp_and_rename( $backup, $original, $target, true );
			if ( is_wp_error( $saved ) ) {
				return $this->error(
					'triage_write_backup_failed',
					/* translators: %s: the underlying error. */
					sprintf( __( 'Nothing was changed: the backup could not be written (%s).', 'triage' ), $saved->get_error_message() )
				);
			}
		}

		$written = $this->write_temp_and_rename( $target, $content, $exists ? $target : null );
		if ( is_wp_error( $written ) ) {
			if ( null !== $backup ) {
				wp_delete_file( $backup );
			}
			return $written;
		}
		if ( function_exists( 'opcache_invalidate' ) ) {
			// The next request must run the new file, not a cached copy of the old one.
			opcache_invalidate( $target, true );
		}
		return array(
			'path'   => $target,
			'bytes'  => strlen( $content ),
			'backup' => $backup,
		);
	}

	/**
	 * The core sequence: temp, mode, write, flush, verify, owner, rename, verify.
	 *
	 * @param string      $target     File to replace or create.
	 * @param string      $content    Contents.
	 * @param string|null $reference  Existing file whose mode and owner to keep.
	 * @param bool        $for_backup A backup: the reference's mode narrowed to its owner.
	 * @return true|WP_Error
	 */
	private function write_temp_and_rename( string $target, string $content, ?string $reference, bool $for_backup = false ) {
		$dir  = dirname( $target );
		$temp = $dir . '/.' . basename( $target ) . '.triage-' . bin2hex( random_bytes( 6 ) ) . '.tmp';
		try {
			$this->step( self::STEP_BEFORE_TEMP, $temp, $target );
			if ( ! is_dir( $dir ) || ! wp_is_writable( $dir ) ) {
				return $this->error( 'triage_write_directory_not_writable', __( 'The folder of the file does not exist or is not writable, so it cannot be replaced safely.', 'triage' ) );
			}
			// phpcs:disable WordPress.WP.AlternativeFunctions -- WP_Filesystem has no exclusive create, flush or rename with these guarantees.
			$handle = @fopen( $temp, 'xb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- failure is reported as a WP_Error.
			if ( false === $handle ) {
				return $this->error( 'triage_write_temp_failed', __( 'A temporary file could not be created next to the file.', 'triage' ) );
			}
			// The mode is set while the file is still empty: a wp-config.php kept at 0600 never has a readable copy.
			$mode = $this->mode_for( $reference, $for_backup );
			if ( null !== $mode && ! chmod( $temp, $mode ) ) {
				fclose( $handle );
				$this->remove( $temp );
				return $this->error( 'triage_write_temp_failed', __( 'A temporary file could not be given the permissions of the file it replaces.', 'triage' ) );
			}
			$total  = 0;
			$length = strlen( $content );
			while ( $total < $length ) {
				$chunk = substr( $content, $total, 65536 );
				$wrote = null === $this->fwrite ? @fwrite( $handle, $chunk ) : call_user_func( $this->fwrite, $handle, $chunk ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
				if ( false === $wrote || 0 === $wrote ) {
					break;
				}
				$total += $wrote;
			}
			$flushed = fflush( $handle );
			if ( function_exists( 'fsync' ) ) {
				$flushed = fsync( $handle ) && $flushed; // phpcs:ignore PHPCompatibility.FunctionUse.NewFunctions.fsyncFound -- guarded by function_exists().
			}
			fclose( $handle );
			// phpcs:enable
			if ( $total !== $length || ! $flushed ) {
				$this->remove( $temp );
				return $this->error( 'triage_write_short', __( 'The disk did not take all the bytes (is it full?). Nothing was changed.', 'triage' ), 507 );
			}
			if ( file_get_contents( $temp ) !== $content ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
				$this->remove( $temp );
				return $this->error( 'triage_write_verify_failed', __( 'The temporary file did not read back as written. Nothing was changed.', 'triage' ) );
			}
			$this->keep_owner( $temp, $reference );
			$this->step( self::STEP_BEFORE_RENAME, $temp, $target );
			if ( ! @rename( $temp, $target ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.rename_rename -- atomic replace.
				$this->remove( $temp );
				return $this->error( 'triage_write_rename_failed', __( 'The file could not be replaced. Nothing was changed.', 'triage' ) );
			}
			clearstatcache( true, $target );
			if ( file_get_contents( $target ) !== $content ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
				return $this->error( 'triage_write_verify_failed', __( 'The file did not read back as written after it was replaced.', 'triage' ) );
			}
		} catch ( \Throwable $failure ) {
			$this->remove( $temp );
			return $this->error(
				'triage_write_interrupted',
				/* translators: %s: what went wrong. */
				sprintf( __( 'Writing was interrupted (%s). Nothing was changed.', 'triage' ), $failure->getMessage() )
			);
		}//end try
		return true;
	}

	/**
	 * The mode a temp file gets before any content: the original's (a backup: the original's, for its
	 * owner only), or null for a new file (the umask's default, as any new file).
	 *
	 * @param string|null $reference  Original.
	 * @param bool        $for_backup For a backup.
	 * @return int|null
	 */
	private function mode_for( ?string $reference, bool $for_backup ): ?int {
		if ( null === $reference ) {
			return $for_backup ? 0600 : null;
		}
		clearstatcache( true, $reference );
		$perms = file_exists( $reference ) ? fileperms( $reference ) : false;
		if ( false === $perms ) {
			// Unknown: the narrowest mode that still lets the owner read it.
			return 0600;
		}
		return $for_backup ? ( ( $perms & 0600 ) | 0400 ) : $perms & 07777;
	}

	/**
	 * Gives the temp file the original's owner when we may.
	 *
	 * @param string      $temp      Temp file.
	 * @param string|null $reference Original.
	 * @return void
	 */
	private function keep_owner( string $temp, ?string $reference ): void {
		if ( null === $reference || ! file_exists( $reference ) ) {
			return;
		}
		// Only root may give a file away; everyone else creates files they own, as the original was.
		if ( function_exists( 'posix_geteuid' ) && 0 === posix_geteuid() ) {
			$owner = fileowner( $reference );
			$group = filegroup( $reference );
			if ( false !== $owner ) {
				chown( $temp, $owner ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_chown
			}
			if ( false !== $group ) {
				chgrp( $temp, $group ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_chgrp
			}
		}
	}

	/**
	 * Runs the test seam, if any.
	 *
	 * @param string $step   Step.
	 * @param string $temp   Temp path.
	 * @param string $target Target path.
	 * @return void
	 */
	private function step( string $step, string $temp, string $target ): void {
		if ( null !== $this->step_hook ) {
			call_user_func( $this->step_hook, $step, $temp, $target );
		}
	}

	/**
	 * Removes a temp file if it is there.
	 *
	 * @param string $temp Temp path.
	 * @return void
	 */
	private function remove( string $temp ): void {
		if ( file_exists( $temp ) ) {
			wp_delete_file( $temp );
		}
	}

	/**
	 * A write failure.
	 *
	 * @param string $code    Code.
	 * @param string $message Message.
	 * @param int    $status  HTTP status.
	 * @return WP_Error
	 */
	private function error( string $code, string $message, int $status = 500 ): WP_Error {
		return new WP_Error( $code, $message, array( 'status' => $status ) );
	}
}
