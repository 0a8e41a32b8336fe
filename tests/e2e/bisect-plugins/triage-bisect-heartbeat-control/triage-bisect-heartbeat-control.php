<?php
/**
 * Plugin Name: Triage Bisect: Heartbeat Control
 * Description: E2E fixture for bisection. Slows the WordPress Heartbeat API down to one tick a minute, as performance plugins do. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'heartbeat_settings', 'triage_bisect_heartbeat_control_settings' );

/**
 * Heartbeat settings.
 *
 * @param array $settings Settings.
 * @return array
 */
function triage_bisect_heartbeat_control_settings( $settings ) {
	$settings['interval'] = 60;
	return $settings;
}
