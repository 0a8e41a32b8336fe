<?php
/**
 * Plugin Name: Triage Bisect: Testimonials
 * Description: E2E fixture for bisection. Registers a Testimonials post type (triage_testimonial) with its own admin menu. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'triage_bisect_testimonials_register' );

/**
 * Registers the post type.
 *
 * @return void
 */
function triage_bisect_testimonials_register() {
	register_post_type(
		'triage_testimonial',
		array(
			'labels'       => array(
				'name'          => 'Testimonials',
				'singular_name' => 'Testimonial',
			),
			'public'       => true,
			'show_in_rest' => true,
			'menu_icon'    => 'dashicons-format-quote',
			'supports'     => array( 'title', 'editor' ),
			'rewrite'      => array( 'slug' => 'testimonials' ),
		)
	);
}
