<?php
/**
 * Plugin Name: Triage Bisect: Image Sizes
 * Description: E2E fixture for bisection. Registers two extra image sizes (a square thumbnail and a wide banner). Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'after_setup_theme', 'triage_bisect_image_sizes_register' );
add_filter( 'image_size_names_choose', 'triage_bisect_image_sizes_names' );

/**
 * Registers the sizes.
 *
 * @return void
 */
function triage_bisect_image_sizes_register() {
	add_image_size( 'triage-square', 400, 400, true );
	add_image_size( 'triage-banner', 1200, 400, true );
}

/**
 * Offers the sizes in the editor.
 *
 * @param array $sizes Size names.
 * @return array
 */
function triage_bisect_image_sizes_names( $sizes ) {
	$sizes['triage-square'] = 'Square';
	$sizes['triage-banner'] = 'Banner';
	return $sizes;
}
