<?php
/**
 * Plugin Name: Triage Bisect: Admin Notices
 * Description: E2E fixture for bisection. While wp-content/triage-bisect-scenario contains "admin", every wp-admin request ends on admin_init with "Uncaught Error: Call to undefined function"; the front end keeps working. Otherwise it does nothing.
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
function triage_bisect_admin_notices_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'admin' === trim( $scenario );
}

/**
 * Breaks wp-admin: calls a function that does not exist.
 *
 * @return void
 */
function triage_bisect_admin_notices_admin_init() {
	triage_bisect_admin_notices_function_that_does_not_exist();
}

if ( triage_bisect_admin_notices_is_on() ) {
	add_action( 'admin_init', 'triage_bisect_admin_notices_admin_init' );
}
