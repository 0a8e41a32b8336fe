<?php
/**
 * The site's wp-config.php as Triage reads, backs up and replaces it.
 *
 * @package Triage
 */

namespace Triage\Config;

use Triage\Files\Atomic_Writer;
use Triage\Files\File_Mods;
use Triage\Files\Private_Directory;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Reads only a file that exists, is readable, is small and parses; writes only a new file that parses,
 * atomically (Triage never edits in place), after a backup in the private folder, of which the newest
 * three are kept: each holds the database password, and three undo the last changes.
 */
final class Config_File {

	public const KEEP_BACKUPS = 3;

	/** Files larger than this (wp-config.php is a few kilobytes) are not read. */
	public const MAX_BYTES = 1048576;

	/**
	 * Finds the file where WordPress looks for it.
	 *
	 * @var Config_Locator
	 */
	private $locator;

	/**
	 * Replaces the file atomically.
	 *
	 * @var Atomic_Writer
	 */
	private $writer;

	/**
	 * Holds the backups.
	 *
	 * @var Private_Directory
	 */
	private $private_dir;

	/**
	 * Takes its collaborators.
	 *
	 * @param Config_Locator    $locator     Locator.
	 * @param Atomic_Writer     $writer      Writer.
	 * @param Private_Directory $private_dir Private directory for the backups.
	 */
	public function __construct( Config_Locator $locator, Atomic_Writer $writer, Private_Directory $private_dir ) {
		$this->locator     = $locator;
		$this->writer      = $writer;
		$this->private_dir = $private_dir;
	}

	/**
	 * Where the file is and what the web server may do with it.
	 *
	 * @return array<string, mixed> Config_Locator::locate()'s shape.
	 */
	public function locate(): array {
		return $this->locator->locate();
	}

	/**
	 * What the Debug tab shows about the file.
	 *
	 * @param array<string, mixed> $file Config_Locator::locate() result.
	 * @return array{found: bool, path: string, real_path: string, symlink: bool, readable: bool, writable: bool, directory_writable: bool, owner: string, permissions: string, disallowed_by: string|null}
	 */
	public static function describe( array $file ): array {
		return array(
			'found'              => $file['found'],
			'path'               => null === $file['path'] ? '' : $file['path'],
			'real_path'          => null === $file['real_path'] ? '' : $file['real_path'],
			'symlink'            => $file['symlink'],
			'readable'           => $file['readable'],
			'writable'           => $file['writable'],
			'directory_writable' => $file['directory_writable'],
			'owner'              => $file['owner'],
			'permissions'        => $file['permissions'],
			'disallowed_by'      => File_Mods::disallowed_by( File_Mods::CONFIG ),
		);
	}

	/**
	 * A WP_Error when the file cannot be replaced, or the site forbids administrators to change files,
	 * with the lines to add by hand.
	 *
	 * @param array<string, mixed> $file   Config_Locator::locate() result.
	 * @param string               $manual The define() lines the change would write.
	 * @return WP_Error|null
	 */
	public static function unwritable( array $file, string $manual ): ?WP_Error {
		$refused = File_Mods::refusal( File_Mods::CONFIG, $manual );
		if ( null !== $refused ) {
			return $refused;
		}
		if ( $file['writable'] && $file['directory_writable'] ) {
			return null;
		}
		$message = $file['writable']
			/* translators: %s: folder. */
			? sprintf( __( 'The folder %s is not writable by the web server, so wp-config.php cannot be replaced safely (Triage never edits it in place). Add these lines by hand:', 'triage' ), dirname( (string) $file['real_path'] ) )
			/* translators: %s: file owner and permissions. */
			: sprintf( __( 'wp-config.php is read-only for the web server (%s). Triage respects that and changes nothing. Add these lines by hand:', 'triage' ), trim( $file['owner'] . ' ' . $file['permissions'] ) );
		return new WP_Error(
			'triage_config_read_only',
			$message,
			array(
				'status' => 409,
				'manual' => $manual,
			)
		);
	}

