<?php
/**
 * Installs the lab's WordPress (CLI, run by up.sh): an administrator and a subscriber, both with the password "password".
 *
 * @package Triage
 */

$triage_site = getenv( 'TRIAGE_LAB_SITE' );
$triage_url  = getenv( 'TRIAGE_LAB_URL' );
if ( ! $triage_site || ! $triage_url ) {
	fwrite( STDERR, "TRIAGE_LAB_SITE and TRIAGE_LAB_URL are required.\n" );
	exit( 1 );
}

$triage_parts           = triage_lab_http_host( $triage_url );
$_SERVER['HTTP_HOST']   = $triage_parts;
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_INSTALLING', true );
// No mail leaves the lab (and there is no sendmail): short-circuit wp_mail() before WordPress loads.
$wp_filter['pre_wp_mail'][10]['triage_lab'] = array( // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- pre-seeding hooks, as core's test library does.
	'function'      => '__return_true',
	'accepted_args' => 1,
);
define( 'WP_SITEURL', $triage_url );
define( 'WP_HOME', $triage_url );

require $triage_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$triage_result = wp_install( 'Triage Lab', 'admin', 'admin@example.org', false, '', 'password' );
if ( is_wp_error( $triage_result ) ) {
	fwrite( STDERR, $triage_result->get_error_message() . "\n" );
	exit( 1 );
}
update_option( 'siteurl', $triage_url );
update_option( 'home', $triage_url );
update_option( 'permalink_structure', '/%postname%/' );
// A second administrator, so that tests can show two admins' safe-mode sessions stay apart.
wp_insert_user(
	array(
		'user_login' => 'admin2',
		'user_pass'  => 'password',
		'user_email' => 'admin2@example.org',
		'role'       => 'administrator',
	)
);
wp_insert_user(
	array(
		'user_login' => 'subscriber',
		'user_pass'  => 'password',
		'user_email' => 'subscriber@example.org',
		'role'       => 'subscriber',
	)
);
echo 'Installed WordPress ' . esc_html( get_bloginfo( 'version' ) ) . ' at ' . esc_url( $triage_url ) . "\n";

/**
 * Host and port of a URL, as HTTP_HOST carries them.
 *
 * @param string $url URL.
 * @return string
 */
function triage_lab_http_host( $url ) {
	$host = (string) parse_url( $url, PHP_URL_HOST ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- WordPress is not loaded yet.
	$port = parse_url( $url, PHP_URL_PORT ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- WordPress is not loaded yet.
	return $port ? "$host:$port" : $host;
}
