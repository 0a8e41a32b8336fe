<?php
/**
 * Triage stand-in theme: only what a page needs to render with core's own features.
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action(
	'after_setup_theme',
	static function () {
		add_theme_support( 'title-tag' );
		add_theme_support( 'automatic-feed-links' );
	}
);
