<?php
/**
 * Plugin Name: Triage Fixture: Warning
 * Description: E2E fixture. With ?triage-warning=<marker> on any request it raises one PHP warning through trigger_error(), carrying the marker, so a spec can find exactly that line in a log file.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'triage_fixture_warning' );

/**
 * Raises the warning when asked to.
 *
 * @return void
 */
function triage_fixture_warning() {
	if ( empty( $_GET['triage-warning'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a test fixture reading a marker.
		return;
	}
	$marker = sanitize_key( wp_unslash( $_GET['triage-warning'] ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
	trigger_error( 'Triage fixture warning ' . esc_html( $marker ), E_USER_WARNING ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_trigger_error -- the point of the fixture.
}
