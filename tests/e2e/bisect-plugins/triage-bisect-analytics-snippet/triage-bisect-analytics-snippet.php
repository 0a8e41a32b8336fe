<?php
/**
 * Plugin Name: Triage Bisect: Analytics Snippet
 * Description: E2E fixture for bisection. Prints an inline analytics data layer in the page head (no external script, no network). Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_head', 'triage_bisect_analytics_snippet_print' );

/**
 * Prints the data layer.
 *
 * @return void
 */
function triage_bisect_analytics_snippet_print() {
	$data = array(
		'event'    => 'page_view',
		'pageType' => is_singular() ? 'singular' : 'archive',
	);
	wp_print_inline_script_tag( 'window.triageDataLayer = window.triageDataLayer || []; window.triageDataLayer.push(' . wp_json_encode( $data ) . ');' );
}
