<?php
/**
 * Helper for bench/recorder.sh, run with the PHP CLI inside the lab's WordPress.
 *
 * Usage: php bench/recorder-helper.php <site dir> <host:port> on|off
 *   on   turns the flight recorder on for an hour (Triage rewrites the installed loader);
 *   off  turns it off.
 * Prints the recorder's state as JSON; exits 1 when Triage refused.
 *
 * @package Triage
 */

// phpcs:disable WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.WP.AlternativeFunctions -- a command-line helper.

if ( 'cli' !== PHP_SAPI || $argc < 4 ) {
	exit( 1 );
}
$_SERVER['HTTP_HOST'] = $argv[2];
require $argv[1] . '/wp-load.php';

$recorder = Triage\Incidents\Recorder\Flight_Recorder::for_this_site();
$state    = 'on' === $argv[3] ? $recorder->start( 3600 ) : $recorder->stop();
if ( is_wp_error( $state ) ) {
	fwrite( STDERR, $state->get_error_message() . "\n" );
	exit( 1 );
}
echo wp_json_encode( $state ) . "\n";
