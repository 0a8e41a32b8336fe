<?php
/**
 * Plugin Name: Triage Fixture: Marker
 * Description: E2E fixture. Proves it was loaded: prints a marker comment in the page head and sends an X-Triage-Fixture-Marker header.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_head', 'triage_fixture_marker_print' );
add_action( 'send_headers', 'triage_fixture_marker_header' );

/**
 * Prints the marker.
 *
 * @return void
 */
function triage_fixture_marker_print() {
	echo "<!-- triage-fixture-marker-loaded -->\n";
}

/**
 * Sends the marker header.
 *
 * @return void
 */
function triage_fixture_marker_header() {
	header( 'X-Triage-Fixture-Marker: loaded' );
}
