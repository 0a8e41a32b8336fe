<?php
/**
 * Plugin Name: Triage Bisect: Back To Top
 * Description: E2E fixture for bisection. Prints a Back to top link at the foot of front-end pages. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_footer', 'triage_bisect_back_to_top_print' );

/**
 * Prints the link.
 *
 * @return void
 */
function triage_bisect_back_to_top_print() {
	echo '<a class="triage-back-to-top" href="#">' . esc_html( 'Back to top' ) . '</a>' . "\n";
}
