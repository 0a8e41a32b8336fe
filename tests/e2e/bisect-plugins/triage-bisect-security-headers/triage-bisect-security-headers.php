<?php
/**
 * Plugin Name: Triage Bisect: Security Headers
 * Description: E2E fixture for bisection. Adds X-Content-Type-Options and Referrer-Policy headers to front-end responses. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'wp_headers', 'triage_bisect_security_headers_filter' );

/**
 * Adds the headers.
 *
 * @param array $headers Response headers.
 * @return array
 */
function triage_bisect_security_headers_filter( $headers ) {
	$headers['X-Content-Type-Options'] = 'nosniff';
	$headers['Referrer-Policy']        = 'strict-origin-when-cross-origin';
	return $headers;
}
