<?php
/**
 * Plugin Name: Triage Bisect: Frontend Only
 * Description: E2E fixture for bisection and safe mode. While wp-content/triage-bisect-scenario contains "front", it calls a function that does not exist as soon as it loads on every request where is_admin() is false (the front end, the REST API, wp-login.php; admin-ajax.php counts as admin), as a broken update guarded by ! is_admin() does: wp-admin still opens, every REST call answers 500. Otherwise it does nothing.
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
function triage_bisect_frontend_only_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'front' === trim( $scenario );
}

if ( ! is_admin() && triage_bisect_frontend_only_is_on() ) {
	// A front-end feature of a broken update that calls a helper it no longer ships.
	triage_bisect_frontend_only_function_that_does_not_exist();
}
