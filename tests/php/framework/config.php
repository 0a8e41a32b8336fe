<?php
/**
 * Test configuration: the WordPress under test and its database, from the environment (bin/test.sh sets it).
 *
 * The WordPress test library (wordpress-develop's tests/phpunit) cannot be had offline here, so this
 * folder is our own bootstrap with the same shape: a fresh install in a separate process, WordPress
 * loaded once, and WP_UnitTestCase rolling every test back in a transaction.
 *
 * @package Triage
 */

define( 'TRIAGE_TESTS_ROOT', dirname( __DIR__, 3 ) );

$triage_wp_dir = getenv( 'TRIAGE_WP_DIR' ) ? getenv( 'TRIAGE_WP_DIR' ) : TRIAGE_TESTS_ROOT . '/.cache/wordpress/6.5';
if ( ! is_file( $triage_wp_dir . '/wp-settings.php' ) ) {
	fwrite( STDERR, "No WordPress at $triage_wp_dir: run tests/lab/wordpress.sh, or npm test.\n" );
	exit( 1 );
}

define( 'ABSPATH', rtrim( $triage_wp_dir, '/' ) . '/' );
// WP_DEFAULT_THEME is left to core, so each release installs with its own default theme, as a fresh site
// does (twentytwentyfour on 6.5, twentytwentyfive on 7.1); the bisection tests rely on the active theme being
// that default, with nothing to stand in for it.
define( 'WP_TESTS_DOMAIN', 'example.org' );
define( 'WP_TESTS_EMAIL', 'admin@example.org' );
define( 'WP_TESTS_TITLE', 'Triage Tests' );
define( 'WP_TESTS_MULTISITE', '1' === getenv( 'WP_TESTS_MULTISITE' ) );
define( 'WP_PHP_BINARY', PHP_BINARY );

define( 'DB_NAME', getenv( 'TRIAGE_DB_NAME' ) ? getenv( 'TRIAGE_DB_NAME' ) : 'triage_tests' );
define( 'DB_USER', getenv( 'TRIAGE_DB_USER' ) ? getenv( 'TRIAGE_DB_USER' ) : 'triage' );
define( 'DB_PASSWORD', getenv( 'TRIAGE_DB_PASSWORD' ) ? getenv( 'TRIAGE_DB_PASSWORD' ) : 'triage-lab-password' );
define( 'DB_HOST', getenv( 'TRIAGE_DB_HOST' ) ? getenv( 'TRIAGE_DB_HOST' ) : '127.0.0.1:' . ( getenv( 'TRIAGE_DB_PORT' ) ? getenv( 'TRIAGE_DB_PORT' ) : '3307' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

// Fixed test keys: these never protect anything real.
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $triage_key ) {
	define( $triage_key, 'triage-tests-' . strtolower( $triage_key ) );
}

define( 'WP_DEBUG', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );

$table_prefix = 'wptests_'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- wp-settings.php reads it.

/**
 * Request globals WordPress expects when it is not serving a real request.
 *
 * @return void
 */
function tests_reset__SERVER() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.FunctionNameInvalid -- core's test-library name.
	$_SERVER['HTTP_HOST']       = WP_TESTS_DOMAIN;
	$_SERVER['SERVER_NAME']     = WP_TESTS_DOMAIN;
	$_SERVER['SERVER_PORT']     = '80';
	$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
	$_SERVER['REQUEST_METHOD']  = 'GET';
	$_SERVER['REQUEST_URI']     = '/';
	$_SERVER['PHP_SELF']        = '/index.php';
	$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
	unset( $_SERVER['HTTP_REFERER'], $_SERVER['HTTPS'] );
}

/**
 * Adds a hook before WordPress is loaded, through the $wp_filter pre-initialisation core supports.
 *
 * @param string   $hook_name     Hook.
 * @param callable $callback      Callback.
 * @param int      $priority      Priority.
 * @param int      $accepted_args Accepted arguments.
 * @return void
 */
function tests_add_filter( $hook_name, $callback, $priority = 10, $accepted_args = 1 ) {
	global $wp_filter;
	if ( function_exists( 'add_filter' ) ) {
		add_filter( $hook_name, $callback, $priority, $accepted_args );
		return;
	}
	$wp_filter[ $hook_name ][ $priority ][ uniqid( '', true ) ] = array(
		'function'      => $callback,
		'accepted_args' => $accepted_args,
	);
}

// Nothing is mailed from tests.
tests_add_filter( 'pre_wp_mail', '__return_true' );
