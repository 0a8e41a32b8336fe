<?php
/**
 * Plugin Name: Triage Bisect: Memory Hog
 * Description: E2E fixture for bisection. While wp-content/triage-bisect-scenario contains "memory", it keeps 1 MB strings as soon as it loads until PHP's memory_limit runs out, so every request ends with "Allowed memory size of ... bytes exhausted". Otherwise it does nothing.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether wp-content/triage-bisect-scenario names this fixture's scenario.
 *
 * @return bool
 */
function triage_bisect_memory_hog_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'memory' === trim( $scenario );
}

/**
 * Allocates 1 MB strings until memory_limit is exhausted (a fatal error ends the request).
 *
 * Without a limit (memory_limit = -1, as on the command line) it first sets one, so that it never eats
 * the machine's memory; if no limit can be set it stops after 1 GB and returns.
 *
 * @return void
 */
function triage_bisect_memory_hog_fill() {
	static $hoard = array();

	$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
	if ( $limit <= 0 ) {
		ini_set( 'memory_limit', '256M' );
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
	}
	$cap = $limit > 0 ? (int) ceil( $limit / MB_IN_BYTES ) + 1 : 1024;
	for ( $i = 0; $i < $cap; $i++ ) {
		$hoard[] = str_repeat( chr( 65 + ( $i % 26 ) ), MB_IN_BYTES );
	}
}

if ( triage_bisect_memory_hog_is_on() ) {
	triage_bisect_memory_hog_fill();
}
