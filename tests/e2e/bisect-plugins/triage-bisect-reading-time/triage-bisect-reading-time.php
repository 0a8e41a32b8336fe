<?php
/**
 * Plugin Name: Triage Bisect: Reading Time
 * Description: E2E fixture for bisection. Shows an estimated reading time above a single post's content. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'the_content', 'triage_bisect_reading_time_prepend', 5 );

/**
 * Prepends the estimate on single posts.
 *
 * @param string $content Post content.
 * @return string
 */
function triage_bisect_reading_time_prepend( $content ) {
	if ( ! is_singular( 'post' ) || ! in_the_loop() || ! is_main_query() ) {
		return $content;
	}
	$words   = str_word_count( wp_strip_all_tags( $content ) );
	$minutes = max( 1, (int) ceil( $words / 200 ) );
	return '<p class="triage-reading-time">' . esc_html( $minutes . ' min read' ) . '</p>' . $content;
}
