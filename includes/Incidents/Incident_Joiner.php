<?php
/**
 * Joins the events of every log into incidents: same time, same family, same pool.
 *
 * @package Triage
 */

namespace Triage\Incidents;

defined( 'ABSPATH' ) || exit;

/**
 * Events are taken oldest first. One joins an open group of its family when it comes within a few seconds
 * of the group's last event and names no other pool (nginx's 104 and PHP-FPM's "terminating" of the same
 * second become one group); a repeat of the same kind keeps a group open for a minute, so an outage is one
 * incident, not one per request. A database outage stays open from MariaDB's shutdown to its "ready for
 * connections". Lines that only support another (slow-log stacks, access-log 5xx lines) are attached
 * afterwards to the group of their time; 502/503/504 access lines nothing explains become groups of
 * their own (cause unknown). Groups with no cause and no request (a PHP-FPM restart, a child recycled
 * with SIGTERM) are not incidents.
 *
 * Pure PHP, no WordPress.
 *
 * @phpstan-import-type Event from Event_Parser
 */
final class Incident_Joiner {

	/** Seconds between events of one group ("the same time"). */
	public const GAP = 5;

	/** Seconds between repeats of the same kind that still make one incident. */
	public const REPEAT_GAP = 60;

	/** Seconds between events of a database outage. */
	private const DATABASE_GAP = 300;

	/** Seconds before a group in which its slow-log entries may have been written. */
	private const SLOW_BEFORE = 180;

	/**
	 * Pool names by the socket or address they listen on (from the running stack).
	 *
	 * @var array<string, string>
	 */
	private $pools;

	/**
	 * Takes what maps an upstream to its pool.
	 *
	 * @param array<string, string> $pools Pool name by listen address ("/run/php/wp.sock", "127.0.0.1:9000").
	 */
	public function __construct( array $pools = array() ) {
		$this->pools = $pools;
	}

	/**
	 * Groups of events, oldest first.
	 *
	 * @param array<int, array<string, mixed>> $events Events of every source, any order.
	 * @return array<int, array<string, mixed>>
	 * @phpstan-param array<int, Event> $events
	 */
	public function join( array $events ): array {
		usort(
			$events,
			static function ( array $a, array $b ): int {
				return array( $a['time'], $a['rank'] ) <=> array( $b['time'], $b['rank'] );
			}
		);
		/**
		 * Groups so far, oldest first.
		 *
		 * @var array<int, array{family: string, start: int, end: int, pool: string|null, open: bool, events: array<int, array<string, mixed>>}> $groups
		 */
		$groups  = array();
		$slow    = array();
		$access  = array();
		$killed  = array();
		$by_kind = array();
		foreach ( $events as $event ) {
			if ( null === $event['pool'] && null !== $event['upstream'] ) {
				$event['pool'] = $this->pool_of( (string) $event['upstream'] );
			}
			if ( 'slow' === $event['family'] ) {
				$slow[] = $event;
				continue;
			}
			if ( 'access' === $event['family'] ) {
				$access[] = $event;
				continue;
			}
			if ( 'killed_request' === $event['kind'] ) {
				$killed[] = $event;
				continue;
			}
			$found = $this->find( $groups, $event, $by_kind );
			if ( null === $found && 'db_up' === $event['kind'] ) {
				// A start with no outage before it (the server's first start) is no incident.
				continue;
			}
			if ( null === $found ) {
				$groups[] = array(
					'family' => $event['family'],
					'start'  => $event['time'],
					// A state still true now (a .maintenance file left behind) lasts until now.
					'end'    => (int) ( $event['until'] ?? $event['time'] ),
					'pool'   => $event['pool'],
					'open'   => in_array( $event['kind'], array( 'db_down', 'db_crash' ), true ),
					'events' => array( $event ),
				);
				$found    = count( $groups ) - 1;
			} else {
				$group             = $groups[ $found ];
				$group['events'][] = $event;
				$group['end']      = max( $group['end'], $event['time'] );
				$group['pool']     = $group['pool'] ?? $event['pool'];
				if ( 'db_up' === $event['kind'] ) {
					$group['open'] = false;
				} elseif ( in_array( $event['kind'], array( 'db_down', 'db_crash' ), true ) ) {
					$group['open'] = true;
				}
				$groups[ $found ] = $group;
			}//end if
			$by_kind[ $found ][ $event['kind'] ] = $event['time'];
		}//end foreach

		$groups = $this->cut_by_stop( $groups );
		$groups = $this->attach_killed( $groups, $killed );
		$groups = array_values( array_filter( $groups, array( $this, 'is_incident' ) ) );
		$groups = $this->outgoing_calls_as_evidence( $groups );
		$groups = $this->attach_slow( $groups, $slow );
		return $this->attach_access( $groups, $access );
	}

