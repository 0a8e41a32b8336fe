<?php
/**
 * Plugin Name: Triage Bisect: Login Branding
 * Description: E2E fixture for bisection. Points the logo on wp-login.php to the site's home page and titles it with the site name. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'login_headerurl', 'triage_bisect_login_branding_url' );
add_filter( 'login_headertext', 'triage_bisect_login_branding_text' );

/**
 * Logo link.
 *
 * @return string
 */
function triage_bisect_login_branding_url() {
	return home_url( '/' );
}

/**
 * Logo text.
 *
 * @return string
 */
function triage_bisect_login_branding_text() {
	return get_bloginfo( 'name' );
}
