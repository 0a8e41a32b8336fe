<?php
/**
 * Plugin Name: Triage Fixture: Cron Pile-up
 * Description: E2E fixture for the Cron tab. While wp-content/triage-cron-pileup holds a token (tests/lab/cron.php pileup on), it schedules once per token 200 overdue events with its own callback, two orphaned events (no callback), a recurring event scheduled twice with the same arguments (a duplicate) and one overdue event whose callback exhausts memory; it keeps the site's own cron from draining them. With the switch off it removes them. When wp-content/triage-cron-heartbeat-due exists (tests/lab/cron.php heartbeat due), the next request makes Triage's heartbeat event due now, so whatever runs cron next (a page view's loopback spawn, a request to wp-cron.php) records a beat.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

const TRIAGE_FIXTURE_CRON_PILEUP_TASK   = 'triage_fixture_cron_pileup_task';
const TRIAGE_FIXTURE_CRON_PILEUP_ORPHAN = 'triage_fixture_cron_pileup_orphan';
const TRIAGE_FIXTURE_CRON_PILEUP_SYNC   = 'triage_fixture_cron_pileup_sync';
const TRIAGE_FIXTURE_CRON_PILEUP_FATAL  = 'triage_fixture_cron_pileup_fatal';
const TRIAGE_FIXTURE_CRON_PILEUP_COUNT  = 200;

add_action( TRIAGE_FIXTURE_CRON_PILEUP_TASK, 'triage_fixture_cron_pileup_task' );
add_action( TRIAGE_FIXTURE_CRON_PILEUP_SYNC, 'triage_fixture_cron_pileup_sync' );
add_action( TRIAGE_FIXTURE_CRON_PILEUP_FATAL, 'triage_fixture_cron_pileup_fatal' );
add_action( 'init', 'triage_fixture_cron_pileup_apply', 20 );
add_action( 'init', 'triage_fixture_cron_pileup_heartbeat_due', 1 );
add_filter( 'pre_get_ready_cron_jobs', 'triage_fixture_cron_pileup_hold' );

/**
 * The switch's token, or '' when off.
 *
 * @return string
 */
