<?php
/**
 * Plugin Name: Triage Bisect: Fatal On Load
 * Description: E2E fixture for bisection. While wp-content/triage-bisect-scenario contains "fatal", it calls a function that does not exist as soon as it loads, so every request (front end, wp-admin, wp-login.php) ends with "Uncaught Error: Call to undefined function". Otherwise it does nothing.
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
function triage_bisect_fatal_on_load_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'fatal' === trim( $scenario );
}

if ( triage_bisect_fatal_on_load_is_on() ) {
	// A broken update that calls a helper it no longer ships: "Uncaught Error: Call to undefined function".
	triage_bisect_fatal_on_load_function_that_does_not_exist();
}
