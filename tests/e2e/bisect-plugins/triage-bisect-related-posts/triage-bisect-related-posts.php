<?php
/**
 * Plugin Name: Triage Bisect: Related Posts
 * Description: E2E fixture for bisection. Appends links to up to three other recent posts below a single post's content. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'the_content', 'triage_bisect_related_posts_append', 20 );

/**
 * Appends the list on single posts.
 *
 * @param string $content Post content.
 * @return string
 */
function triage_bisect_related_posts_append( $content ) {
	if ( ! is_singular( 'post' ) || ! in_the_loop() || ! is_main_query() ) {
		return $content;
	}
	$related = get_posts(
		array(
			'numberposts'      => 3,
			'exclude'          => array( get_the_ID() ),
			'suppress_filters' => false,
		)
	);
	if ( ! $related ) {
		return $content;
	}
	$html = '<ul class="triage-related-posts">';
	foreach ( $related as $related_post ) {
		$html .= '<li><a href="' . esc_url( get_permalink( $related_post ) ) . '">' . esc_html( get_the_title( $related_post ) ) . '</a></li>';
	}
	return $content . $html . '</ul>';
}
