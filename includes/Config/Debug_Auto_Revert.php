<?php
/**
 * Switches an expired debug profile off, from WP-Cron or from the next admin request.
 *
 * @package Triage
 */

namespace Triage\Config;

use Triage\Storage\Network_Storage;

defined( 'ABSPATH' ) || exit;

/**
 * The only debug-mode code that runs outside the Triage page and its REST routes. On admin requests it
 * reads one autoloaded option (already in memory) and compares a timestamp; only when a profile has
 * expired does it build the editor. It never runs on front-end requests, so a dead WP-Cron (common on the
 * sites that need debugging) still cannot leave debugging on past the first admin visit after expiry.
 */
final class Debug_Auto_Revert {

	/**
	 * The stored record, read on every admin request.
	 *
	 * @var Debug_Record
	 */
	private $record;

	/**
	 * Builds the debug-mode service, only when a profile is to be switched off.
	 *
	 * @var callable(): Debug_Mode
	 */
	private $debug_mode;

	/**
	 * Takes its collaborators.
	 *
	 * @param Debug_Record|null $record     The stored record; the running site's when null.
	 * @param callable|null     $debug_mode Returns the Debug_Mode service; the running site's when null.
	 */
	public function __construct( ?Debug_Record $record = null, ?callable $debug_mode = null ) {
		$this->record     = null === $record ? new Debug_Record( new Network_Storage() ) : $record;
		$this->debug_mode = null === $debug_mode ? array( Debug_Mode::class, 'for_this_site' ) : $debug_mode;
	}

	/**
	 * Hooks the cron event and the admin-request check.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( Debug_Expiry::CRON_HOOK, array( $this, 'revert' ) );
		add_action( 'admin_init', array( $this, 'check' ) );
		// A deactivated Triage could no longer switch debugging off, so it does so now; uninstalling deactivates first.
		register_deactivation_hook( TRIAGE_FILE, array( $this, 'deactivate' ) );
	}

	/**
	 * Switches an active profile off when Triage is deactivated, whatever time is left. On multisite the
	 * profile is the network's, so only a network deactivation switches it off, not a site administrator
	 * deactivating Triage on one site.
	 *
	 * @param bool $network_wide Network deactivation (WordPress passes it).
	 * @return void
	 */
	public function deactivate( $network_wide = false ): void {
		if ( is_multisite() && ! $network_wide ) {
			return;
		}
		if ( null !== $this->record->get() ) {
			$this->debug_mode()->revert( false );
		}
	}

	/**
	 * Cheap check on admin requests.
	 *
	 * @return void
	 */
	public function check(): void {
		if ( Debug_Expiry::is_due( $this->record->get(), time() ) ) {
			$this->revert();
		}
	}

	/**
	 * Reverts when expired.
	 *
	 * @return void
	 */
	public function revert(): void {
		$this->debug_mode()->maybe_expire();
	}

	/**
	 * The debug-mode service.
	 *
	 * @return Debug_Mode
	 */
	private function debug_mode(): Debug_Mode {
		return call_user_func( $this->debug_mode );
	}
}
