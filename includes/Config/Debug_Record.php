<?php
/**
 * What Triage changed in wp-config.php, kept until the profile is switched off.
 *
 * @package Triage
 */

namespace Triage\Config;

use Triage\Storage\Network_Storage;

defined( 'ABSPATH' ) || exit;

/**
 * The record in the option `triage_debug_mode`: the profile, the original statement text and the text
 * Triage wrote per constant (`edits`), the private log file, the last backup and the expiry. One record
 * per installation, because a network shares one wp-config.php.
 */
final class Debug_Record {

	public const OPTION = 'triage_debug_mode';

	/**
	 * Where the record is kept.
	 *
	 * @var Network_Storage
	 */
	private $storage;

	/**
	 * Takes its storage.
	 *
	 * @param Network_Storage $storage Network-wide on multisite.
	 */
	public function __construct( Network_Storage $storage ) {
		$this->storage = $storage;
	}

	/**
	 * The active record, or null (also when what is stored is not a record).
	 *
	 * @return array<string, mixed>|null Keys: profile, started_at, expires_at, edits, log_file, backup, file, failed
	 *                                   (only the first three are checked here).
	 */
	public function get(): ?array {
		$record = $this->storage->get_option( self::OPTION );
		return is_array( $record ) && isset( $record['profile'], $record['edits'], $record['expires_at'] ) ? $record : null;
	}

	/**
	 * Stores the record, autoloaded: the admin-request expiry check then reads it from memory.
	 *
	 * @param array<string, mixed> $record Record.
	 * @return void
	 */
	public function save( array $record ): void {
		$this->storage->update_option( self::OPTION, $record, true );
	}

	/**
	 * Forgets the record once the site's own lines are back.
	 *
	 * @return void
	 */
	public function delete(): void {
		$this->storage->delete_option( self::OPTION );
	}

	/**
	 * The active profile as the Debug tab shows it, or null when none is on.
	 *
	 * @param array<string, mixed>|null $record Record.
	 * @return array{profile: string, started_at: int, expires_at: int, seconds_left: int, log_file: string, failed: string|null}|null
	 */
	public static function describe( ?array $record ): ?array {
		return null === $record ? null : array(
			'profile'      => (string) $record['profile'],
			'started_at'   => (int) $record['started_at'],
			'expires_at'   => (int) $record['expires_at'],
			'seconds_left' => max( 0, (int) $record['expires_at'] - time() ),
			'log_file'     => (string) $record['log_file'],
			'failed'       => empty( $record['failed'] ) ? null : (string) $record['failed'],
		);
	}
}
