<?php
/**
 * Turns a group of joined events into an incident: one cause, one sentence, the evidence, one fix.
 *
 * @package Triage
 */

namespace Triage\Incidents;

use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Entry_Parser;

defined( 'ABSPATH' ) || exit;

/**
 * The most explanatory event decides the cause (lowest rank: PHP-FPM's "terminating" explains nginx's
 * 104; a missing socket explains a refused one). Requests are counted once: per source, then the largest
 * count wins, so the nginx line and the PHP-FPM line of one killed request are one request. Statuses come
 * from the source that counted most. Evidence is grouped per source, redacted, a few lines each, the
 * deciding source first. The culprit is the first plugin or theme any evidence names: the fatal's file,
 * then slow-log frames, then the flight recorder.
 *
 * Shape: includes/REST/schemas/incidents/incident.json.
 */
final class Incident_Builder {

	/** Lines of evidence kept per source. */
	private const LINES = 4;

	/** URLs kept per incident. */
	private const URLS = 10;

	/** Seconds from which a sentence gives a span ("between … and …") instead of one time. */
	private const SPAN = 10;

	/**
	 * Attribution of paths to plugins and themes; null to skip.
	 *
	 * @var Log_Attributor|null
	 */
	private $attributor;

	/**
	 * Returns names by attribution type and slug (Plugin_Inventory::names()); called at most once.
	 *
	 * @var callable(): array<string, array<string, string>>
	 */
	private $names_factory;

	/**
	 * Names, once loaded.
	 *
	 * @var array<string, array<string, string>>|null
	 */
	private $names = null;

	/**
	 * Source label and path by id, and where a bound cut the reading short (cut, Unix time).
	 *
	 * @var array<string, array{label: string, path: string, cut?: int}>
	 */
	private $sources;

	/**
	 * What the running stack says: max_children by pool name ('' for the pool serving this site),
	 * fastcgi_read_timeout.
	 *
	 * @var array{max_children: array<string, int>, fastcgi_read_timeout: int|null}
	 */
	private $stack;

	/**
	 * Formats a time for a sentence.
	 *
	 * @var callable(int): string
	 */
	private $format_time;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Attributor|null                                                     $attributor    Attribution, or null.
	 * @param callable                                                                $names_factory Returns names by type and slug.
	 * @param array<string, array{label: string, path: string, cut?: int}>            $sources       Sources by id.
	 * @param array{max_children: array<string, int>, fastcgi_read_timeout: int|null} $stack         Stack facts.
	 * @param callable                                                                $format_time   Unix time to text.
	 */
	public function __construct( ?Log_Attributor $attributor, callable $names_factory, array $sources, array $stack, callable $format_time ) {
		$this->attributor    = $attributor;
		$this->names_factory = $names_factory;
		$this->sources       = $sources;
		$this->stack         = $stack;
		$this->format_time   = $format_time;
	}

