<?php
/**
 * Plugin Name: Triage Bisect: Meta Description
 * Description: E2E fixture for bisection. Prints a meta description in the page head, from the excerpt on single posts and pages, from the tagline elsewhere. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_head', 'triage_bisect_meta_description_print', 1 );

/**
 * Prints the meta tag.
 *
 * @return void
 */
function triage_bisect_meta_description_print() {
	$description = is_singular() ? get_the_excerpt() : get_bloginfo( 'description' );
	$description = wp_trim_words( wp_strip_all_tags( (string) $description ), 30, '' );
	if ( '' === $description ) {
		return;
	}
	echo '<meta name="description" content="' . esc_attr( $description ) . '" />' . "\n";
}