	/**
	 * The open group an event joins, or null.
	 *
	 * @param array<int, array<string, mixed>> $groups  Groups so far.
	 * @param array<string, mixed>             $event   Event.
	 * @param array<int, array<string, int>>   $by_kind Last time of each kind, by group.
	 * @return int|null
	 */
	private function find( array $groups, array $event, array $by_kind ): ?int {
		// The newest groups only: bounded work per event, whatever the number of incidents.
		$last  = count( $groups ) - 1;
		$first = max( 0, $last - 63 );
		for ( $i = $last; $i >= $first; $i-- ) {
			$group = $groups[ $i ];
			if ( $group['end'] < $event['time'] - self::DATABASE_GAP && ! $group['open'] ) {
				continue;
			}
			if ( $group['family'] !== $event['family'] ) {
				continue;
			}
			if ( null !== $group['pool'] && null !== $event['pool'] && $group['pool'] !== $event['pool'] ) {
				continue;
			}
			if ( 'external' === $group['family'] && $group['events'][0]['host'] !== $event['host'] && null !== $event['host'] ) {
				continue;
			}
			$gap = $event['time'] - $group['end'];
			if ( in_array( $group['family'], array( 'death', 'fatal' ), true ) && null !== $event['cause'] && $this->other_cause( $group, $event ) ) {
				// A segfault and a SIGKILL two seconds apart are two deaths, not one; an exhausted memory_limit
				// and another request's fatal error seconds later are two fatals.
				continue;
			}
			if ( 'connect' === $group['family'] && $gap > 1 && in_array( $event['cause'], array( 'fpm_stopped', 'fpm_not_listening' ), true ) && $this->other_cause( $group, $event ) ) {
				// A missing socket, then seconds later a refused one (or the reverse): PHP-FPM was started in
				// between and failed again another way, two incidents with two fixes.
				continue;
			}
			if ( 'database' === $group['family'] ) {
				if ( $group['open'] || $gap <= self::DATABASE_GAP ) {
					return $i;
				}
				continue;
			}
			if ( $gap <= self::GAP ) {
				return $i;
			}
			// Repeats of a line that names a cause (not a bare 104, which any death gives) keep an outage one incident.
			// Deaths repeat as one incident only when close (a crash loop), so separate crashes keep their own times.
			$repeat = 'death' === $group['family'] ? 2 * self::GAP : self::REPEAT_GAP;
			if ( $gap <= $repeat && null !== $event['cause'] && isset( $by_kind[ $i ][ $event['kind'] ] ) ) {
				return $i;
			}
		}//end for
		return null;
	}

	/**
	 * Workers that died while PHP-FPM was being stopped or restarted (nginx's 104, "exited on signal 15"
	 * with no "terminating") were ended by that stop: such a death gets PHP-FPM's stop line as its cause.
	 *
	 * @param array<int, array<string, mixed>> $groups Groups.
	 * @return array<int, array<string, mixed>>
	 */
	private function cut_by_stop( array $groups ): array {
		$stops = array();
		foreach ( $groups as $group ) {
			foreach ( $group['events'] as $event ) {
				if ( 'fpm_stop' === $event['kind'] ) {
					$stops[] = $event;
				}
			}
		}
		foreach ( $groups as $i => $group ) {
			if ( 'death' !== $group['family'] || array_filter( array_column( $group['events'], 'cause' ) ) ) {
				continue;
			}
			foreach ( $stops as $stop ) {
				if ( abs( $stop['time'] - $group['start'] ) <= self::GAP ) {
					$stop['kind']             = 'fpm_restart';
					$stop['cause']            = 'fpm_stopped';
					$stop['rank']             = 50;
					$groups[ $i ]['events'][] = $stop;
					break;
				}
			}
		}
		return $groups;
	}

