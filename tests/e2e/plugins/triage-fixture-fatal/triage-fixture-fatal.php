<?php
/**
 * Plugin Name: Triage Fixture: Fatal
 * Description: E2E fixture. While wp-content/triage-fixture-fatal.on exists, it stops every request (front end, wp-admin, wp-login.php) with a PHP fatal error, as a broken plugin update does.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

if ( file_exists( WP_CONTENT_DIR . '/triage-fixture-fatal.on' ) ) {
	// Calls a function that does not exist: "Uncaught Error: Call to undefined function".
	call_user_func( 'triage_fixture_fatal_function_that_does_not_exist' );
}
