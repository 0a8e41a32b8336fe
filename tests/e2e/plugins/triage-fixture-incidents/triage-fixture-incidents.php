<?php
/**
 * Plugin Name: Triage Fixture: Incidents
 * Description: E2E fixture for the incidents spec (tests/lab/provoke.sh). Does nothing unless a request asks with ?triage_incident=<what>: sleep (hangs for &seconds=, writing its pid to wp-content/triage-incident.pid), busy (burns &seconds= of CPU time), crash (recurses through array_map until the C stack overflows: a real SIGSEGV), header (sends a 32 KB response header), memory (exhausts memory_limit), fatal (calls a function that does not exist), external (calls http://127.0.0.1:&port= with a 3 s time-out, as a plugin asking a licence server).
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_action( 'init', 'triage_fixture_incidents_act', 1 );

/**
 * Does what the request asks for, then stops it.
 *
 * @return void
 */
function triage_fixture_incidents_act() {
	// phpcs:disable WordPress.Security.NonceVerification.Recommended -- a test fixture's switch, no state changes.
	if ( ! isset( $_GET['triage_incident'] ) ) {
		return;
	}
	$what    = sanitize_key( wp_unslash( $_GET['triage_incident'] ) );
	$seconds = isset( $_GET['seconds'] ) ? max( 1, min( 120, absint( $_GET['seconds'] ) ) ) : 5;
	$port    = isset( $_GET['port'] ) ? absint( $_GET['port'] ) : 0;
	// phpcs:enable
	switch ( $what ) {
		case 'sleep':
			file_put_contents( WP_CONTENT_DIR . '/triage-incident.pid', (string) getmypid() ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- the lab finds the worker to kill here.
			triage_fixture_incidents_report_hang( $seconds );
			break;
		case 'busy':
			triage_fixture_incidents_rebuild_index( $seconds );
			break;
		case 'crash':
			triage_fixture_incidents_walk( 0 );
			break;
		case 'header':
			header( 'X-Triage-Fixture: ' . str_repeat( 'a', 32768 ) );
			break;
		case 'memory':
			triage_fixture_incidents_load_catalog();
			break;
		case 'fatal':
			triage_fixture_incidents_function_that_does_not_exist();
			break;
		case 'external':
			$answer = wp_remote_get( 'http://127.0.0.1:' . $port . '/licence/check', array( 'timeout' => 3 ) );
			echo is_wp_error( $answer ) ? esc_html( $answer->get_error_message() ) : 'answered';
			exit;
		default:
			return;
	}
	echo esc_html( $what ) . ' done';
	exit;
}

/**
 * Waits like a report that never finishes (a slow log shows this frame).
 *
 * @param int $seconds How long.
 * @return void
 */
function triage_fixture_incidents_report_hang( $seconds ) {
	sleep( $seconds );
}

/**
 * Burns CPU time, which max_execution_time counts (sleeping does not): $seconds of this process's own CPU
 * time, however busy the machine is (with a wall-clock bound of a minute).
 *
 * @param int $seconds CPU seconds.
 * @return void
 */
function triage_fixture_incidents_rebuild_index( $seconds ) {
	$cpu   = static function () {
		$usage = getrusage();
		return $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6 + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
	};
	$until = $cpu() + $seconds;
	$wall  = microtime( true ) + 60;
	$hash  = '';
	while ( $cpu() < $until && microtime( true ) < $wall ) {
		for ( $i = 0; $i < 1000; $i++ ) {
			$hash = md5( $hash );
		}
	}
}

/**
 * Recurses through an internal function: each level uses the C stack, which overflows (SIGSEGV) long before
 * memory_limit is reached. PHP 8.2 has no guard for this (8.3's zend.max_allowed_stack_size).
 *
 * @param int $depth Depth.
 * @return array
 */
function triage_fixture_incidents_walk( $depth ) {
	return array_map( 'triage_fixture_incidents_walk', array( $depth + 1 ) );
}

/**
 * Holds ever more data until memory_limit stops the request.
 *
 * @return void
 */
function triage_fixture_incidents_load_catalog() {
	$rows = array();
	while ( true ) {
		$rows[] = str_repeat( 'x', 1048576 );
	}
}