	/**
	 * The incident of a group.
	 *
	 * @param array<string, mixed> $group Incident_Joiner group.
	 * @return array<string, mixed>
	 */
	public function build( array $group ): array {
		$events  = $group['events'];
		$decider = $this->decider( $events );
		$cause   = null === $decider ? 'unknown' : (string) $decider['cause'];
		if ( 'fpm_not_listening' === $cause && $this->stopped_before( $events ) ) {
			// Over TCP a stopped PHP-FPM is refused too (there is no socket file to miss): its own log says it stopped.
			$cause = 'fpm_stopped';
		}
		$culprit = $this->culprit( $events, $decider );
		if ( 'php_fatal' === $cause && null !== $culprit && in_array( $culprit['type'], array( 'plugin', 'theme' ), true ) ) {
			$cause = $culprit['type'] . '_fatal';
		}
		list( $requests, $statuses ) = $this->requests( $events, $cause );

		$pool  = $group['pool'];
		$facts = $this->facts( $events, $cause, $pool, $culprit );
		$urls  = array();
		foreach ( $events as $event ) {
			if ( null !== $event['url'] && count( $urls ) < self::URLS ) {
				$urls[ Log_Entry_Parser::scrub( (string) $event['url'] ) ] = true;
			}
		}
		$server = null;
		foreach ( $events as $event ) {
			$server = $server ?? $event['server'];
		}
		$certainty = 'unknown';
		if ( null !== $decider ) {
			$certainty = $decider['certain'] || $this->confirmed( $events, $cause ) ? 'certain' : 'likely';
		}

		return array(
			'id'        => substr( md5( $cause . '|' . $group['start'] . '|' . (string) $pool . '|' . $events[0]['source'] ), 0, 12 ),
			'cause'     => $cause,
			// A .maintenance file WordPress still honours keeps every visitor on 503.
			'severity'  => ! empty( $facts['honoured'] ) ? 'critical' : Cause_Catalog::severity( $cause ),
			'title'     => Cause_Catalog::title( $cause ),
			'sentence'  => $this->sentence( $group, $requests, $statuses, $pool, Cause_Catalog::clause( $cause, $facts ), ! empty( $facts['ongoing'] ) ),
			'start'     => (int) $group['start'],
			'end'       => (int) $group['end'],
			'requests'  => $requests,
			'statuses'  => $statuses,
			'urls'      => array_keys( $urls ),
			'pool'      => $pool,
			'server'    => $server,
			'culprit'   => $culprit,
			'evidence'  => $this->evidence( $events, $decider ),
			'fix'       => Cause_Catalog::fix( $cause, $facts ),
			'certainty' => $certainty,
		);
	}

	/**
	 * The event that decides the cause: the lowest rank among those that name one.
	 *
	 * @param array<int, array<string, mixed>> $events Events.
	 * @return array<string, mixed>|null
	 */
	private function decider( array $events ): ?array {
		$best = null;
		foreach ( $events as $event ) {
			if ( null !== $event['cause'] && ( null === $best || $event['rank'] < $best['rank'] ) ) {
				$best = $event;
			}
		}
		return $best;
	}

