<?php
/**
 * Reads the time stamp at the start of a log line, in each server's own format.
 *
 * @package Triage
 */

namespace Triage\Incidents;

use DateTimeZone;
use Exception;

defined( 'ABSPATH' ) || exit;

/**
 * Log time stamps: nginx, PHP-FPM and MariaDB write local time without a zone; PHP writes its zone (`UTC`, `Europe/Paris`);
 * Apache writes local time with a weekday; access logs write an offset. Each format is recognised by fixed
 * character positions (no regular expression per line), and the Unix time of each hour is computed once
 * and cached, so reading a million lines costs a million substr() calls, not a million strtotime() calls.
 *
 * "Local" is the server's zone (TZ, /etc/timezone, /etc/localtime), not WordPress's: WordPress sets PHP's
 * default zone to UTC, but the servers write their logs in the machine's zone.
 *
 * Pure PHP, no WordPress: the benchmark loads it alone.
 */
final class Log_Clock {

	/** Formats a line can start with. */
	public const NGINX   = 'nginx';
	public const PHP     = 'php';
	public const APACHE  = 'apache';
	public const MARIADB = 'mariadb';
	public const ACCESS  = 'access';

	private const MONTHS = array(
		'Jan' => 1,
		'Feb' => 2,
		'Mar' => 3,
		'Apr' => 4,
		'May' => 5,
		'Jun' => 6,
		'Jul' => 7,
		'Aug' => 8,
		'Sep' => 9,
		'Oct' => 10,
		'Nov' => 11,
		'Dec' => 12,
	);

	/**
	 * The servers' zone.
	 *
	 * @var DateTimeZone
	 */
	private $local;

	/**
	 * Unix time of the start of an hour, by zone name and "Y-m-d H".
	 *
	 * @var array<string, int>
	 */
	private $hours = array();

	/**
	 * Zones by name.
	 *
	 * @var array<string, DateTimeZone|null>
	 */
	private $zones = array();

	/**
	 * Takes the servers' zone.
	 *
	 * @param DateTimeZone|null $local The zone the servers write in; detected when null.
	 */
	public function __construct( ?DateTimeZone $local = null ) {
		$this->local = $local ?? self::server_zone();
	}