function triage_fixture_cron_pileup_token() {
	$file = WP_CONTENT_DIR . '/triage-cron-pileup';
	if ( ! is_file( $file ) || ! is_readable( $file ) ) {
		return '';
	}
	return trim( (string) file_get_contents( $file ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local switch file.
}

/**
 * The fixture's hooks.
 *
 * @return string[]
 */
function triage_fixture_cron_pileup_hooks() {
	return array( TRIAGE_FIXTURE_CRON_PILEUP_TASK, TRIAGE_FIXTURE_CRON_PILEUP_ORPHAN, TRIAGE_FIXTURE_CRON_PILEUP_SYNC, TRIAGE_FIXTURE_CRON_PILEUP_FATAL );
}

/**
 * Schedules the pile once per token, or removes it when the switch is off.
 *
 * @return void
 */
function triage_fixture_cron_pileup_apply() {
	$token   = triage_fixture_cron_pileup_token();
	$applied = (string) get_option( 'triage_fixture_cron_pileup_token', '' );
	if ( $token === $applied ) {
		return;
	}
	$cron = get_option( 'cron' );
	$cron = is_array( $cron ) ? $cron : array( 'version' => 2 );
	// Start from a schedule without the fixture's events, whatever the previous token left.
	foreach ( $cron as $timestamp => $hooks ) {
		if ( is_array( $hooks ) ) {
			$cron[ $timestamp ] = array_diff_key( $hooks, array_flip( triage_fixture_cron_pileup_hooks() ) );
			if ( ! $cron[ $timestamp ] ) {
				unset( $cron[ $timestamp ] );
			}
		}
	}
	if ( '' !== $token ) {
		$now    = time();
		$single = static function ( $args ) {
			return array(
				md5( serialize( $args ) ) => array(
					'schedule' => false,
					'args'     => $args,
				),
			); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- core's event key.
		};
		// Written in one update: 200 wp_schedule_single_event() calls would save the option 200 times.
		for ( $i = 0; $i < TRIAGE_FIXTURE_CRON_PILEUP_COUNT; $i++ ) {
			$cron[ $now - HOUR_IN_SECONDS - $i * 30 ][ TRIAGE_FIXTURE_CRON_PILEUP_TASK ] = $single( array( $i ) );
		}
		$cron[ $now - 2 * HOUR_IN_SECONDS ][ TRIAGE_FIXTURE_CRON_PILEUP_ORPHAN ]   = $single( array( 'gone-1' ) );
		$cron[ $now + HOUR_IN_SECONDS ][ TRIAGE_FIXTURE_CRON_PILEUP_ORPHAN ]       = $single( array( 'gone-2' ) );
		$cron[ $now - 90 * MINUTE_IN_SECONDS ][ TRIAGE_FIXTURE_CRON_PILEUP_FATAL ] = $single( array() );
		foreach ( array( $now - 10 * MINUTE_IN_SECONDS, $now + 50 * MINUTE_IN_SECONDS ) as $when ) {
			$cron[ $when ][ TRIAGE_FIXTURE_CRON_PILEUP_SYNC ] = array(
				md5( serialize( array( 'catalog' ) ) ) => array( // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- core's event key.
					'schedule' => 'hourly',
					'args'     => array( 'catalog' ),
					'interval' => HOUR_IN_SECONDS,
				),
			);
		}
		$version = isset( $cron['version'] ) ? $cron['version'] : 2;
		unset( $cron['version'] );
		ksort( $cron );
		$cron['version'] = $version;
	}
	update_option( 'cron', $cron );
	update_option( 'triage_fixture_cron_pileup_token', $token, false );
	update_option( 'triage_fixture_cron_pileup_runs', array(), false );
}

/**
 * Makes Triage's heartbeat due now, once per switch file: the spec then decides what runs cron (a page
 * view that spawns wp-cron.php through the loopback, or a request to wp-cron.php as a system cron sends
 * it) and reads which source the heartbeat recorded. Runs on init, before a page view's wp_cron() and
 * before wp-cron.php reads the due events.
 *
 * @return void
 */
function triage_fixture_cron_pileup_heartbeat_due() {
	$file = WP_CONTENT_DIR . '/triage-cron-heartbeat-due';
	if ( ! is_file( $file ) || ! unlink( $file ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.unlink_unlink -- a local switch file; whoever deletes it acts, once.
		return;
	}
	$hook = 'triage_cron_heartbeat';
	$next = wp_next_scheduled( $hook );
	if ( false !== $next ) {
		wp_unschedule_event( $next, $hook );
	}
	wp_schedule_event( time() - 1, 'triage_five_minutes', $hook );
}

/**
 * Keeps the site's own cron (spawned wp-cron.php, a system cron) from draining the pile while the switch
 * is on: the fixture's hooks are left out of the events that are due. Triage's "run now" calls the hook
 * itself and is not affected.
 *
 * @param array|null $pre Ready jobs from another filter, or null.
 * @return array|null
 */
function triage_fixture_cron_pileup_hold( $pre ) {
	if ( null !== $pre || '' === triage_fixture_cron_pileup_token() ) {
		return $pre;
	}
	$ready = array();
	$now   = microtime( true );
	$cron  = get_option( 'cron' );
	foreach ( is_array( $cron ) ? $cron : array() as $timestamp => $hooks ) {
		if ( ! is_numeric( $timestamp ) || $timestamp > $now ) {
			continue;
		}
		$hooks = is_array( $hooks ) ? array_diff_key( $hooks, array_flip( triage_fixture_cron_pileup_hooks() ) ) : array();
		if ( $hooks ) {
			$ready[ $timestamp ] = $hooks;
		}
	}
	return $ready;
}

/**
 * The pile's callback: records which task ran (the spec reads it back).
 *
 * @param int $index Task number.
 * @return void
 */
function triage_fixture_cron_pileup_task( $index = 0 ) {
	$runs   = (array) get_option( 'triage_fixture_cron_pileup_runs', array() );
	$runs[] = (int) $index;
	update_option( 'triage_fixture_cron_pileup_runs', $runs, false );
	echo 'Cron pile-up task ' . (int) $index . ' ran.';
}

/**
 * The duplicated recurring event's callback.
 *
 * @param string $what What to sync.
 * @return void
 */
function triage_fixture_cron_pileup_sync( $what = '' ) {
	unset( $what );
}

/**
 * A callback that ends PHP: memory exhausted, as a runaway import does.
 *
 * @return void
 */
function triage_fixture_cron_pileup_fatal() {
	ini_set( 'memory_limit', '64M' ); // phpcs:ignore WordPress.PHP.IniSet.memory_limit_Disallowed -- the fatal error this fixture exists for.
	$blob = str_repeat( 'x', 256 * MB_IN_BYTES );
	echo (int) strlen( $blob );
}
