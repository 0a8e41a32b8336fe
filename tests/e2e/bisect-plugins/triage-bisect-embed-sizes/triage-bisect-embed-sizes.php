<?php
/**
 * Plugin Name: Triage Bisect: Embed Sizes
 * Description: E2E fixture for bisection. Sets the default width and height of oEmbed embeds to 640 by 360. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'embed_defaults', 'triage_bisect_embed_sizes_defaults' );

/**
 * Default embed size.
 *
 * @return array
 */
function triage_bisect_embed_sizes_defaults() {
	return array(
		'width'  => 640,
		'height' => 360,
	);
}
