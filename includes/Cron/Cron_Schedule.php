<?php
/**
 * One page of the wp-cron schedule, with owners, orphans, duplicates and totals.
 *
 * @package Triage
 */

namespace Triage\Cron;

use DateTimeImmutable;
use DateTimeZone;

defined( 'ABSPATH' ) || exit;

/**
 * Every event is classified (overdue, orphan, duplicate, too frequent, owner) so that filters and totals
 * cover the whole schedule; only the page's events are dressed with dates, argument previews and callback
 * details, so a page costs the same whether the site has 50 events or 10,000. Callbacks are looked up once
 * per hook. An orphan is an event no callback is hooked to in this request: a plugin that adds its cron
 * callback only inside wp-cron.php shows as an orphan here (the UI says so).
 */
final class Cron_Schedule {

	/** Recurrences shorter than this run on nearly every cron request. */
	public const TOO_FREQUENT = 60;

	/** Page size limit. */
	public const MAX_PER_PAGE = 100;

	/**
	 * Reads the option.
	 *
	 * @var Cron_Events
	 */
	private $events;

	/**
	 * Names callbacks and their owners.
	 *
	 * @var Callback_Owner
	 */
	private $owners;

	/**
	 * The doing_cron lock.
	 *
	 * @var Cron_Lock
	 */
	private $lock;

	/**
	 * Current time, injectable for tests.
	 *
	 * @var callable(): int
	 */
	private $clock;

	/**
	 * Callbacks by hook, for one page() call.
	 *
	 * @var array<string, array<int, array<string, mixed>>>
	 */
	private $callbacks = array();

	/**
	 * Orphan flag and owners by hook, for one page() call.
	 *
	 * @var array<string, array{orphan: bool, owners: array<int, string>}>
	 */
	private $hooks = array();

	/**
	 * Takes its collaborators.
	 *
	 * @param Cron_Events    $events Reads the option.
	 * @param Callback_Owner $owners Names callbacks.
	 * @param Cron_Lock      $lock   The lock.
	 * @param callable|null  $clock  Returns the current Unix time.
	 */
	public function __construct( Cron_Events $events, Callback_Owner $owners, Cron_Lock $lock, ?callable $clock = null ) {
		$this->events = $events;
		$this->owners = $owners;
		$this->lock   = $lock;
		$this->clock  = $clock ?? 'time';
	}

	/**
	 * The query arguments page() understands, with their defaults.
	 *
	 * @return array{page: int, per_page: int, hook: string, overdue: bool|null, orphan: bool|null, owner: string, orderby: string, order: string}
	 */
	public static function defaults(): array {
		return array(
			'page'     => 1,
			'per_page' => 50,
			'hook'     => '',
			'overdue'  => null,
			'orphan'   => null,
			'owner'    => '',
			'orderby'  => 'timestamp',
			'order'    => 'asc',
		);
	}

