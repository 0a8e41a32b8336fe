<?php
/**
 * Plugin Name: Triage Bisect: Breadcrumbs
 * Description: E2E fixture for bisection. Registers the [triage_breadcrumbs] shortcode, which prints Home › current page. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_shortcode( 'triage_breadcrumbs', 'triage_bisect_breadcrumbs_render' );

/**
 * Renders the trail.
 *
 * @return string
 */
function triage_bisect_breadcrumbs_render() {
	$trail = '<nav class="triage-breadcrumbs" aria-label="Breadcrumb"><a href="' . esc_url( home_url( '/' ) ) . '">Home</a>';
	if ( is_singular() ) {
		$trail .= ' &rsaquo; <span>' . esc_html( get_the_title() ) . '</span>';
	}
	return $trail . '</nav>';
}