	/**
	 * Whether other lines confirm an inferred cause (a connect time-out with PHP-FPM's own "max_children").
	 *
	 * @param array<int, array<string, mixed>> $events Events.
	 * @param string                           $cause  Cause.
	 * @return bool
	 */
	private function confirmed( array $events, string $cause ): bool {
		foreach ( $events as $event ) {
			if ( $event['certain'] && $cause === $event['cause'] ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Requests affected and their statuses, each request once.
	 *
	 * @param array<int, array<string, mixed>> $events Events.
	 * @param string                           $cause  Cause.
	 * @return array{0: int, 1: array<int, array{status: int, count: int}>}
	 */
	private function requests( array $events, string $cause ): array {
		$by_source = array();
		foreach ( $events as $event ) {
			if ( ! $event['request'] ) {
				continue;
			}
			// One nginx connection is one request, however many lines it wrote.
			$key                                   = null !== $event['conn'] ? 'c' . $event['conn'] : 'e' . count( $by_source[ $event['source'] ] ?? array() );
			$by_source[ $event['source'] ][ $key ] = (int) $event['status'];
		}
		$best = array();
		foreach ( $by_source as $requests ) {
			if ( count( $requests ) > count( $best ) ) {
				$best = $requests;
			}
		}
		$counts = array();
		foreach ( $best as $status ) {
			if ( $status > 0 ) {
				$counts[ $status ] = ( $counts[ $status ] ?? 0 ) + 1;
			}
		}
		ksort( $counts );
		$statuses = array();
		foreach ( $counts as $status => $count ) {
			$statuses[] = array(
				'status' => (int) $status,
				'count'  => $count,
			);
		}
		if ( 'maintenance_stuck' === $cause ) {
			return array( 0, array() );
		}
		return array( count( $best ), $statuses );
	}

	/**
	 * The numbers and names the sentence and fix use.
	 *
	 * @param array<int, array<string, mixed>> $events  Events.
	 * @param string                           $cause   Cause.
	 * @param string|null                      $pool    Pool.
	 * @param array<string, mixed>|null        $culprit Culprit.
	 * @return array<string, mixed>
	 */
	private function facts( array $events, string $cause, ?string $pool, ?array $culprit ): array {
		$facts = array();
		foreach ( $events as $event ) {
			switch ( $event['kind'] ) {
				case 'max_children':
					if ( null !== $event['number'] ) {
						$facts['max_children'] = (int) $event['number'];
					}
					break;
				case 'terminated':
				case 'max_execution_time':
					if ( null !== $event['number'] && ! isset( $facts['seconds'] ) ) {
						$facts['seconds'] = rtrim( rtrim( number_format( (float) $event['number'], 2, '.', '' ), '0' ), '.' );
					}
					break;
				case 'memory_limit':
					if ( null !== $event['number'] ) {
						$facts['memory'] = round( (float) $event['number'] / 1048576 ) . ' MB';
					}
					break;
				case 'fpm_stopped':
					if ( null !== $event['upstream'] ) {
						$facts['socket'] = (string) preg_replace( '#^fastcgi://(?:unix:)?#', '', rtrim( (string) $event['upstream'], ':' ) );
					}
					break;
				case 'db_down':
					$facts['db_stopped'] = true;
					break;
				case 'db_crash':
					$facts['db_crashed'] = true;
					break;
				case 'fpm_restart':
					$facts['restart'] = true;
					break;
				case 'fpm_not_listening':
					$facts['refused'] = true;
					break;
				case 'killed_request':
					if ( 'too_old' === ( $event['facts']['why'] ?? '' ) ) {
						$facts['too_old'] = true;
					}
					break;
				case 'worker_reset':
				case 'sigterm':
					$facts['worker_died'] = true;
					break;
				case 'external':
					$facts['host'] = $facts['host'] ?? $event['host'];
					break;
				case 'state':
					$facts = array_merge( $facts, (array) ( $event['facts'] ?? array() ) );
					break;
			}//end switch
		}//end foreach
		if ( 'pool_saturated' === $cause && ! isset( $facts['max_children'] ) ) {
			$known = $this->stack['max_children'];
			$value = null !== $pool && isset( $known[ $pool ] ) ? $known[ $pool ] : ( $known[''] ?? null );
			if ( null !== $value ) {
				// Read from the pool's configuration now, which may have changed since (a restart with another size).
				$facts['max_children']     = $value;
				$facts['max_children_now'] = true;
			}
		}
		if ( null !== $this->stack['fastcgi_read_timeout'] ) {
			$facts['fastcgi_read_timeout'] = $this->stack['fastcgi_read_timeout'];
		}
		if ( null !== $culprit && 'host' !== $culprit['type'] ) {
			$facts['culprit'] = $culprit['name'];
		}
		if ( null !== $culprit && 'host' === $culprit['type'] && ! isset( $facts['host'] ) ) {
			$facts['host'] = $culprit['slug'];
		}
		return $facts;
	}

	/**
	 * The first plugin or theme the evidence names (the deciding line's files first), or the host of a
	 * failing external call, or the file of a fatal outside plugins and themes.
	 *
	 * @param array<int, array<string, mixed>> $events  Events.
	 * @param array<string, mixed>|null        $decider Deciding event.
	 * @return array{type: string, slug: string, name: string, file: string|null}|null
	 */
	private function culprit( array $events, ?array $decider ): ?array {
		$ordered = null === $decider ? $events : array_merge( array( $decider ), $events );
		foreach ( $ordered as $event ) {
			if ( isset( $event['plugin'] ) && is_string( $event['plugin'] ) && '' !== $event['plugin'] ) {
				return $this->named( 'plugin', $event['plugin'], null );
			}
			if ( null === $this->attributor || ! $event['paths'] ) {
				continue;
			}
			foreach ( $event['paths'] as $path ) {
				$found = $this->attributor->classify( (string) $path );
				if ( null !== $found && in_array( $found['type'], array( 'plugin', 'mu-plugin', 'theme' ), true ) ) {
					return $this->named( $found['type'], $found['slug'], $found['file'] . $this->line_of( $event, (string) $path ) );
				}
			}
		}
		foreach ( $ordered as $event ) {
			if ( null !== $event['host'] ) {
				return array(
					'type' => 'host',
					'slug' => (string) $event['host'],
					'name' => (string) $event['host'],
					'file' => null,
				);
			}
		}
		if ( null !== $decider && 'fatal' === $decider['kind'] && $decider['paths'] ) {
			$file = (string) $decider['paths'][0];
			return array(
				'type' => 'file',
				'slug' => basename( $file ),
				'name' => basename( $file ),
				'file' => $file . $this->line_of( $decider, $file ),
			);
		}
		return null;
	}

	/**
	 * ":line" after a path in an event's text, when written there.
	 *
	 * @param array<string, mixed> $event Event.
	 * @param string               $path  Path.
	 * @return string
	 */
	private function line_of( array $event, string $path ): string {
		$quoted = preg_quote( $path, '/' );
		if ( preg_match( '/' . $quoted . '(?::| on line )(\d+)/', (string) $event['text'], $m ) ) {
			return ':' . $m[1];
		}
		return '';
	}

	/**
	 * A culprit with its display name.
	 *
	 * @param string      $type Attribution type.
	 * @param string      $slug Slug.
	 * @param string|null $file File below the folder.
	 * @return array{type: string, slug: string, name: string, file: string|null}
	 */
	private function named( string $type, string $slug, ?string $file ): array {
		if ( null === $this->names ) {
			$this->names = (array) call_user_func( $this->names_factory );
		}
		return array(
			'type' => 'theme' === $type ? 'theme' : 'plugin',
			'slug' => $slug,
			'name' => (string) ( $this->names[ $type ][ $slug ] ?? $slug ),
			'file' => $file,
		);
	}

	/**
	 * The evidence: per source, a few distinct lines, the deciding source first.
	 *
	 * @param array<int, array<string, mixed>> $events  Events.
	 * @param array<string, mixed>|null        $decider Deciding event.
	 * @return array<int, array{source: string, label: string, path: string, at: int, lines: array<int, string>}>
	 */
	private function evidence( array $events, ?array $decider ): array {
		$by_source = array();
		if ( null !== $decider ) {
			$by_source[ $decider['source'] ] = array(
				'at'    => (int) $decider['time'],
				'lines' => array( (string) $decider['text'] => true ),
			);
		}
		foreach ( $events as $event ) {
			$source = (string) $event['source'];
			if ( ! isset( $by_source[ $source ] ) ) {
				$by_source[ $source ] = array(
					'at'    => (int) $event['time'],
					'lines' => array(),
				);
			}
			$by_source[ $source ]['at'] = min( $by_source[ $source ]['at'], (int) $event['time'] );
			if ( count( $by_source[ $source ]['lines'] ) < self::LINES ) {
				$by_source[ $source ]['lines'][ (string) $event['text'] ] = true;
			}
		}
		$evidence = array();
		foreach ( $by_source as $source => $found ) {
			$lines = array();
			foreach ( array_keys( $found['lines'] ) as $line ) {
				$lines[] = Log_Entry_Parser::scrub( (string) $line );
			}
			$evidence[] = array(
				'source' => (string) $source,
				'label'  => $this->sources[ $source ]['label'] ?? (string) $source,
				'path'   => Log_Entry_Parser::scrub( $this->sources[ $source ]['path'] ?? '' ),
				'at'     => $found['at'],
				'lines'  => $lines,
			);
		}
		return $evidence;
	}

	/**
	 * Whether PHP-FPM logged its own clean stop before the first refused connection of a group, and no
	 * start in between.
	 *
	 * @param array<int, array<string, mixed>> $events Events.
	 * @return bool
	 */
	private function stopped_before( array $events ): bool {
		$refused = null;
		foreach ( $events as $event ) {
			if ( 'fpm_not_listening' === $event['kind'] ) {
				$refused = null === $refused ? (int) $event['time'] : min( $refused, (int) $event['time'] );
			}
		}
		$state = null;
		foreach ( $events as $event ) {
			if ( null !== $refused && $event['time'] <= $refused && in_array( $event['kind'], array( 'fpm_stop', 'fpm_start' ), true ) ) {
				$state = $event['kind'];
			}
		}
		return 'fpm_stop' === $state;
	}

	/**
	 * Whether a log of the group was read only back to within the group (a bound stopped it), so that
	 * more of the same lies further back.
	 *
	 * @param array<string, mixed> $group Group.
	 * @return bool
	 */
	private function was_cut( array $group ): bool {
		foreach ( $group['events'] as $event ) {
			$cut = $this->sources[ $event['source'] ]['cut'] ?? null;
			if ( null !== $cut && $group['start'] <= $cut + Incident_Joiner::GAP ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failed requests are all the flight recorder's markers (no log line says what the
	 * visitors got).
	 *
	 * @param array<int, array<string, mixed>> $events Events.
	 * @return bool
	 */
	private function only_markers( array $events ): bool {
		foreach ( $events as $event ) {
			if ( $event['request'] && 'killed_request' !== $event['kind'] ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * "3 requests got 502 at 00:49:43 on pool tiny: <clause>".
	 *
	 * @param array<string, mixed>                       $group    Group.
	 * @param int                                        $requests Requests.
	 * @param array<int, array{status: int, count: int}> $statuses Statuses.
	 * @param string|null                                $pool     Pool.
	 * @param string                                     $clause   What happened.
	 * @param bool                                       $ongoing  Whether it is still going on (a state, not an event).
	 * @return string
	 */
	private function sentence( array $group, int $requests, array $statuses, ?string $pool, string $clause, bool $ongoing ): string {
		// The failed requests' own times when there are any (PHP-FPM's "exiting" a few seconds before is evidence, not the time visitors saw).
		$times = array();
		foreach ( $group['events'] as $event ) {
			if ( $event['request'] ) {
				$times[] = (int) $event['time'];
			}
		}
		$first = $times ? min( $times ) : (int) $group['start'];
		$last  = $times ? max( $times ) : (int) $group['end'];
		$start = ( $this->format_time )( $first );
		$when  = $last - $first >= self::SPAN && ! $ongoing
			/* translators: 1: start time, 2: end time. */
			? sprintf( __( 'between %1$s and %2$s', 'triage' ), $start, ( $this->format_time )( $last ) )
			/* translators: %s: time. */
			: sprintf( __( 'at %s', 'triage' ), $start );
		if ( $ongoing ) {
			/* translators: %s: time. */
			$lead = sprintf( __( 'Since %s', 'triage' ), $start );
		} elseif ( $requests > 0 && ! $statuses && $this->only_markers( $group['events'] ) ) {
			/* translators: 1: number of requests, 2: "at 00:49:43" or "between … and …". */
			$lead = sprintf( _n( '%1$d request never finished %2$s', '%1$d requests never finished %2$s', $requests, 'triage' ), $requests, $when );
		} elseif ( $requests > 0 && $statuses && $this->was_cut( $group ) ) {
			$codes = implode( '/', array_column( $statuses, 'status' ) );
			/* translators: 1: number of requests, 2: HTTP status(es), e.g. 502 or 502/504, 3: "at 00:49:43" or "between … and …". */
			$lead = sprintf( _n( 'At least %1$d request got %2$s %3$s', 'At least %1$d requests got %2$s %3$s', $requests, 'triage' ), $requests, $codes, $when );
		} elseif ( $requests > 0 && $statuses ) {
			$codes = implode( '/', array_column( $statuses, 'status' ) );
			/* translators: 1: number of requests, 2: HTTP status(es), e.g. 502 or 502/504, 3: "at 00:49:43" or "between … and …". */
			$lead = sprintf( _n( '%1$d request got %2$s %3$s', '%1$d requests got %2$s %3$s', $requests, 'triage' ), $requests, $codes, $when );
		} elseif ( $requests > 0 ) {
			/* translators: 1: number of requests, 2: "at 00:49:43" or "between … and …". */
			$lead = sprintf( _n( '%1$d request failed %2$s', '%1$d requests failed %2$s', $requests, 'triage' ), $requests, $when );
		} else {
			$lead = ucfirst( $when );
		}
		if ( null !== $pool ) {
			/* translators: 1: what happened and when, 2: PHP-FPM pool name. */
			$lead = sprintf( __( '%1$s on pool %2$s', 'triage' ), $lead, $pool );
		}
		/* translators: 1: requests, status and time, 2: the cause in words. */
		return sprintf( __( '%1$s: %2$s', 'triage' ), $lead, $clause );
	}
}
