<?php
/**
 * Installs a fresh WordPress into the test database. Runs in its own PHP process (like core's test
 * library) because installing defines constants that the test process must not inherit.
 *
 * @package Triage
 */

require __DIR__ . '/config.php';

define( 'WP_INSTALLING', true );
tests_reset__SERVER();

require_once ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

global $wpdb;
$wpdb->query( 'SET default_storage_engine = InnoDB' );
$wpdb->query( 'SET foreign_key_checks = 0' );
foreach ( $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table_prefix ) . '%' ) ) as $triage_table ) { // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals -- install.php runs in its own process.
	$wpdb->query( 'DROP TABLE IF EXISTS `' . str_replace( '`', '', $triage_table ) . '`' );
}
$wpdb->query( 'SET foreign_key_checks = 1' );

// wp_install() may cache "not installed" answers from before the tables existed.
wp_cache_flush();

$triage_result = wp_install( WP_TESTS_TITLE, 'admin', WP_TESTS_EMAIL, true, '', 'password' );
if ( is_wp_error( $triage_result ) || empty( $triage_result['user_id'] ) ) {
	fwrite( STDERR, "WordPress install failed.\n" );
	exit( 1 );
}

if ( WP_TESTS_MULTISITE ) {
	require_once ABSPATH . 'wp-admin/includes/network.php';
	// A single site's $wpdb does not name the network tables yet.
	foreach ( $wpdb->tables( 'ms_global' ) as $triage_table => $triage_prefixed ) {
		$wpdb->$triage_table = $triage_prefixed;
	}
	install_network();
	$triage_network = populate_network( 1, WP_TESTS_DOMAIN, WP_TESTS_EMAIL, 'Triage Test Network', '/', false );
	if ( is_wp_error( $triage_network ) ) {
		fwrite( STDERR, 'Network install failed: ' . $triage_network->get_error_message() . "\n" );
		exit( 1 );
	}
}

printf( "Installed WordPress %s%s into %s.\n", esc_html( get_bloginfo( 'version' ) ), WP_TESTS_MULTISITE ? ' (multisite)' : '', esc_html( DB_NAME ) );
