<?php
/**
 * PHPUnit bootstrap: installs WordPress afresh, loads it with Triage active, then the test framework.
 *
 * @package Triage
 */

require __DIR__ . '/framework/config.php';

// 1. A clean install, in a child process.
$triage_install = escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/framework/install.php' );
system( $triage_install, $triage_status );
if ( 0 !== $triage_status ) {
	exit( 1 );
}

if ( WP_TESTS_MULTISITE ) {
	define( 'MULTISITE', true );
	define( 'SUBDOMAIN_INSTALL', false );
	define( 'DOMAIN_CURRENT_SITE', WP_TESTS_DOMAIN );
	define( 'PATH_CURRENT_SITE', '/' );
	define( 'SITE_ID_CURRENT_SITE', 1 );
	define( 'BLOG_ID_CURRENT_SITE', 1 );
}

// 2. Triage loads where a must-use plugin would, so it is active for every test.
tests_add_filter(
	'muplugins_loaded',
	static function () {
		require TRIAGE_TESTS_ROOT . '/plugin.php';
	}
);

// The machine's running servers and the shared test MariaDB's log are not the test site's: tests that
// discover a stack hand Stack_Discovery a fixture tree and options of their own.
tests_add_filter( 'triage_discover_stack', '__return_false' );

// 3. WordPress itself.
tests_reset__SERVER();
require_once ABSPATH . 'wp-settings.php';

// 4. The framework.
require_once __DIR__ . '/framework/class-wp-unittest-factory.php';
require_once __DIR__ . '/framework/class-wp-unittestcase.php';
require_once __DIR__ . '/framework/class-triage-rest-testcase.php';
require_once __DIR__ . '/Health/Health_Test_Case.php';

// Loading WordPress as the test process is not a request: start every test logged out.
wp_set_current_user( 0 );
