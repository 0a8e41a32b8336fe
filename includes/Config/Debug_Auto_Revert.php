<?php
/**
 * Switches an expired debug profile off, from WP-Cron or from the next admin request.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * The only debug-mode code that runs outside the Triage page and its REST routes. On admin requests it
 * reads one autoloaded option (already in memory) and compares a timestamp; only when a profile has
 * expired does it load the editor. It never runs on front-end requests, so a dead WP-Cron (common on the
 * sites that need debugging) still cannot leave debugging on past the first admin visit after expiry.
 */
final class Debug_Auto_Revert {

	/** Option holding the active debug profile record. */
	public const OPTION = 'triage_debug_mode';

	/** Single WP-Cron event scheduled at the expiry. */
	public const CRON_HOOK = 'triage_debug_revert';

	/**
	 * Hooks the cron event and the admin-request check.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( self::CRON_HOOK, array( $this, 'revert' ) );
		add_action( 'admin_init', array( $this, 'check' ) );
		// A deactivated Triage could no longer switch debugging off, so it does so now; uninstalling deactivates first.
		register_deactivation_hook( TRIAGE_FILE, array( $this, 'deactivate' ) );
	}

	/**
	 * Switches an active profile off when Triage is deactivated, whatever time is left.
	 *
	 * @return void
	 */
	public function deactivate(): void {
		$record = is_multisite() ? get_site_option( self::OPTION ) : get_option( self::OPTION );
		if ( is_array( $record ) ) {
			Debug_Mode::for_this_site()->revert( false );
		}
	}

	/**
	 * Cheap check on admin requests.
	 *
	 * @return void
	 */
	public function check(): void {
		$record = is_multisite() ? get_site_option( self::OPTION ) : get_option( self::OPTION );
		if ( ! is_array( $record ) || ! empty( $record['failed'] ) || ! isset( $record['expires_at'] ) || (int) $record['expires_at'] > time() ) {
			return;
		}
		$this->revert();
	}

	/**
	 * Reverts when expired.
	 *
	 * @return void
	 */
	public function revert(): void {
		Debug_Mode::for_this_site()->maybe_expire();
	}
}
