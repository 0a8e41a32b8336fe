<?php
/**
 * Benchmark: how long a debug-mode toggle takes on a running lab, loopback check included. Prints figures.
 *
 * Method: loads the lab's WordPress (with Triage active) in this CLI process as the web server user, then
 * repeats: switch to "Log privately" (read, plan, parse check, backup, atomic write, loopback GET of the
 * front page through nginx + PHP-FPM) and back to Off (restore, backup, atomic write). After every round
 * trip it checks that wp-config.php is byte-identical to the start.
 *
 * Usage (the lab up, Triage installed, the WordPress folder writable by www-data):
 *   chown www-data:www-data "$TRIAGE_LAB_DIR/site"
 *   runuser -u www-data -- php bench/debug-toggle.php "$TRIAGE_LAB_DIR/site" [rounds]
 *   chown root:root "$TRIAGE_LAB_DIR/site"
 *
 * @package Triage
 */

$triage_site   = isset( $argv[1] ) ? rtrim( $argv[1], '/' ) : '';
$triage_rounds = isset( $argv[2] ) ? max( 3, (int) $argv[2] ) : 20;
if ( ! is_file( $triage_site . '/wp-load.php' ) ) {
	fwrite( STDERR, "Usage: php bench/debug-toggle.php <lab site dir> [rounds]\n" );
	exit( 1 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $triage_site . '/wp-load.php';

if ( ! class_exists( Triage\Config\Debug_Mode::class ) ) {
	fwrite( STDERR, "Triage is not active on this site.\n" );
	exit( 1 );
}

$triage_mode     = Triage\Config\Debug_Mode::for_this_site();
$triage_config   = $triage_site . '/wp-config.php';
$triage_original = file_get_contents( $triage_config );
$triage_on       = array();
$triage_loop     = array();
$triage_off      = array();

for ( $triage_i = 0; $triage_i < $triage_rounds; $triage_i++ ) {
	$triage_start = microtime( true );
	$triage_apply = $triage_mode->apply( 'log', HOUR_IN_SECONDS, false );
	$triage_mid   = microtime( true );
	if ( is_wp_error( $triage_apply ) ) {
		fwrite( STDERR, 'Switching on failed: ' . $triage_apply->get_error_message() . "\n" );
		exit( 1 );
	}
	$triage_revert = $triage_mode->revert( false );
	$triage_end    = microtime( true );
	if ( is_wp_error( $triage_revert ) ) {
		fwrite( STDERR, 'Switching off failed: ' . $triage_revert->get_error_message() . "\n" );
		exit( 1 );
	}
	clearstatcache();
	if ( file_get_contents( $triage_config ) !== $triage_original ) {
		fwrite( STDERR, "wp-config.php is not byte-identical after round $triage_i.\n" );
		exit( 1 );
	}
	$triage_on[]   = ( $triage_mid - $triage_start ) * 1000;
	$triage_loop[] = (float) $triage_apply['loopback']['ms'];
	$triage_off[]  = ( $triage_end - $triage_mid ) * 1000;
}

/**
 * Median, 95th percentile, min and max of a list, formatted.
 *
 * @param float[] $values Milliseconds.
 * @return string
 */
function triage_bench_summary( array $values ) {
	sort( $values );
	$count = count( $values );
	$p95   = $values[ (int) min( $count - 1, ceil( 0.95 * $count ) - 1 ) ];
	return sprintf( 'median %6.1f ms  p95 %6.1f ms  min %6.1f ms  max %6.1f ms', $values[ (int) floor( $count / 2 ) ], $p95, $values[0], $values[ $count - 1 ] );
}

printf( "Debug-mode toggle on %s, %d rounds (PHP %s, %s)\n", home_url( '/' ), $triage_rounds, PHP_VERSION, php_uname( 'n' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI output.
printf( "  switch on (incl. loopback): %s\n", triage_bench_summary( $triage_on ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI output.
printf( "  of which loopback GET:      %s\n", triage_bench_summary( $triage_loop ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI output.
printf( "  switch off (restore):       %s\n", triage_bench_summary( $triage_off ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI output.
printf( "  wp-config.php byte-identical after all %d round trips.\n", $triage_rounds ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CLI output.
