<?php
/**
 * Reads the events of one log in a time window, backwards from its end.
 *
 * @package Triage
 */

namespace Triage\Incidents;

defined( 'ABSPATH' ) || exit;

/**
 * A multi-gigabyte log costs what its last hours cost: the file is read from its end in fixed chunks, and
 * reading stops at the first chunk whose oldest line is older than the window. Inside a chunk only the
 * lines holding one of the role's needles (Event_Parser::NEEDLES) are cut out, so lines that cannot be
 * evidence are never split, dated or copied. Bounded three ways — bytes, events, and a deadline — and
 * when a bound stops it early, read_from says how far back it got. Memory stays at about one chunk plus
 * the events kept, whatever the size of the file.
 *
 * Works on an open stream: a rotation during the read changes nothing. Pure PHP, no WordPress.
 *
 * @phpstan-import-type Event from Event_Parser
 */
final class Event_Reader {

	/** Bytes read per step. */
	public const CHUNK = 262144;

	/** Default bound of bytes read from one log. */
	public const MAX_BYTES = 67108864;

	/** Default bound of events kept from one log (the newest): about 2 KB each. */
	public const MAX_EVENTS = 1000;

	/** Bytes read without finding a single dated line before the log is taken for one Triage cannot date. */
	private const UNDATED_LIMIT = 4194304;

	/** Lines older than the window by this much still belong to it (logs written a little out of order). */
	private const SLACK = 5;

	/** Continuation lines kept after a line (stack traces, slow-log frames). */
	private const MAX_CONTINUATION = 12;

	/**
	 * Time stamps.
	 *
	 * @var Log_Clock
	 */
	private $clock;

	/**
	 * Takes the clock.
	 *
	 * @param Log_Clock $clock Time stamps.
	 */
	public function __construct( Log_Clock $clock ) {
		$this->clock = $clock;
	}

	/**
	 * The role a log plays, from its last lines, when its source does not say.
	 *
	 * @param resource $handle Stream.
	 * @return string|null
	 */
	public function sniff( $handle ): ?string {
		$stat = fstat( $handle );
		$size = is_array( $stat ) ? (int) $stat['size'] : 0;
		if ( $size <= 0 ) {
			return null;
		}
		$from = max( 0, $size - 8192 );
		$tail = $this->read_at( $handle, $from, $size - $from );
		if ( null === $tail ) {
			return null;
		}
		$lines = explode( "\n", $tail );
		for ( $i = count( $lines ) - 1; $i >= ( $from > 0 ? 1 : 0 ); $i-- ) {
			$line = $lines[ $i ];
			switch ( Log_Clock::format_of( $line ) ) {
				case Log_Clock::NGINX:
				case Log_Clock::APACHE:
					return 'web-error';
				case Log_Clock::MARIADB:
					return 'database';
				case Log_Clock::ACCESS:
					return 'web-access';
				case Log_Clock::PHP:
					$close = (int) strpos( $line, ']' );
					if ( $close > 22 ) {
						return 'php';
					}
					return false !== strpos( $line, '[pool ' ) && false !== strpos( $line, ' pid ' ) && false === strpos( $line, 'WARNING' ) ? 'fpm-slow' : 'fpm';
			}
		}
		return null;
	}

	/**
	 * The events of a log since a time, newest first.
	 *
	 * @param resource $handle Stream opened for reading.
	 * @param int      $since  Unix time: older lines are not read.
	 * @param string   $role   Role (Event_Parser::NEEDLES keys).
	 * @param string   $source Source id.
	 * @param array    $limits max_bytes, max_events, deadline (hrtime in ns; 0 for none).
	 * @return array{events: array<int, array<string, mixed>>, read_from: int|null, complete: bool, scanned: int}
	 * @phpstan-param array{max_bytes?: int, max_events?: int, deadline?: int|float} $limits
	 */
	public function read( $handle, int $since, string $role, string $source, array $limits = array() ): array {
		$max_bytes  = (int) ( $limits['max_bytes'] ?? self::MAX_BYTES );
		$max_events = (int) ( $limits['max_events'] ?? self::MAX_EVENTS );
		$deadline   = (float) ( $limits['deadline'] ?? 0 );
		$needles    = Event_Parser::NEEDLES[ $role ] ?? array();
		$stat       = fstat( $handle );
		$size       = is_array( $stat ) ? (int) $stat['size'] : 0;
		$events     = array();
		$read_from  = null;
		$complete   = true;
		$scanned    = 0;
		$pos        = $size;
		$head       = '';
		$oldest     = null;
		$later      = '';
		$continues  = 'php' === $role || 'fpm-slow' === $role;

		while ( $pos > 0 ) {
			if ( $scanned >= $max_bytes || count( $events ) >= $max_events || ( $deadline > 0 && $scanned > 0 && hrtime( true ) > $deadline ) || ( null === $oldest && $scanned >= self::UNDATED_LIMIT ) ) {
				$complete = false;
				break;
			}
			$length = (int) min( self::CHUNK, $pos );
			$pos   -= $length;
			$chunk  = $this->read_at( $handle, $pos, $length );
			if ( null === $chunk ) {
				$complete = false;
				break;
			}
			$scanned += $length;
			$buffer   = $chunk . $head;
			unset( $chunk );
			if ( $pos > 0 ) {
				// The bytes before the first newline belong to a line that starts in the previous chunk.
				$cut = strpos( $buffer, "\n" );
				if ( false === $cut ) {
					// One line longer than a chunk: keep its head only (the time is there).
					$head = strlen( $buffer ) > self::CHUNK ? '' : $buffer;
					continue;
				}
				$head = substr( $buffer, 0, $cut );
				$body = substr( $buffer, $cut + 1 );
			} else {
				$head = '';
				$body = $buffer;
			}
			unset( $buffer );

			$first = $this->first_time( $body );
			if ( null !== $first ) {
				$oldest = $first;
			}
			$crosses = null !== $first && $first < $since - self::SLACK;
			// An entry's continuation lines may lie in the chunk read before (later in the file).
			$scan = $continues && '' !== $later ? $body . "\n" . $later : $body;
			foreach ( $this->hits( $body, $needles ) as $start ) {
				$text = $this->entry_at( $scan, $start, $role );
				$time = $this->clock->time( $text );
				if ( null === $time || $time < $since - self::SLACK ) {
					continue;
				}
				$event = Event_Parser::parse( $text, $time, $role, $source );
				if ( null !== $event ) {
					$events[] = $event;
				}
			}
			if ( $crosses ) {
				break;
			}
			$later = $continues ? substr( $body, 0, 16384 ) : '';
		}//end while

		if ( count( $events ) > $max_events ) {
			usort(
				$events,
				static function ( array $a, array $b ): int {
					return $b['time'] <=> $a['time'];
				}
			);
			$events = array_slice( $events, 0, $max_events );
			// The older events of the last chunk were dropped: the log counts as read back to the oldest kept.
			$oldest   = (int) $events[ $max_events - 1 ]['time'];
			$complete = false;
		}
		if ( $complete && 0 === $pos ) {
			$read_from = $oldest;
		} elseif ( null !== $oldest ) {
			$read_from = max( $since, $oldest );
		}
		if ( ! $complete && null !== $oldest && $oldest <= $since ) {
			$complete = true;
		}
		return array(
			'events'    => $events,
			'read_from' => $read_from,
			'complete'  => $complete,
			'scanned'   => $scanned,
		);
	}