	/**
	 * The contents of a located file for display, or null when it cannot or should not be read.
	 *
	 * @param array<string, mixed> $file Config_Locator::locate() result.
	 * @return string|null
	 */
	public function peek( array $file ): ?string {
		if ( ! $file['found'] || ! $file['readable'] || $file['size'] > self::MAX_BYTES ) {
			return null;
		}
		$source = file_get_contents( (string) $file['real_path'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		return false === $source ? null : $source;
	}

	/**
	 * Reads the file for an edit.
	 *
	 * @return array{0: array<string, mixed>, 1: string}|WP_Error The locator result and the contents.
	 */
	public function load() {
		$file = $this->locator->locate();
		if ( ! $file['found'] ) {
			return new WP_Error( 'triage_config_not_found', __( 'Triage cannot find wp-config.php where WordPress looks for it (the WordPress folder, or the folder above it).', 'triage' ), array( 'status' => 404 ) );
		}
		if ( ! $file['readable'] ) {
			return new WP_Error( 'triage_config_unreadable', __( 'wp-config.php exists but the web server cannot read it.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( $file['size'] > self::MAX_BYTES ) {
			return new WP_Error( 'triage_config_too_large', __( 'wp-config.php is larger than 1 MB; Triage does not edit it.', 'triage' ), array( 'status' => 409 ) );
		}
		$source = file_get_contents( (string) $file['real_path'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		if ( false === $source ) {
			return new WP_Error( 'triage_config_unreadable', __( 'wp-config.php exists but the web server cannot read it.', 'triage' ), array( 'status' => 409 ) );
		}
		$valid = Config_Parser::validate( $source );
		if ( true !== $valid ) {
			return new WP_Error(
				'triage_config_invalid',
				/* translators: %s: PHP parser message. */
				sprintf( __( 'wp-config.php does not parse as it is (%s); Triage will not edit it.', 'triage' ), $valid ),
				array( 'status' => 409 )
			);
		}
		return array( $file, $source );
	}

	/**
	 * Backs the file up, then replaces it.
	 *
	 * @param string $path   File.
	 * @param string $source New contents.
	 * @return array{path: string, bytes: int, backup: string|null}|WP_Error
	 */
	public function write( string $path, string $source ) {
		// Callers check first (with the lines to change by hand); this keeps any new caller from writing.
		$refused = File_Mods::refusal( File_Mods::CONFIG, '' );
		if ( null !== $refused ) {
			return $refused;
		}
		$dir = $this->private_dir->resolve();
		if ( is_wp_error( $dir ) ) {
			return $dir;
		}
		$written = $this->writer->write( $path, $source, $dir['path'], array( Config_Parser::class, 'validate' ) );
		if ( ! is_wp_error( $written ) ) {
			$this->prune_backups( $dir['path'], basename( $written['path'] ) );
		}
		return $written;
	}

	/**
	 * Puts the previous contents back after a change broke the site (the backup already holds them).
	 *
	 * @param string $path   File.
	 * @param string $source Previous contents.
	 * @return array{path: string, bytes: int, backup: string|null}|WP_Error
	 */
	public function put_back( string $path, string $source ) {
		return $this->writer->write( $path, $source, null, array( Config_Parser::class, 'validate' ) );
	}

	/**
	 * Keeps the newest backups of the file (names sort by date) and deletes older ones.
	 *
	 * @param string $dir  Backup directory.
	 * @param string $name File name the backups are of.
	 * @return void
	 */
	private function prune_backups( string $dir, string $name ): void {
		$backups = glob( $dir . '/' . $name . '.*.bak' );
		if ( ! is_array( $backups ) || count( $backups ) <= self::KEEP_BACKUPS ) {
			return;
		}
		sort( $backups );
		foreach ( array_slice( $backups, 0, count( $backups ) - self::KEEP_BACKUPS ) as $old ) {
			wp_delete_file( $old );
		}
	}
}
