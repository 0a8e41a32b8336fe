<?php
/**
 * Deactivates what a bisection found, for everyone.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use Triage\Safe_Mode\Safe_Mode_Sessions;
use Triage_Safe_Mode_Loader;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The one action of a bisection that changes the live site: only active plugins other than Triage,
 * network-active ones only by a network administrator, each only when core's deactivate_plugin check
 * allows it, and it works from inside safe mode, where the plugins to deactivate are hidden from the
 * request.
 */
final class Culprit_Deactivator {

	/**
	 * Safe mode sessions (they know the real active plugins).
	 *
	 * @var Safe_Mode_Sessions
	 */
	private $safe_mode;

	/**
	 * Takes its collaborator.
	 *
	 * @param Safe_Mode_Sessions $safe_mode Safe mode sessions.
	 */
	public function __construct( Safe_Mode_Sessions $safe_mode ) {
		$this->safe_mode = $safe_mode;
	}

	/**
	 * Deactivates plugins for everyone (network-wide for network-active ones).
	 *
	 * @param string[] $plugins Basenames.
	 * @return array{deactivated: string[]}|WP_Error
	 */
	public function deactivate( array $plugins ) {
		$active = $this->safe_mode->active_plugins();
		$self   = plugin_basename( TRIAGE_FILE );
		foreach ( $plugins as $plugin ) {
			if ( $plugin === $self || ! isset( $active[ $plugin ] ) ) {
				return new WP_Error( 'triage_bisect_unknown_plugin', __( 'Only active plugins other than Triage can be deactivated here.', 'triage' ), array( 'status' => 400 ) );
			}
			if ( $active[ $plugin ]['network'] && ! current_user_can( 'manage_network_plugins' ) ) {
				return new WP_Error( 'triage_bisect_network_plugin', __( 'This plugin is active on the whole network; only a network administrator can deactivate it.', 'triage' ), array( 'status' => 403 ) );
			}
			// Core's own per-plugin check (plugins.php asks the same), which a site's policy may narrow.
			if ( ! current_user_can( 'deactivate_plugin', $plugin ) ) {
				return new WP_Error(
					'triage_bisect_plugin_forbidden',
					/* translators: %s: plugin name. */
					sprintf( __( 'You are not allowed to deactivate %s. Nothing was deactivated.', 'triage' ), $active[ $plugin ]['name'] ),
					array( 'status' => 403 )
				);
			}
		}
		$network = array();
		$site    = array();
		foreach ( $plugins as $plugin ) {
			if ( $active[ $plugin ]['network'] ) {
				$network[] = $plugin;
			} else {
				$site[] = $plugin;
			}
		}
		// In safe mode the plugins to deactivate are hidden from this request: act on the real lists.
		$loader = Triage_Safe_Mode_Loader::current();
		if ( null !== $loader ) {
			$loader->suspend();
		}
		if ( array() !== $site ) {
			deactivate_plugins( $site, false, false );
		}
		if ( array() !== $network ) {
			deactivate_plugins( $network, false, true );
		}
		if ( null !== $loader ) {
			$loader->resume();
		}
		return array( 'deactivated' => array_values( $plugins ) );
	}
}
