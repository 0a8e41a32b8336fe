<?php
/**
 * Reads the "cron" option defensively into a flat list of events.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * The option is array( timestamp => array( hook => array( md5(serialize(args)) => array( 'schedule',
 * 'args', 'interval' ) ) ), 'version' => 2 ). Plugins write it directly, migrations and object caches
 * damage it: every level is checked, nothing here warns, and what could not be read is counted and
 * named instead of dropped silently.
 */
final class Cron_Events {

	/**
	 * Reads the site's option.
	 *
	 * @return array{readable: bool, problem: string|null, version: int|null, bytes: int, malformed: array<int, array{where: string, problem: string}>, events: array<int, array{timestamp: int, hook: string, key: string, schedule: string|null, interval: int|null, args: array<mixed>, problems: array<int, string>, slot: int|string}>}
	 */
	public function read(): array {
		$raw = get_option( 'cron' );
		// The option is autoloaded: WordPress keeps it serialized among all options, so its stored size costs
		// nothing; serializing megabytes again (or asking the database for LENGTH()) would.
		$all   = wp_load_alloptions();
		$bytes = isset( $all['cron'] ) && is_string( $all['cron'] ) ? strlen( $all['cron'] ) : null;
		return self::parse( $raw, $bytes );
	}

	/**
	 * Parses a value of the option.
	 *
	 * @param mixed    $raw   Option value.
	 * @param int|null $bytes Stored size, when known (else measured by serializing the value).
	 * @return array{readable: bool, problem: string|null, version: int|null, bytes: int, malformed: array<int, array{where: string, problem: string}>, events: array<int, array{timestamp: int, hook: string, key: string, schedule: string|null, interval: int|null, args: array<mixed>, problems: array<int, string>, slot: int|string}>}
	 */
	public static function parse( $raw, ?int $bytes = null ): array {
		$result = array(
			'readable'  => true,
			'problem'   => null,
			'version'   => null,
			'bytes'     => $bytes ?? self::bytes( $raw ),
			'malformed' => array(),
			'events'    => array(),
		);
		if ( false === $raw ) {
			// No option at all: a new site, or one whose schedule was deleted. Core recreates it.
			$result['problem'] = 'missing';
			return $result;
		}
		if ( ! is_array( $raw ) ) {
			$result['readable'] = false;
			$result['problem']  = 'not_array';
			return $result;
		}
		if ( isset( $raw['version'] ) && is_numeric( $raw['version'] ) ) {
			$result['version'] = (int) $raw['version'];
		}
		unset( $raw['version'] );
		foreach ( $raw as $timestamp => $hooks ) {
			if ( ! is_numeric( $timestamp ) ) {
				// wp_get_ready_cron_jobs() compares keys with the time and stops at the first larger one: a
				// non-numeric key can keep every event after it from running.
				$result['malformed'][] = self::malformed( (string) $timestamp, 'non_numeric_timestamp' );
				continue;
			}
			if ( ! is_array( $hooks ) ) {
				$result['malformed'][] = self::malformed( (string) $timestamp, 'hooks_not_array' );
				continue;
			}
			foreach ( $hooks as $hook => $events ) {
				$where = $timestamp . '/' . $hook;
				if ( '' === (string) $hook ) {
					$result['malformed'][] = self::malformed( $where, 'empty_hook' );
					continue;
				}
				if ( ! is_array( $events ) ) {
					$result['malformed'][] = self::malformed( $where, 'events_not_array' );
					continue;
				}
				foreach ( $events as $key => $event ) {
					if ( ! is_array( $event ) ) {
						$result['malformed'][] = self::malformed( $where . '/' . $key, 'event_not_array' );
						continue;
					}
					$result['events'][] = self::event( (int) $timestamp, (string) $hook, (string) $key, $event ) + array( 'slot' => $timestamp );
				}
			}
		}//end foreach
		return $result;
	}

	/**
	 * One event, with what is wrong with it.
	 *
	 * @param int                  $timestamp Time.
	 * @param string               $hook      Hook.
	 * @param string               $key       Key in the option (md5 of the serialized arguments).
	 * @param array<string, mixed> $event     Stored event.
	 * @return array{timestamp: int, hook: string, key: string, schedule: string|null, interval: int|null, args: array<mixed>, problems: array<int, string>}
	 */
	private static function event( int $timestamp, string $hook, string $key, array $event ): array {
		$problems = array();
		$schedule = null;
		$interval = null;
		if ( ! array_key_exists( 'schedule', $event ) ) {
			// Core treats it as a single event (empty schedule); written by hand or by an old plugin.
			$problems[] = 'no_schedule_field';
		} elseif ( is_string( $event['schedule'] ) && '' !== $event['schedule'] ) {
			$schedule = $event['schedule'];
			if ( isset( $event['interval'] ) && is_numeric( $event['interval'] ) && (int) $event['interval'] > 0 ) {
				$interval = (int) $event['interval'];
			} else {
				$problems[] = 'bad_interval';
			}
		}
		$args = array();
		if ( ! array_key_exists( 'args', $event ) ) {
			$problems[] = 'no_args_field';
		} elseif ( is_array( $event['args'] ) ) {
			$args = $event['args'];
		} else {
			// do_action_ref_array() needs an array: core would fail on this event.
			$problems[] = 'args_not_array';
		}
		return array(
			'timestamp' => $timestamp,
			'hook'      => $hook,
			'key'       => $key,
			'schedule'  => $schedule,
			'interval'  => $interval,
			'args'      => $args,
			'problems'  => $problems,
		);
	}

	/**
	 * A malformed entry.
	 *
	 * @param string $where   Place in the option.
	 * @param string $problem Code.
	 * @return array{where: string, problem: string}
	 */
	private static function malformed( string $where, string $problem ): array {
		return array(
			'where'   => function_exists( 'mb_substr' ) ? mb_substr( $where, 0, 200 ) : substr( $where, 0, 200 ),
			'problem' => $problem,
		);
	}

	/**
	 * Size of the option as stored (serialized), in bytes.
	 *
	 * @param mixed $raw Option value.
	 * @return int
	 */
	private static function bytes( $raw ): int {
		if ( false === $raw ) {
			return 0;
		}
		return strlen( is_string( $raw ) ? $raw : serialize( $raw ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- measures what WordPress stores.
	}

	/**
	 * The key core uses for an event's arguments.
	 *
	 * @param array<mixed> $args Arguments.
	 * @return string
	 */
	public static function key_of( array $args ): string {
		return md5( serialize( $args ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- core's own key.
	}
}
