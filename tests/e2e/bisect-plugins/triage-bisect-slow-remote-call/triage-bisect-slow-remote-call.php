<?php
/**
 * Plugin Name: Triage Bisect: Slow Remote Call
 * Description: E2E fixture for bisection. While wp-content/triage-bisect-scenario contains "sleep", it waits 4 seconds as soon as it loads, as a plugin does whose licence or update server answers slowly, so every request answers, but only after more than 4 seconds. Otherwise it does nothing.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether wp-content/triage-bisect-scenario names this fixture's scenario.
 *
 * @return bool
 */
function triage_bisect_slow_remote_call_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'sleep' === trim( $scenario );
}

if ( triage_bisect_slow_remote_call_is_on() ) {
	// Stands in for a blocking HTTP call to a slow server (no network is used): the page answers, late.
	usleep( 4000000 );
}
