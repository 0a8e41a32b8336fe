<?php
/**
 * One change to wp-config.php at a time.
 *
 * @package Triage
 */

namespace Triage\Config;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The lock is an option insert, which the database makes atomic: two admins switching profiles at once
 * cannot both read the file, edit it and write it back. A lock older than a minute is stale (a request
 * that died between writing and unlocking) and is taken over.
 */
final class Config_Write_Lock {

	public const OPTION = 'triage_debug_lock';

	/**
	 * Takes the lock.
	 *
	 * @return bool False when another change holds it.
	 */
	public function acquire(): bool {
		if ( add_option( self::OPTION, time(), '', false ) ) {
			return true;
		}
		$since = (int) get_option( self::OPTION );
		if ( $since > 0 && $since < time() - MINUTE_IN_SECONDS ) {
			delete_option( self::OPTION );
			return add_option( self::OPTION, time(), '', false );
		}
		return false;
	}

	/**
	 * Releases the lock.
	 *
	 * @return void
	 */
	public function release(): void {
		delete_option( self::OPTION );
	}

	/**
	 * The answer when another change holds the lock.
	 *
	 * @return WP_Error
	 */
	public static function busy(): WP_Error {
		return new WP_Error( 'triage_debug_busy', __( 'Another change to wp-config.php is in progress. Try again in a minute.', 'triage' ), array( 'status' => 409 ) );
	}
}
