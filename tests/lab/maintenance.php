<?php
/**
 * Lab helper (CLI): Triage's maintenance service without a web request, as `wp triage maintenance` will
 * run it. While a fresh .maintenance makes every request answer 503, WordPress still boots here: like
 * WP-CLI, this hooks enable_maintenance_mode to false before WordPress loads.
 *
 * Usage: php tests/lab/maintenance.php <site-dir> <command> [flags]
 *
 *   status                          prints Maintenance_State::read()
 *   clear [force-fresh] [force-lock] prints Maintenance_Clearer::clear()'s result, or {"error":{code,message,status}}
 *   update-lock on|off              sets core_updater.lock to now (an update running) or deletes it
 *
 * Triage must be active on the site. Exit codes: 0 done (a refusal is an answer, printed as JSON), 1 failed,
 * 2 bad usage.
 *
 * @package Triage
 */

// phpcs:disable WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.WP.GlobalVariablesOverride, WordPress.NamingConventions.PrefixAllGlobals -- a command-line script.

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$triage_site    = isset( $argv[1] ) ? rtrim( $argv[1], '/' ) : '';
$triage_command = isset( $argv[2] ) ? $argv[2] : '';
$triage_flags   = array_slice( $argv, 3 );
$triage_usage   = "usage: php tests/lab/maintenance.php <site-dir> status | clear [force-fresh] [force-lock] | update-lock on|off\n";
if ( ! in_array( $triage_command, array( 'status', 'clear', 'update-lock' ), true )
	|| array_diff( $triage_flags, array( 'force-fresh', 'force-lock', 'on', 'off' ) ) ) {
	fwrite( STDERR, $triage_usage );
	exit( 2 );
}
if ( ! is_file( $triage_site . '/wp-load.php' ) ) {
	fwrite( STDERR, "no WordPress at $triage_site\n" );
	exit( 1 );
}

// What WP-CLI does so that it runs in maintenance mode: the filter exists before WordPress loads.
$GLOBALS['wp_filter']   = array(
	'enable_maintenance_mode' => array(
		10 => array(
			array(
				'function'      => static function () {
					return false;
				},
				'accepted_args' => 1,
			),
		),
	),
);
$triage_port            = getenv( 'TRIAGE_LAB_PORT' ) ? getenv( 'TRIAGE_LAB_PORT' ) : '8889';
$_SERVER['HTTP_HOST']   = '127.0.0.1:' . $triage_port;
$_SERVER['REQUEST_URI'] = '/';
require $triage_site . '/wp-load.php';

if ( ! class_exists( Triage\Maintenance\Maintenance_State::class ) ) {
	fwrite( STDERR, "Triage is not active on $triage_site\n" );
	exit( 1 );
}

$triage_state = Triage\Maintenance\Maintenance_State::for_this_site();
if ( 'status' === $triage_command ) {
	$triage_result = $triage_state->read();
} elseif ( 'update-lock' === $triage_command ) {
	if ( in_array( 'on', $triage_flags, true ) ) {
		update_option( 'core_updater.lock', time() );
	} else {
		delete_option( 'core_updater.lock' );
	}
	$triage_result = $triage_state->locks();
} else {
	$triage_result = ( new Triage\Maintenance\Maintenance_Clearer( $triage_state ) )->clear(
		in_array( 'force-fresh', $triage_flags, true ),
		in_array( 'force-lock', $triage_flags, true )
	);
	if ( is_wp_error( $triage_result ) ) {
		$triage_data   = $triage_result->get_error_data();
		$triage_result = array(
			'error' => array(
				'code'    => $triage_result->get_error_code(),
				'message' => $triage_result->get_error_message(),
				'status'  => is_array( $triage_data ) && isset( $triage_data['status'] ) ? $triage_data['status'] : null,
			),
		);
	}
}
echo wp_json_encode( $triage_result ) . "\n";
exit( 0 );