	/**
	 * Outgoing calls of the same seconds as a line of the web server, PHP-FPM or PHP that decides a cause
	 * (a missing socket, a worker's death, a fatal) are only evidence of that incident: a slow call never
	 * explains a stopped PHP-FPM or an exhausted memory_limit, and must not stand beside it as a second cause.
	 *
	 * @param array<int, array<string, mixed>> $groups Groups, oldest first.
	 * @return array<int, array<string, mixed>>
	 */
	private function outgoing_calls_as_evidence( array $groups ): array {
		$decisive = array( 'connect', 'death', 'timeout', 'fatal', 'header', 'database' );
		foreach ( $groups as $i => $group ) {
			if ( 'external' !== $group['family'] ) {
				continue;
			}
			foreach ( $groups as $j => $other ) {
				if ( ! in_array( $other['family'], $decisive, true ) || $group['start'] > $other['end'] + self::GAP || $group['end'] < $other['start'] - self::GAP ) {
					continue;
				}
				foreach ( $group['events'] as $event ) {
					// Kept for its line alone: no cause, no rank, no host or plugin to be taken for the culprit.
					$event['kind']    = 'external_evidence';
					$event['cause']   = null;
					$event['rank']    = 99;
					$event['certain'] = false;
					$event['request'] = false;
					$event['host']    = null;
					$event['plugin']  = null;
					$event['paths']   = array();

					$groups[ $j ]['events'][] = $event;
				}
				unset( $groups[ $i ] );
				break;
			}
		}//end foreach
		return array_values( $groups );
	}

