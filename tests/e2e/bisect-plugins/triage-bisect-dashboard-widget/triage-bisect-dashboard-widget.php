<?php
/**
 * Plugin Name: Triage Bisect: Dashboard Widget
 * Description: E2E fixture for bisection. Adds a Site notes widget to the wp-admin dashboard. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'wp_dashboard_setup', 'triage_bisect_dashboard_widget_register' );

/**
 * Registers the widget.
 *
 * @return void
 */
function triage_bisect_dashboard_widget_register() {
	wp_add_dashboard_widget( 'triage_bisect_dashboard_widget', 'Site notes', 'triage_bisect_dashboard_widget_render' );
}

/**
 * Renders the widget.
 *
 * @return void
 */
function triage_bisect_dashboard_widget_render() {
	echo '<p>' . esc_html( 'Nothing to report.' ) . '</p>';
}
