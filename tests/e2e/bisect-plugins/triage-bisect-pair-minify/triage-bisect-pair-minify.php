<?php
/**
 * Plugin Name: Triage Bisect: Pair Minify
 * Description: E2E fixture for bisection. While wp-content/triage-bisect-scenario contains "pair", it declares the global function triage_bisect_shared_helper() as it loads, as does Triage Bisect: Pair Cache: either one alone works, both together end every request with "Cannot redeclare triage_bisect_shared_helper()". Otherwise it does nothing.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether wp-content/triage-bisect-scenario names this fixture's scenario.
 *
 * @return bool
 */
function triage_bisect_pair_minify_is_on() {
	$file = WP_CONTENT_DIR . '/triage-bisect-scenario';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return false;
	}
	$scenario = file_get_contents( $file );
	return false !== $scenario && 'pair' === trim( $scenario );
}

// Declared only when this line runs (a function inside an if block is declared at run time), so the
// second of the pair to load redeclares it: "Cannot redeclare triage_bisect_shared_helper()".
if ( triage_bisect_pair_minify_is_on() ) {
	/**
	 * A helper both plugins of the pair bundle under the same name, as two plugins sharing a library do.
	 *
	 * @return string
	 */
	function triage_bisect_shared_helper() {
		return 'triage-bisect-pair-minify';
	}
}
