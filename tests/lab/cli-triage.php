<?php
/**
 * Loaded with `wp --require=tests/lab/cli-triage.php --skip-plugins=triage` by tests/lab/cli-fpm-down.sh:
 * runs this working tree's Triage (not the copy the e2e suite installed from the zip) against the lab site,
 * and names the lab's own server logs by hand (their paths in the lab's Debian-like tree, tests/lab/stack.sh),
 * which live outside the usual /var/log places.
 *
 * Loaded before WordPress: hooks are pre-seeded into $wp_filter, as core's test library does.
 *
 * @package Triage
 */

$triage_lab_logs = array(
	'nginx' => getenv( 'TRIAGE_LAB_NGINX_LOG' ),
	'fpm'   => getenv( 'TRIAGE_LAB_FPM_LOG' ),
);

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited -- pre-seeding hooks before WordPress loads.
$GLOBALS['wp_filter']['muplugins_loaded'][10]['triage_lab_cli']             = array(
	'function'      => static function () {
		if ( ! defined( 'TRIAGE_FILE' ) ) {
			require dirname( __DIR__, 2 ) . '/plugin.php';
		}
	},
	'accepted_args' => 0,
);
$GLOBALS['wp_filter']['triage_log_source_candidates'][10]['triage_lab_cli'] = array(
	'function'      => static function ( $candidates ) use ( $triage_lab_logs ) {
		if ( is_string( $triage_lab_logs['nginx'] ) && '' !== $triage_lab_logs['nginx'] ) {
			$candidates['lab-nginx'] = array(
				'label'  => 'Lab nginx error log',
				'layout' => 'line',
				'paths'  => array( $triage_lab_logs['nginx'] ),
			);
			$candidates['lab-php-fpm'] = array(
				'label'  => 'Lab PHP-FPM log',
				'layout' => 'php',
				'paths'  => array( (string) $triage_lab_logs['fpm'] ),
			);
		}
		return $candidates;
	},
	'accepted_args' => 1,
);
// phpcs:enable
