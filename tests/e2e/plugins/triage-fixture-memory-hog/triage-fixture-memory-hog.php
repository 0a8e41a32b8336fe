<?php
/**
 * Plugin Name: Triage fixture: memory hog
 * Description: Test fixture. On front-end pages, holds about 85% of memory_limit until the request ends, like a plugin that loads a huge data set.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action(
	'template_redirect',
	static function () {
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		if ( $limit <= 0 ) {
			return;
		}
		$target = (int) ( $limit * 0.85 ) - memory_get_usage( true );
		if ( $target > 0 ) {
			// Kept in a global so it lives until shutdown, where Triage's probe measures the peak.
			$GLOBALS['triage_fixture_memory_hog'] = str_repeat( 'x', $target );
		}
	}
);