	/**
	 * Offsets of the lines in a body that hold a needle, newest (highest) first.
	 *
	 * @param string             $body    Whole lines.
	 * @param array<int, string> $needles Needles.
	 * @return array<int, int>
	 */
	private function hits( string $body, array $needles ): array {
		$starts = array();
		$length = strlen( $body );
		foreach ( $needles as $needle ) {
			$at = 0;
			while ( $at < $length ) {
				$found = strpos( $body, $needle, $at );
				if ( false === $found ) {
					break;
				}
				$start            = 0 === $found ? false : strrpos( $body, "\n", $found - $length - 1 );
				$start            = false === $start ? 0 : $start + 1;
				$starts[ $start ] = true;
				$end              = strpos( $body, "\n", $found );
				$at               = false === $end ? $length : $end + 1;
			}
		}
		$offsets = array_keys( $starts );
		rsort( $offsets );
		return $offsets;
	}

	/**
	 * The line at an offset, with its continuation lines when the role has them: a slow-log block (until
	 * its blank line) or a PHP entry's stack trace (until the next line that starts a new entry).
	 *
	 * @param string $body  Whole lines.
	 * @param int    $start Offset of the line.
	 * @param string $role  Role.
	 * @return string
	 */
	private function entry_at( string $body, int $start, string $role ): string {
		$end  = strpos( $body, "\n", $start );
		$line = rtrim( false === $end ? substr( $body, $start ) : substr( $body, $start, $end - $start ), "\r" );
		// A line whose time is not at its start (a continuation, or an access log's stray match) is dated from the line itself.
		if ( false === $end || ( 'fpm-slow' !== $role && 'php' !== $role ) ) {
			return $line;
		}
		$text = $line;
		$at   = $end + 1;
		for ( $i = 0; $i < self::MAX_CONTINUATION; $i++ ) {
			$next = strpos( $body, "\n", $at );
			$more = rtrim( false === $next ? substr( $body, $at ) : substr( $body, $at, $next - $at ), "\r" );
			if ( ( 'fpm-slow' === $role && '' === trim( $more ) ) || ( isset( $more[3] ) && '[' === $more[0] && ctype_digit( $more[1] ) && '-' === $more[3] ) ) {
				break;
			}
			if ( '' !== $more ) {
				$text .= "\n" . $more;
			}
			if ( false === $next ) {
				break;
			}
			$at = $next + 1;
		}
		return $text;
	}

	/**
	 * The time of the oldest dated line at the start of a body.
	 *
	 * @param string $body Whole lines.
	 * @return int|null
	 */
	private function first_time( string $body ): ?int {
		$at = 0;
		for ( $i = 0; $i < 64; $i++ ) {
			$time = $this->clock->time( substr( $body, $at, 80 ) );
			if ( null !== $time ) {
				return $time;
			}
			$next = strpos( $body, "\n", $at );
			if ( false === $next ) {
				return null;
			}
			$at = $next + 1;
		}
		return null;
	}

	/**
	 * Reads exactly $length bytes at $offset.
	 *
	 * @param resource $handle Stream.
	 * @param int      $offset Offset.
	 * @param int      $length Length.
	 * @return string|null Null when the bytes are no longer there.
	 */
	private function read_at( $handle, int $offset, int $length ): ?string {
		if ( 0 !== fseek( $handle, $offset ) ) {
			return null;
		}
		$data = '';
		$left = $length;
		while ( $left > 0 ) {
			$part = fread( $handle, $left ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- a slice at an offset of a log that can be gigabytes: WP_Filesystem has no seek.
			if ( false === $part || '' === $part ) {
				return null;
			}
			$data .= $part;
			$left -= strlen( $part );
		}
		return $data;
	}
}
