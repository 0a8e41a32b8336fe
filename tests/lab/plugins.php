<?php
/**
 * Lab helper (CLI): activates or deactivates plugins on the lab site, as the Plugins screen does. Run it as
 * the PHP-FPM user (tests/lab/provoke.sh does), so anything WordPress writes stays writable by the site.
 *
 * Usage: php tests/lab/plugins.php <site-dir> activate|deactivate <plugin-file> [...]
 *   e.g. php tests/lab/plugins.php /var/tmp/lab/site activate triage-fixture-incidents/triage-fixture-incidents.php
 *
 * Prints {"active":[...]} (the site's active plugins afterwards). Exit codes: 0 done, 1 failed, 2 bad usage.
 *
 * @package Triage
 */

// phpcs:disable WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.WP.GlobalVariablesOverride, WordPress.NamingConventions.PrefixAllGlobals -- a command-line script.

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$triage_site    = isset( $argv[1] ) ? rtrim( $argv[1], '/' ) : '';
$triage_command = isset( $argv[2] ) ? $argv[2] : '';
$triage_plugins = array_slice( $argv, 3 );
if ( ! is_file( $triage_site . '/wp-load.php' ) || ! in_array( $triage_command, array( 'activate', 'deactivate' ), true ) || ! $triage_plugins ) {
	fwrite( STDERR, "usage: php tests/lab/plugins.php <site-dir> activate|deactivate <plugin-file> [...]\n" );
	exit( 2 );
}

// WordPress reads these from the request it thinks it serves.
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_ADMIN', true );
require $triage_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( 'activate' === $triage_command ) {
	$triage_result = activate_plugins( $triage_plugins, '', false, true );
	if ( is_wp_error( $triage_result ) ) {
		fwrite( STDERR, $triage_result->get_error_message() . "\n" );
		exit( 1 );
	}
} else {
	deactivate_plugins( $triage_plugins, true );
}
echo wp_json_encode( array( 'active' => array_values( (array) get_option( 'active_plugins', array() ) ) ) ) . "\n";
