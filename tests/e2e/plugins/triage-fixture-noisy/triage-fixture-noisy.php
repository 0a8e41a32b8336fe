<?php
/**
 * Plugin Name: Triage Fixture: Noisy
 * Description: E2E fixture. With ?triage_noise=1 on any request it logs a warning, a notice and a deprecation through trigger_error(), so the Logs tab has errors to group under this plugin's name.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'triage_fixture_noisy_log' );

/**
 * Logs three errors when asked to.
 *
 * @return void
 */
function triage_fixture_noisy_log() {
	// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a test switch, it changes nothing.
	if ( ! isset( $_GET['triage_noise'] ) ) {
		return;
	}
	// phpcs:disable WordPress.PHP.DevelopmentFunctions.error_log_trigger_error -- logging errors is this fixture's purpose.
	trigger_error( 'Triage noisy fixture: stock level missing for product 42', E_USER_WARNING );
	trigger_error( 'Triage noisy fixture: cart total recalculated', E_USER_NOTICE );
	trigger_error( 'Triage noisy fixture: old API used', E_USER_DEPRECATED );
	// phpcs:enable WordPress.PHP.DevelopmentFunctions.error_log_trigger_error
}
