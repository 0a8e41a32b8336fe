<?php
/**
 * Prepended (auto_prepend_file) to count runs of bench/safe-mode.sh only: prints the SQL queries of the
 * request to stderr once everything else, shutdown hooks included, has run.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.AlternativeFunctions

register_shutdown_function(
	static function () {
		register_shutdown_function(
			static function () {
				$queries = isset( $GLOBALS['wpdb'] ) ? (int) $GLOBALS['wpdb']->num_queries : -1;
				// php-cgi has no STDERR constant.
				file_put_contents( 'php://stderr', 'triage-bench-queries=' . $queries . "\n" );
			}
		);
	}
);