	/**
	 * One page of the schedule.
	 *
	 * @param array<string, mixed> $query See defaults(): hook is a substring, owner "type" or "type:slug" or a slug.
	 * @return array<string, mixed> Shape: includes/REST/schemas/cron/cron-schedule.json.
	 */
	public function page( array $query = array() ): array {
		$query           = self::normalise( $query );
		$now             = (int) call_user_func( $this->clock );
		$this->callbacks = array();
		$this->hooks     = array();
		$read            = $this->events->read();
		$schedules       = function_exists( 'wp_get_schedules' ) ? wp_get_schedules() : array();

		$copies = array();
		foreach ( $read['events'] as $event ) {
			$pair            = $event['hook'] . "\0" . $event['key'];
			$copies[ $pair ] = ( $copies[ $pair ] ?? 0 ) + 1;
		}
		$totals   = array(
			'events'       => count( $read['events'] ),
			'overdue'      => 0,
			'orphans'      => 0,
			'duplicates'   => 0,
			'too_frequent' => 0,
			'hooks'        => 0,
			'malformed'    => count( $read['malformed'] ),
			'oldest_late'  => 0,
		);
		$matched  = array();
		$times    = array();
		$names    = array();
		$filtered = '' !== $query['hook'] || null !== $query['overdue'] || null !== $query['orphan'] || '' !== $query['owner'];
		foreach ( $read['events'] as $index => $event ) {
			// Totals inline (no array per event): this loop is most of a page's cost on 10,000 events.
			$hook     = $this->hook( $event['hook'] );
			$overdue  = $now > $event['timestamp'];
			$frequent = null !== $event['interval'] && $event['interval'] < self::TOO_FREQUENT;
			if ( $overdue ) {
				++$totals['overdue'];
				$totals['oldest_late'] = max( $totals['oldest_late'], $now - $event['timestamp'] );
			}
			$totals['orphans']      += $hook['orphan'] ? 1 : 0;
			$totals['duplicates']   += $copies[ $event['hook'] . "\0" . $event['key'] ] > 1 ? 1 : 0;
			$totals['too_frequent'] += $frequent ? 1 : 0;
			if ( ! $filtered || self::matches( $event, $this->classify( $event, $now, $copies ), $query ) ) {
				$matched[] = $index;
				$times[]   = $event['timestamp'];
				$names[]   = $event['hook'];
			}
		}
		$totals['hooks'] = count( $this->hooks );

		// Sorted in C (array_multisort) rather than with a PHP comparison: 10,000 events stay cheap.
		// Parentheses needed: "=" binds tighter than "xor". Most late first is the oldest timestamp first.
		$desc = ( 'desc' === $query['order'] xor 'late' === $query['orderby'] );
		if ( 'hook' === $query['orderby'] ) {
			$by_hook = 'desc' === $query['order'] ? SORT_DESC : SORT_ASC;
			array_multisort( $names, $by_hook, SORT_STRING, $times, $by_hook, SORT_NUMERIC, $matched );
		} else {
			array_multisort( $times, $desc ? SORT_DESC : SORT_ASC, SORT_NUMERIC, $names, SORT_ASC, SORT_STRING, $matched );
		}
		$total = count( $matched );
		$slice = array_slice( $matched, ( $query['page'] - 1 ) * $query['per_page'], $query['per_page'] );
		$zone  = function_exists( 'wp_timezone' ) ? wp_timezone() : new DateTimeZone( 'UTC' );
		$rows  = array();
		foreach ( $slice as $index ) {
			$event  = $read['events'][ $index ];
			$rows[] = $this->row( $event, $this->classify( $event, $now, $copies ), $zone, $schedules );
		}
		return array(
			'events'      => $rows,
			'page'        => $query['page'],
			'per_page'    => $query['per_page'],
			'total'       => $total,
			'total_pages' => (int) max( 1, ceil( $total / $query['per_page'] ) ),
			'totals'      => $totals,
			'option'      => array(
				'readable'  => $read['readable'],
				'problem'   => $read['problem'],
				'version'   => $read['version'],
				'bytes'     => $read['bytes'],
				'malformed' => array_slice( $read['malformed'], 0, 20 ),
			),
			'lock'        => $this->lock->read(),
			'constants'   => array(
				'disable_wp_cron'   => defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON,
				'alternate_wp_cron' => defined( 'ALTERNATE_WP_CRON' ) && ALTERNATE_WP_CRON,
				'lock_timeout'      => Cron_Lock::timeout(),
			),
			'now'         => $now,
			'timezone'    => $zone->getName(),
		);
	}

	/**
	 * Finds one event by its identity.
	 *
	 * @param string $hook      Hook.
	 * @param int    $timestamp Time.
	 * @param string $key       Key of its arguments in the option.
	 * @return array<string, mixed>|null The event as Cron_Events reads it, with "copies".
	 */
	public function find( string $hook, int $timestamp, string $key ): ?array {
		$found  = null;
		$copies = 0;
		foreach ( $this->events->read()['events'] as $event ) {
			if ( $event['hook'] !== $hook || $event['key'] !== $key ) {
				continue;
			}
			++$copies;
			if ( $event['timestamp'] === $timestamp ) {
				$found = $event;
			}
		}
		return null === $found ? null : $found + array( 'copies' => $copies );
	}

	/**
	 * Whether a hook has callbacks in this request.
	 *
	 * @param string $hook Hook.
	 * @return bool
	 */
	public function has_callbacks( string $hook ): bool {
		return array() !== $this->callbacks_of( $hook );
	}

	/**
	 * What filters and totals need to know of an event.
	 *
	 * @param array<string, mixed> $event  Event.
	 * @param int                  $now    Time.
	 * @param array<string, int>   $copies Events per hook and key.
	 * @return array{overdue: bool, late: int, orphan: bool, copies: int, too_frequent: bool, owners: array<int, string>}
	 */
	private function classify( array $event, int $now, array $copies ): array {
		$hook = $this->hook( $event['hook'] );
		$late = $now > $event['timestamp'] ? $now - $event['timestamp'] : 0;
		return array(
			'overdue'      => $late > 0,
			'late'         => $late,
			'orphan'       => $hook['orphan'],
			'copies'       => $copies[ $event['hook'] . "\0" . $event['key'] ] ?? 1,
			'too_frequent' => null !== $event['interval'] && $event['interval'] < self::TOO_FREQUENT,
			'owners'       => $hook['owners'],
		);
	}

	/**
	 * Whether a hook has callbacks and who owns them, worked out once per hook and page() call.
	 *
	 * @param string $name Hook.
	 * @return array{orphan: bool, owners: array<int, string>}
	 */
	private function hook( string $name ): array {
		if ( ! isset( $this->hooks[ $name ] ) ) {
			$owners = array();
			foreach ( $this->callbacks_of( $name ) as $callback ) {
				$owners[ $callback['owner']['type'] . ':' . $callback['owner']['slug'] ] = true;
			}
			$this->hooks[ $name ] = array(
				'orphan' => array() === $this->callbacks_of( $name ),
				'owners' => array_keys( $owners ),
			);
		}
		return $this->hooks[ $name ];
	}

