<?php
/**
 * Plugin Name: Triage Bisect: Social Links
 * Description: E2E fixture for bisection. Registers the [triage_social_links] shortcode, which prints a list of links to social profiles. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_shortcode( 'triage_social_links', 'triage_bisect_social_links_render' );

/**
 * Renders the links.
 *
 * @return string
 */
function triage_bisect_social_links_render() {
	$profiles = array(
		'Mastodon' => 'https://mastodon.example.org/@triage',
		'GitHub'   => 'https://github.example.org/triage',
	);
	$html     = '<ul class="triage-social-links">';
	foreach ( $profiles as $label => $url ) {
		$html .= '<li><a href="' . esc_url( $url ) . '" rel="me">' . esc_html( $label ) . '</a></li>';
	}
	return $html . '</ul>';
}
