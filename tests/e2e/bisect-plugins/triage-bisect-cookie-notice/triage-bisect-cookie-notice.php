<?php
/**
 * Plugin Name: Triage Bisect: Cookie Notice
 * Description: E2E fixture for bisection. Prints a small cookie notice at the foot of front-end pages. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_footer', 'triage_bisect_cookie_notice_print' );

/**
 * Prints the notice.
 *
 * @return void
 */
function triage_bisect_cookie_notice_print() {
	echo '<div class="triage-cookie-notice" role="region" aria-label="Cookie notice">' . esc_html( 'This site uses only the cookies it needs to work.' ) . '</div>' . "\n";
}