	/**
	 * Callbacks of a hook, looked up once per page() call.
	 *
	 * @param string $hook Hook.
	 * @return array<int, array<string, mixed>>
	 */
	private function callbacks_of( string $hook ): array {
		if ( ! isset( $this->callbacks[ $hook ] ) ) {
			$this->callbacks[ $hook ] = $this->owners->callbacks_of( $hook );
		}
		return $this->callbacks[ $hook ];
	}

	/**
	 * Whether an event passes the filters.
	 *
	 * @param array<string, mixed> $event   Event.
	 * @param array<string, mixed> $summary classify().
	 * @param array<string, mixed> $query   Query.
	 * @return bool
	 */
	private static function matches( array $event, array $summary, array $query ): bool {
		if ( '' !== $query['hook'] && false === stripos( $event['hook'], $query['hook'] ) ) {
			return false;
		}
		if ( null !== $query['overdue'] && $query['overdue'] !== $summary['overdue'] ) {
			return false;
		}
		if ( null !== $query['orphan'] && $query['orphan'] !== $summary['orphan'] ) {
			return false;
		}
		if ( '' === $query['owner'] ) {
			return true;
		}
		foreach ( $summary['owners'] as $owner ) {
			list( $type, $slug ) = explode( ':', $owner, 2 );
			if ( $query['owner'] === $owner || $query['owner'] === $type || $query['owner'] === $slug ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One event as the page shows it.
	 *
	 * @param array<string, mixed>                    $event     Event.
	 * @param array<string, mixed>                    $summary   classify().
	 * @param DateTimeZone                            $zone      Site time zone.
	 * @param array<int|string, array<string, mixed>> $schedules Registered recurrences.
	 * @return array<string, mixed>
	 */
	private function row( array $event, array $summary, DateTimeZone $zone, array $schedules ): array {
		$problems = $event['problems'];
		if ( null !== $event['schedule'] && ! isset( $schedules[ $event['schedule'] ] ) ) {
			// Core still reschedules it with the stored interval; the plugin that registered it is gone.
			$problems[] = 'unknown_schedule';
		}
		$when = ( new DateTimeImmutable( '@' . $event['timestamp'] ) );
		return array(
			'id'             => $event['hook'] . '|' . $event['timestamp'] . '|' . $event['key'],
			'hook'           => $event['hook'],
			'timestamp'      => $event['timestamp'],
			'key'            => $event['key'],
			'next_run_utc'   => $when->format( 'Y-m-d\TH:i:s\Z' ),
			'next_run_local' => $when->setTimezone( $zone )->format( DATE_ATOM ),
			'overdue'        => $summary['overdue'],
			'late'           => $summary['late'],
			'schedule'       => $event['schedule'],
			'schedule_label' => null !== $event['schedule'] && isset( $schedules[ $event['schedule'] ]['display'] ) ? (string) $schedules[ $event['schedule'] ]['display'] : null,
			'interval'       => $event['interval'],
			'too_frequent'   => $summary['too_frequent'],
			'args'           => Args_Preview::of( $event['args'] ),
			'callbacks'      => $this->callbacks_of( $event['hook'] ),
			'owners'         => $summary['owners'],
			'orphan'         => $summary['orphan'],
			'copies'         => $summary['copies'],
			'duplicate'      => $summary['copies'] > 1,
			'problems'       => array_values( array_unique( $problems ) ),
		);
	}

	/**
	 * Query with defaults, types and bounds applied.
	 *
	 * @param array<string, mixed> $query Query.
	 * @return array{page: int, per_page: int, hook: string, overdue: bool|null, orphan: bool|null, owner: string, orderby: string, order: string}
	 */
	private static function normalise( array $query ): array {
		$query = array_merge( self::defaults(), array_intersect_key( $query, self::defaults() ) );
		return array(
			'page'     => max( 1, (int) $query['page'] ),
			'per_page' => min( self::MAX_PER_PAGE, max( 1, (int) $query['per_page'] ) ),
			'hook'     => is_string( $query['hook'] ) ? $query['hook'] : '',
			'overdue'  => null === $query['overdue'] ? null : (bool) $query['overdue'],
			'orphan'   => null === $query['orphan'] ? null : (bool) $query['orphan'],
			'owner'    => is_string( $query['owner'] ) ? $query['owner'] : '',
			'orderby'  => in_array( $query['orderby'], array( 'timestamp', 'hook', 'late' ), true ) ? $query['orderby'] : 'timestamp',
			'order'    => 'desc' === $query['order'] ? 'desc' : 'asc',
		);
	}
}
