<?php
/**
 * Plugin Name: Triage Bisect: Open Graph
 * Description: E2E fixture for bisection. Prints Open Graph og:title, og:type and og:url tags in the page head. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_head', 'triage_bisect_open_graph_print', 2 );

/**
 * Prints the tags.
 *
 * @return void
 */
function triage_bisect_open_graph_print() {
	$singular = is_singular();
	$title    = $singular ? get_the_title() : get_bloginfo( 'name' );
	$url      = $singular ? get_permalink() : home_url( '/' );
	echo '<meta property="og:title" content="' . esc_attr( wp_strip_all_tags( (string) $title ) ) . '" />' . "\n";
	echo '<meta property="og:type" content="' . esc_attr( $singular ? 'article' : 'website' ) . '" />' . "\n";
	echo '<meta property="og:url" content="' . esc_url( (string) $url ) . '" />' . "\n";
}
