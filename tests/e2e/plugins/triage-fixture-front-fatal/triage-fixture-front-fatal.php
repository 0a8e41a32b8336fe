<?php
/**
 * Plugin Name: Triage Fixture: Front Fatal
 * Description: E2E fixture. While wp-content/triage-fixture-front-fatal.on exists, every request outside wp-admin (the front end, wp-login.php, the REST API, Triage's own routes) stops with a PHP fatal error, as a bad update guarded by ! is_admin() does; wp-admin and admin-ajax.php keep working.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

if ( ! is_admin() && file_exists( WP_CONTENT_DIR . '/triage-fixture-front-fatal.on' ) ) {
	// A function that does not exist: "Uncaught Error: Call to undefined function".
	triage_fixture_front_fatal_function_that_does_not_exist();
}
