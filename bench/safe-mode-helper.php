<?php
/**
 * Helper for bench/safe-mode.sh, run with the PHP CLI inside the lab's WordPress.
 *
 * Usage: php bench/safe-mode-helper.php <site dir> <host:port> setup|cookies
 *   setup    activates Triage (which installs the loader) and five small plugins;
 *   cookies  prints one line: the admin's logged-in cookie, then the same plus a safe mode session that
 *            keeps every active plugin on (so the plugin set, and the page, stay identical).
 *
 * @package Triage
 */

// phpcs:disable WordPress.Security.EscapeOutput.OutputNotEscaped -- a command-line helper.

if ( 'cli' !== PHP_SAPI || $argc < 4 ) {
	exit( 1 );
}
$_SERVER['HTTP_HOST'] = $argv[2];
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( 'setup' === $argv[3] ) {
	$bench_plugins = array( 'triage/plugin.php', 'hello.php', 'triage-fixture-marker/triage-fixture-marker.php', 'triage-fixture-noisy/triage-fixture-noisy.php', 'triage-fixture-warning/triage-fixture-warning.php' );
	foreach ( $bench_plugins as $bench_plugin ) {
		$result = activate_plugin( $bench_plugin );
		if ( is_wp_error( $result ) ) {
			fwrite( STDERR, $bench_plugin . ': ' . $result->get_error_message() . "\n" );
			exit( 1 );
		}
	}
	if ( ! is_file( WPMU_PLUGIN_DIR . '/triage-loader.php' ) ) {
		fwrite( STDERR, "The loader was not installed on activation.\n" );
		exit( 1 );
	}
	exit( 0 );
}

$expires = time() + 3600;
$token   = WP_Session_Tokens::get_instance( 1 )->create( $expires );
$admin   = LOGGED_IN_COOKIE . '=' . rawurlencode( wp_generate_auth_cookie( 1, $expires, 'logged_in', $token ) );
$session = Triage_Safe_Mode_Loader::encode(
	array(
		'u' => 1,
		'e' => $expires,
		'k' => (array) get_option( 'active_plugins', array() ),
	)
);
$cookie  = Triage_Safe_Mode_Loader::COOKIE . '=' . $session;
echo $admin . "\t" . $admin . '; ' . $cookie . "\n";
