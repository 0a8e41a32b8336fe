<?php
/**
 * Plugin Name: Triage Bisect: Robots Txt
 * Description: E2E fixture for bisection. Adds a Disallow line for the search page to the virtual robots.txt. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'robots_txt', 'triage_bisect_robots_txt_filter', 10, 2 );

/**
 * Extends robots.txt.
 *
 * @param string $output    robots.txt contents.
 * @param bool   $is_public Whether the site may be indexed.
 * @return string
 */
function triage_bisect_robots_txt_filter( $output, $is_public ) {
	if ( $is_public ) {
		$output .= "Disallow: /?s=\n";
	}
	return $output;
}
