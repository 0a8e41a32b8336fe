<?php
/**
 * Plugin Name: Triage Bisect: Contact Widgets
 * Description: E2E fixture for bisection. Registers the [triage_contact_card] shortcode, which prints a small contact card (email and phone). Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_shortcode( 'triage_contact_card', 'triage_bisect_contact_widgets_card' );

/**
 * Renders the contact card.
 *
 * @param array|string $atts Shortcode attributes.
 * @return string
 */
function triage_bisect_contact_widgets_card( $atts ) {
	$atts = shortcode_atts(
		array(
			'email' => (string) get_option( 'admin_email' ),
			'phone' => '',
		),
		$atts,
		'triage_contact_card'
	);
	$html = '<div class="triage-contact-card"><a href="' . esc_url( 'mailto:' . $atts['email'] ) . '">' . esc_html( $atts['email'] ) . '</a>';
	if ( '' !== $atts['phone'] ) {
		$html .= ' <span class="triage-contact-phone">' . esc_html( $atts['phone'] ) . '</span>';
	}
	return $html . '</div>';
}