	/**
	 * Whether a group already holds a line naming another cause than the event's.
	 *
	 * @param array<string, mixed> $group Group.
	 * @param array<string, mixed> $event Event.
	 * @return bool
	 */
	private function other_cause( array $group, array $event ): bool {
		foreach ( $group['events'] as $known ) {
			if ( null !== $known['cause'] && $known['cause'] !== $event['cause'] ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a group is an incident: something names a cause, or a request failed.
	 *
	 * @param array<string, mixed> $group Group.
	 * @return bool
	 */
	private function is_incident( array $group ): bool {
		foreach ( $group['events'] as $event ) {
			if ( null !== $event['cause'] || $event['request'] ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Killed requests (flight recorder) join a worker death of their time; the others become groups of
	 * their own, one per minute of start times.
	 *
	 * @param array<int, array<string, mixed>> $groups Groups.
	 * @param array<int, array<string, mixed>> $killed Killed-request events (time = request start).
	 * @return array<int, array<string, mixed>>
	 */
	private function attach_killed( array $groups, array $killed ): array {
		$alone = array();
		foreach ( $killed as $event ) {
			$limit = $event['time'] + (int) ( $event['number'] ?? 0 ) + 600;
			$match = null;
			foreach ( $groups as $i => $group ) {
				if ( 'death' === $group['family'] && $group['start'] >= $event['time'] - self::GAP && $group['start'] <= $limit && $this->same_url( $group, $event ) ) {
					$match = $i;
					break;
				}
			}
			if ( null === $match ) {
				$alone[] = $event;
				continue;
			}
			$groups[ $match ]['events'][] = $event;
		}
		foreach ( $alone as $event ) {
			$last = count( $groups ) - 1;
			if ( $last >= 0 && 'killed' === $groups[ $last ]['family'] && $event['time'] - $groups[ $last ]['end'] <= self::REPEAT_GAP ) {
				$groups[ $last ]['events'][] = $event;
				$groups[ $last ]['end']      = max( $groups[ $last ]['end'], $event['time'] );
				continue;
			}
			$groups[] = array(
				'family' => 'killed',
				'start'  => $event['time'],
				'end'    => $event['time'],
				'pool'   => null,
				'open'   => false,
				'events' => array( $event ),
			);
		}
		return $groups;
	}

	/**
	 * Slow-log entries join the group they explain: the same pid as a killed request, or the same pool
	 * (or URL) shortly before a timeout, a saturation or a death. Never a PHP-FPM that was down: its slow
	 * log is about requests from before.
	 *
	 * @param array<int, array<string, mixed>> $groups Groups.
	 * @param array<int, array<string, mixed>> $slow   Slow-log events.
	 * @return array<int, array<string, mixed>>
	 */
	private function attach_slow( array $groups, array $slow ): array {
		foreach ( $slow as $event ) {
			$best = null;
			foreach ( $groups as $i => $group ) {
				if ( ! in_array( $group['family'], array( 'timeout', 'death', 'connect', 'external' ), true ) ) {
					continue;
				}
				if ( $event['time'] < $group['start'] - self::SLOW_BEFORE || $event['time'] > $group['end'] + self::GAP ) {
					continue;
				}
				$kinds = array_column( $group['events'], 'kind' );
				if ( in_array( 'fpm_stopped', $kinds, true ) || in_array( 'fpm_not_listening', $kinds, true ) ) {
					continue;
				}
				$pids = array_filter( array_column( $group['events'], 'pid' ) );
				if ( null !== $event['pid'] && in_array( $event['pid'], $pids, true ) ) {
					$best = $i;
					break;
				}
				// A death PHP-FPM logged is one worker's: only its own pid's stack explains it (above). Otherwise
				// the same pool, or the same URL: a server may run other sites and pools than this one.
				$urls = array_filter( array_column( $group['events'], 'url' ) );
				if ( ( 'death' !== $group['family'] || ! $pids ) && ( ( null !== $group['pool'] && $group['pool'] === $event['pool'] ) || ( null !== $event['url'] && in_array( $event['url'], $urls, true ) ) ) ) {
					$best = $best ?? $i;
				}
			}//end foreach
			if ( null !== $best ) {
				$groups[ $best ]['events'][] = $event;
			}
		}//end foreach
		return $groups;
	}

	/**
	 * Access-log 5xx lines join the group that has a failed request of the same second, status and URL
	 * (the web server's error line of the same request); 502, 503 and 504 lines that none explains
	 * become groups of unknown cause.
	 *
	 * @param array<int, array<string, mixed>> $groups Groups.
	 * @param array<int, array<string, mixed>> $access Access-log events.
	 * @return array<int, array<string, mixed>>
	 */
	private function attach_access( array $groups, array $access ): array {
		$alone = array();
		foreach ( $access as $event ) {
			// The group with a failed request of the same URL wins over one whose lines name no URL, then the nearest.
			$best  = null;
			$score = PHP_INT_MAX;
			foreach ( $groups as $i => $group ) {
				if ( $event['time'] < $group['start'] - 2 || $event['time'] > $group['end'] + 2 ) {
					continue;
				}
				foreach ( $group['events'] as $known ) {
					$apart = abs( $known['time'] - $event['time'] );
					if ( ! $known['request'] || $apart > 2 || ( null !== $known['status'] && $known['status'] !== $event['status'] ) ) {
						continue;
					}
					if ( null !== $known['url'] && $known['url'] !== $event['url'] ) {
						continue;
					}
					$rank = ( null === $known['url'] ? 10 : 0 ) + $apart;
					if ( $rank < $score ) {
						$best  = $i;
						$score = $rank;
					}
				}
			}
			if ( null !== $best ) {
				$groups[ $best ]['events'][] = $event;
			} elseif ( in_array( $event['status'], array( 502, 503, 504 ), true ) ) {
				$alone[] = $event;
			}
		}//end foreach
		$extra = array();
		foreach ( $alone as $event ) {
			$last = count( $extra ) - 1;
			if ( $last >= 0 && $event['time'] - $extra[ $last ]['end'] <= self::GAP ) {
				$extra[ $last ]['events'][] = $event;
				$extra[ $last ]['end']      = $event['time'];
				continue;
			}
			$extra[] = array(
				'family' => 'access',
				'start'  => $event['time'],
				'end'    => $event['time'],
				'pool'   => null,
				'open'   => false,
				'events' => array( $event ),
			);
		}
		return array_merge( $groups, $extra );
	}

	/**
	 * Whether an event's URL is one of a group's (or either has none).
	 *
	 * @param array<string, mixed> $group Group.
	 * @param array<string, mixed> $event Event.
	 * @return bool
	 */
	private function same_url( array $group, array $event ): bool {
		$urls = array_filter( array_column( $group['events'], 'url' ) );
		return null === $event['url'] || ! $urls || in_array( $event['url'], $urls, true );
	}

	/**
	 * The pool behind an upstream address, when the stack says.
	 *
	 * @param string $upstream nginx's upstream, e.g. "fastcgi://unix:/run/php/wp.sock:".
	 * @return string|null
	 */
	private function pool_of( string $upstream ): ?string {
		$address = preg_replace( '#^fastcgi://(?:unix:)?#', '', rtrim( $upstream, ':' ) );
		return $this->pools[ (string) $address ] ?? null;
	}
}
