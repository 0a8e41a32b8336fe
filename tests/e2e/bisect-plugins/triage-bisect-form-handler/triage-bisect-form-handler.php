<?php
/**
 * Plugin Name: Triage Bisect: Form Handler
 * Description: E2E fixture for bisection. While wp-content/triage-bisect-scenario contains "post", every POST request (forms, wp-login.php, admin-ajax.php) ends on init with "Uncaught Error: Call to undefined function"; GET requests keep working. Otherwise it does nothing.
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
function triage_bisect_form_handler_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'post' === trim( $scenario );
}

/**
 * Breaks POST requests: calls a function that does not exist.
 *
 * @return void
 */
function triage_bisect_form_handler_init() {
	if ( ! isset( $_SERVER['REQUEST_METHOD'] ) ) {
		return;
	}
	$method = strtoupper( sanitize_text_field( wp_unslash( $_SERVER['REQUEST_METHOD'] ) ) );
	if ( 'POST' === $method ) {
		triage_bisect_form_handler_function_that_does_not_exist();
	}
}

if ( triage_bisect_form_handler_is_on() ) {
	add_action( 'init', 'triage_bisect_form_handler_init' );
}
