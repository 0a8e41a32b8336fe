<?php
/**
 * Loaded with `wp --require=tests/lab/cli-triage.php --skip-plugins=triage` by tests/lab/cli-fpm-down.sh:
 * runs this working tree's Triage (not the copy the e2e suite installed from the zip) against the lab site.
 * No log path is given: Triage finds the lab's running nginx and PHP-FPM and their logs by itself.
 *
 * Loaded before WordPress: hooks are pre-seeded into $wp_filter, as core's test library does.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited -- pre-seeding hooks before WordPress loads.
$GLOBALS['wp_filter']['muplugins_loaded'][10]['triage_lab_cli'] = array(
	'function'      => static function () {
		if ( ! defined( 'TRIAGE_FILE' ) ) {
			require dirname( __DIR__, 2 ) . '/plugin.php';
		}
	},
	'accepted_args' => 0,
);
// phpcs:enable
