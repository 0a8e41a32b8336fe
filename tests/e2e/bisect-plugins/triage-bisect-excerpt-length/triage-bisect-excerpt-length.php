<?php
/**
 * Plugin Name: Triage Bisect: Excerpt Length
 * Description: E2E fixture for bisection. Shortens automatic excerpts to 30 words and ends them with an ellipsis. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'excerpt_length', 'triage_bisect_excerpt_length_words' );
add_filter( 'excerpt_more', 'triage_bisect_excerpt_length_more' );

/**
 * Excerpt length in words.
 *
 * @return int
 */
function triage_bisect_excerpt_length_words() {
	return 30;
}

/**
 * Excerpt ending.
 *
 * @return string
 */
function triage_bisect_excerpt_length_more() {
	return '&hellip;';
}
