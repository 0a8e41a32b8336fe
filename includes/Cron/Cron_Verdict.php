<?php
/**
 * Reads the heartbeat history into a verdict a person can act on.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * Pure: history, time and constants in, verdict out. The cadence is the median gap between beats (one
 * missed run does not change it); the main runner is the one that ran most of the last beats.
 */
final class Cron_Verdict {

	/** No beat for this long (three intervals) means cron has stopped. */
	private const STOPPED_AFTER = 3 * Cron_Heartbeat::INTERVAL;

	/** Beats the main runner and cadence are read from. */
	private const RECENT = 12;

	/**
	 * Judges a history.
	 *
	 * @param array{installed: int|null, beats: array<int, array<string, mixed>>} $history History.
	 * @param int                                                                 $now       Time.
	 * @param bool                                                                $disabled  DISABLE_WP_CRON.
	 * @param bool                                                                $alternate ALTERNATE_WP_CRON.
	 * @param int|false                                                           $next      Next heartbeat.
	 * @return array{state: string, summary: string, disable_wp_cron: bool, alternate_wp_cron: bool, main_source: string|null, sources: array<string, int>, cadence: int|null, median_lag: int|null, last_run: int|null, last_source: string|null, last_age: int|null, next_beat: int|null, beats: int, recent: array<int, array<string, mixed>>}
	 */
	public function judge( array $history, int $now, bool $disabled, bool $alternate, $next ): array {
		$beats   = $history['beats'];
		$recent  = array_slice( $beats, -self::RECENT );
		$last    = $beats ? $beats[ count( $beats ) - 1 ] : null;
		$sources = array_fill_keys( Cron_Run_Source::SOURCES, 0 );
		foreach ( $recent as $beat ) {
			$sources[ $beat['source'] ] = ( $sources[ $beat['source'] ] ?? 0 ) + 1;
		}
		arsort( $sources );
		$main = $recent ? (string) array_key_first( $sources ) : null;
		$gaps = array();
		$lags = array();
		for ( $i = 1, $n = count( $recent ); $i < $n; $i++ ) {
			$gaps[] = $recent[ $i ]['at'] - $recent[ $i - 1 ]['at'];
		}
		foreach ( $recent as $beat ) {
			$lags[] = (int) $beat['lag'];
		}
		$cadence  = self::median( $gaps );
		$last_age = null === $last ? null : max( 0, $now - (int) $last['at'] );
		$waiting  = null === $last ? ( null === $history['installed'] ? null : $now - $history['installed'] ) : $last_age;

		if ( null !== $waiting && $waiting > self::STOPPED_AFTER ) {
			$state = 'stopped';
		} elseif ( null === $last ) {
			$state = 'waiting';
		} else {
			$state = 'running';
		}
		return array(
			'state'             => $state,
			'summary'           => self::summary( $state, $disabled, $alternate, $main, $cadence, $waiting, count( $beats ) ),
			'disable_wp_cron'   => $disabled,
			'alternate_wp_cron' => $alternate,
			'main_source'       => $main,
			'sources'           => array_filter( $sources ),
			'cadence'           => $cadence,
			'median_lag'        => self::median( $lags ),
			'last_run'          => null === $last ? null : (int) $last['at'],
			'last_source'       => null === $last ? null : (string) $last['source'],
			'last_age'          => $last_age,
			'next_beat'         => false === $next ? null : (int) $next,
			'beats'             => count( $beats ),
			'recent'            => array_reverse( array_slice( $beats, -10 ) ),
		);
	}

	/**
	 * The sentence shown at the top of the Cron tab.
	 *
	 * @param string      $state     running, waiting or stopped.
	 * @param bool        $disabled  DISABLE_WP_CRON.
	 * @param bool        $alternate ALTERNATE_WP_CRON.
	 * @param string|null $main      Main runner.
	 * @param int|null    $cadence   Median gap in seconds.
	 * @param int|null    $waiting   Seconds since the last beat (or since the heartbeat was scheduled).
	 * @param int         $count     Beats recorded.
	 * @return string
	 */
	private static function summary( string $state, bool $disabled, bool $alternate, ?string $main, ?int $cadence, ?int $waiting, int $count ): string {
		if ( 'stopped' === $state ) {
			$since = self::span( (int) $waiting );
			if ( $disabled ) {
				/* translators: %s: a duration such as "3 hours". */
				return sprintf( __( 'DISABLE_WP_CRON is set and nothing has run scheduled events for %s: the system cron job is missing or failing.', 'triage' ), $since );
			}
			/* translators: %s: a duration such as "3 hours". */
			return sprintf( __( 'Nothing has run scheduled events for %s: page views do not spawn wp-cron.php (failing loopback, no traffic, or a cached site).', 'triage' ), $since );
		}
		if ( 'waiting' === $state ) {
			return __( 'The heartbeat is scheduled; no run has been recorded yet. Come back in a few minutes.', 'triage' );
		}
		$names = array(
			'loopback'  => __( 'WordPress spawning wp-cron.php on page views', 'triage' ),
			'system'    => __( 'a system cron requesting wp-cron.php', 'triage' ),
			'wp-cli'    => __( 'WP-CLI (wp cron event run)', 'triage' ),
			'alternate' => __( 'alternate cron inside page views', 'triage' ),
			'manual'    => __( 'a manual run', 'triage' ),
		);
		$who   = $names[ (string) $main ] ?? (string) $main;
		$every = null === $cadence
			? __( 'once so far', 'triage' )
			/* translators: %s: a duration such as "5 mins". */
			: sprintf( __( 'about every %s', 'triage' ), self::span( $cadence ) );
		if ( $disabled ) {
			/* translators: 1: what runs cron, 2: how often, 3: number of runs. */
			return sprintf( __( 'DISABLE_WP_CRON is set and %1$s runs events %2$s (%3$d runs recorded).', 'triage' ), $who, $every, $count );
		}
		if ( $alternate ) {
			/* translators: 1: what runs cron, 2: how often, 3: number of runs. */
			return sprintf( __( 'ALTERNATE_WP_CRON is set; %1$s runs events %2$s (%3$d runs recorded).', 'triage' ), $who, $every, $count );
		}
		/* translators: 1: what runs cron, 2: how often, 3: number of runs. */
		return sprintf( __( 'Cron runs: %1$s runs events %2$s (%3$d runs recorded).', 'triage' ), $who, $every, $count );
	}

	/**
	 * A duration in words. human_time_diff( 0, 0 ) would measure from 1970 (an empty end means "now"):
	 * beats seconds apart give a cadence of 0, which must read as seconds, not decades.
	 *
	 * @param int $seconds Seconds.
	 * @return string
	 */
	private static function span( int $seconds ): string {
		return human_time_diff( 0, max( 1, $seconds ) );
	}

	/**
	 * Median of integers, or null for none.
	 *
	 * @param array<int, int> $values Values.
	 * @return int|null
	 */
	private static function median( array $values ): ?int {
		if ( ! $values ) {
			return null;
		}
		sort( $values );
		$middle = intdiv( count( $values ), 2 );
		return count( $values ) % 2 ? $values[ $middle ] : intdiv( $values[ $middle - 1 ] + $values[ $middle ], 2 );
	}
}
