<?php
/**
 * Plugin Name: Triage Bisect: Admin Footer Text
 * Description: E2E fixture for bisection. Replaces the text at the foot of wp-admin pages. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'admin_footer_text', 'triage_bisect_admin_footer_text_filter' );

/**
 * Footer text.
 *
 * @return string
 */
function triage_bisect_admin_footer_text_filter() {
	return esc_html( 'Managed by the Triage lab.' );
}
