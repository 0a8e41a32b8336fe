<?php
/**
 * Plugin Name: Triage Bisect: Disable Emojis
 * Description: E2E fixture for bisection. Removes WordPress's emoji detection script and styles from front-end and admin pages. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'triage_bisect_disable_emojis_init' );

/**
 * Unhooks the emoji script and styles.
 *
 * @return void
 */
function triage_bisect_disable_emojis_init() {
	remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
	remove_action( 'admin_print_scripts', 'print_emoji_detection_script' );
	remove_action( 'wp_print_styles', 'print_emoji_styles' );
	remove_action( 'admin_print_styles', 'print_emoji_styles' );
}