	/**
	 * The machine's zone: TZ, then /etc/timezone, then the /etc/localtime link; UTC when none says.
	 *
	 * @return DateTimeZone
	 */
	public static function server_zone(): DateTimeZone {
		$names = array( (string) getenv( 'TZ' ) );
		// phpcs:disable WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir may forbid /etc: that means "not known".
		if ( @is_readable( '/etc/timezone' ) ) {
			$names[] = trim( (string) @file_get_contents( '/etc/timezone' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a one-line system file.
		}
		$link = @is_link( '/etc/localtime' ) ? (string) @readlink( '/etc/localtime' ) : '';
		// phpcs:enable WordPress.PHP.NoSilencedErrors.Discouraged
		if ( false !== strpos( $link, 'zoneinfo/' ) ) {
			$names[] = substr( $link, strpos( $link, 'zoneinfo/' ) + 9 );
		}
		foreach ( $names as $name ) {
			$name = ltrim( $name, ':' );
			if ( '' !== $name && in_array( $name, DateTimeZone::listIdentifiers(), true ) ) {
				return new DateTimeZone( $name );
			}
		}
		return new DateTimeZone( 'UTC' );
	}

	/**
	 * The format of a line's time stamp, or null when it starts with none.
	 *
	 * @param string $line Line.
	 * @return string|null One of the constants.
	 */
	public static function format_of( string $line ): ?string {
		if ( ! isset( $line[19] ) ) {
			return null;
		}
		if ( '/' === $line[4] && '/' === $line[7] && ' ' === $line[10] && ':' === $line[13] && ctype_digit( $line[0] ) ) {
			return self::NGINX;
		}
		if ( '[' === $line[0] ) {
			if ( '-' === $line[3] && '-' === $line[7] && ctype_digit( $line[1] ) ) {
				return self::PHP;
			}
			if ( ' ' === $line[4] && ' ' === $line[8] && ctype_alpha( $line[1] ) ) {
				return self::APACHE;
			}
		}
		if ( '-' === $line[4] && '-' === $line[7] && ' ' === $line[10] && ctype_digit( $line[0] ) ) {
			return self::MARIADB;
		}
		$open = strpos( $line, ' [' );
		if ( false !== $open && $open < 200 && isset( $line[ $open + 21 ] ) && '/' === $line[ $open + 4 ] && ':' === $line[ $open + 13 ] ) {
			return self::ACCESS;
		}
		return null;
	}

	/**
	 * The Unix time a line starts with, or null.
	 *
	 * @param string      $line   Line.
	 * @param string|null $format Its format when known (format_of()).
	 * @return int|null
	 */
	public function time( string $line, ?string $format = null ) {
		$format = $format ?? self::format_of( $line );
		switch ( $format ) {
			case self::NGINX:
				// 2026/12/02 00:49:43 [error] …
				return $this->at( null, (int) substr( $line, 0, 4 ), (int) substr( $line, 5, 2 ), (int) substr( $line, 8, 2 ), (int) substr( $line, 11, 2 ), (int) substr( $line, 14, 2 ), (int) substr( $line, 17, 2 ) );
			case self::PHP:
				// [02-Dec-2026 00:49:43] or [02-Dec-2026 00:49:43 UTC].
				$close = strpos( $line, ']' );
				if ( false === $close || $close < 21 || ! isset( self::MONTHS[ substr( $line, 4, 3 ) ] ) ) {
					return null;
				}
				$zone = $close > 22 ? (string) substr( $line, 22, $close - 22 ) : null;
				return $this->at( $zone, (int) substr( $line, 8, 4 ), self::MONTHS[ substr( $line, 4, 3 ) ], (int) substr( $line, 1, 2 ), (int) substr( $line, 13, 2 ), (int) substr( $line, 16, 2 ), (int) substr( $line, 19, 2 ) );
			case self::APACHE:
				// [Wed Dec 02 00:49:43.123456 2026].
				$close = strpos( $line, ']' );
				if ( false === $close || ! isset( self::MONTHS[ substr( $line, 5, 3 ) ] ) ) {
					return null;
				}
				$year = (int) substr( $line, $close - 4, 4 );
				$day  = (int) trim( substr( $line, 9, 2 ) );
				$clk  = strpos( $line, ':', 9 );
				if ( false === $clk ) {
					return null;
				}
				return $this->at( null, $year, self::MONTHS[ substr( $line, 5, 3 ) ], $day, (int) substr( $line, $clk - 2, 2 ), (int) substr( $line, $clk + 1, 2 ), (int) substr( $line, $clk + 4, 2 ) );
			case self::MARIADB:
				// 2026-12-02  0:49:43 0 [Note] … (the hour is padded with a space).
				$clk = strpos( $line, ':', 11 );
				if ( false === $clk || $clk > 14 ) {
					return null;
				}
				return $this->at( null, (int) substr( $line, 0, 4 ), (int) substr( $line, 5, 2 ), (int) substr( $line, 8, 2 ), (int) trim( substr( $line, $clk - 2, 2 ) ), (int) substr( $line, $clk + 1, 2 ), (int) substr( $line, $clk + 4, 2 ) );
			case self::ACCESS:
				// 203.0.113.9 - - [02/Dec/2026:00:49:43 +0000] "GET / HTTP/1.1" 502 …
				$open = (int) strpos( $line, ' [' ) + 2;
				if ( ! isset( self::MONTHS[ substr( $line, $open + 3, 3 ) ] ) ) {
					return null;
				}
				$offset = substr( $line, $open + 21, 5 );
				$time   = $this->at( 'UTC', (int) substr( $line, $open + 7, 4 ), self::MONTHS[ substr( $line, $open + 3, 3 ) ], (int) substr( $line, $open, 2 ), (int) substr( $line, $open + 12, 2 ), (int) substr( $line, $open + 15, 2 ), (int) substr( $line, $open + 18, 2 ) );
				if ( null === $time || ! preg_match( '/^[+-]\d{4}$/', $offset ) ) {
					return $time;
				}
				$seconds = (int) substr( $offset, 1, 2 ) * 3600 + (int) substr( $offset, 3, 2 ) * 60;
				return '-' === $offset[0] ? $time + $seconds : $time - $seconds;
		}//end switch
		return null;
	}

	/**
	 * The Unix time of a wall-clock time in a zone (the servers' when null).
	 *
	 * @param string|null $zone   Zone name as written in the log, or null for local.
	 * @param int         $year   Year.
	 * @param int         $month  Month.
	 * @param int         $day    Day.
	 * @param int         $hour   Hour.
	 * @param int         $minute Minute.
	 * @param int         $second Second.
	 * @return int|null
	 */
	private function at( ?string $zone, int $year, int $month, int $day, int $hour, int $minute, int $second ) {
		if ( $year < 1971 || $month < 1 || $day < 1 || $day > 31 || $hour > 23 || $minute > 59 || $second > 60 ) {
			return null;
		}
		$key = ( $zone ?? '' ) . '|' . $year . '-' . $month . '-' . $day . ' ' . $hour;
		if ( ! isset( $this->hours[ $key ] ) ) {
			$tz = null === $zone ? $this->local : $this->zone( $zone );
			if ( null === $tz ) {
				return null;
			}
			$utc    = gmmktime( $hour, 0, 0, $month, $day, $year );
			$offset = $tz->getOffset( new \DateTime( '@' . $utc ) );
			// The offset at the local hour, not at the UTC hour: they differ near a change of daylight time.
			$offset = $tz->getOffset( new \DateTime( '@' . ( $utc - $offset ) ) );
			if ( count( $this->hours ) > 2000 ) {
				$this->hours = array();
			}
			$this->hours[ $key ] = $utc - $offset;
		}
		return $this->hours[ $key ] + $minute * 60 + $second;
	}

	/**
	 * A zone by the name a log wrote, or null when PHP does not know it.
	 *
	 * @param string $name Name (UTC, Europe/Paris, …).
	 * @return DateTimeZone|null
	 */
	private function zone( string $name ): ?DateTimeZone {
		if ( ! array_key_exists( $name, $this->zones ) ) {
			try {
				$this->zones[ $name ] = new DateTimeZone( $name );
			} catch ( Exception $e ) {
				$this->zones[ $name ] = null;
			}
		}
		return $this->zones[ $name ];
	}
}
