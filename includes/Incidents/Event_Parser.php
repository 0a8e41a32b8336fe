<?php
/**
 * Turns one log line (or slow-log block) into a dated event that points at a cause.
 *
 * @package Triage
 */

namespace Triage\Incidents;

defined( 'ABSPATH' ) || exit;

/**
 * Recognises the lines observed on real failures (see the failure-signature notes): nginx and Apache's
 * upstream errors, PHP-FPM's warnings about its pool and children, PHP's fatals and database warnings,
 * MariaDB's shutdowns and crashes, slow-log stacks and 5xx lines of access logs. Fixed substrings decide
 * the kind; a regular expression runs only on a line already recognised, to pull out its URL, pool or
 * pid. Lines that point at nothing give null.
 *
 * An event's kind is one of KINDS: its family (events of one family and time are joined), the cause it
 * points at (null for lines that only support another: "exited on signal 15" after "terminating"), its
 * rank (the most explanatory line of an incident decides the cause: lower wins) and whether the line
 * names the cause itself (certain) or only suggests it.
 *
 * Pure PHP, no WordPress.
 *
 * @phpstan-type Event array{kind: string, family: string, cause: string|null, rank: int, certain: bool, time: int, source: string, role: string, status: int|null, request: bool, url: string|null, pool: string|null, server: string|null, upstream: string|null, pid: int|null, conn: string|null, text: string, paths: array<int, string>, number: float|null, host: string|null, until?: int, facts?: array<string, mixed>, plugin?: string|null, label?: string, path?: string}
 */
final class Event_Parser {

	/** Family, cause, rank, certain: by kind. */
	public const KINDS = array(
		'fpm_stopped'        => array( 'connect', 'fpm_stopped', 10, true ),
		'fpm_not_listening'  => array( 'connect', 'fpm_not_listening', 20, true ),
		'pool_full'          => array( 'connect', 'pool_saturated', 30, true ),
		'connect_timeout'    => array( 'connect', 'pool_saturated', 35, false ),
		'max_children'       => array( 'connect', 'pool_saturated', 31, true ),
		'fpm_stop'           => array( 'connect', null, 90, false ),
		'fpm_start'          => array( 'connect', null, 91, false ),
		'fpm_error'          => array( 'connect', null, 89, false ),
		'no_live_upstreams'  => array( 'connect', null, 95, false ),
		'terminated'         => array( 'death', 'request_terminate_timeout', 10, true ),
		'segfault'           => array( 'death', 'worker_segfault', 20, true ),
		'sigkill'            => array( 'death', 'worker_killed', 30, true ),
		'sigterm'            => array( 'death', null, 85, false ),
		'killed_request'     => array( 'death', 'killed_requests', 80, false ),
		'worker_reset'       => array( 'death', null, 90, false ),
		'read_timeout'       => array( 'timeout', 'web_read_timeout', 10, true ),
		'max_execution_time' => array( 'timeout', 'max_execution_time', 20, true ),
		'memory_limit'       => array( 'fatal', 'memory_limit', 10, true ),
		'fatal'              => array( 'fatal', 'php_fatal', 40, true ),
		'header_too_big'     => array( 'header', 'header_too_big', 10, true ),
		'db_unreachable'     => array( 'database', 'database_unreachable', 20, true ),
		'db_down'            => array( 'database', 'database_unreachable', 10, true ),
		'db_crash'           => array( 'database', 'database_unreachable', 11, true ),
		'db_up'              => array( 'database', null, 90, false ),
		'external'           => array( 'external', 'external_service', 10, true ),
		'slow'               => array( 'slow', null, 99, false ),
		'access_5xx'         => array( 'access', null, 99, false ),
	);

	/**
	 * Substrings that mark a line worth parsing, by log role: the reader looks for these in whole chunks
	 * so that lines that contain none are never split out.
	 */
	public const NEEDLES = array(
		'web-error'  => array( 'upstream', 'FastCGI sent in stderr', 'AH01071', 'AH02454', 'AH00957', 'AH01075', 'AH01070', 'mod_fcgid' ),
		'fpm'        => array( 'WARNING: ', 'ERROR: ', 'ALERT: ', 'NOTICE: Terminating', 'NOTICE: exiting', 'NOTICE: fpm is running', 'NOTICE: ready to handle' ),
		'fpm-slow'   => array( '[pool ' ),
		'php'        => array( 'PHP Fatal error', 'PHP Parse error', 'mysqli_real_connect', 'Error establishing a database connection', 'cURL error 28' ),
		'database'   => array( 'Normal shutdown', 'Shutdown complete', 'ready for connections', 'crash recovery', 'got signal' ),
		'web-access' => array( '" 50' ),
	);

	/** Bytes of a line kept as evidence. */
	public const MAX_TEXT = 1500;

	/**
	 * The event a line (with its continuation lines, for slow-log blocks and stack traces) describes.
	 *
	 * @param string $text   The line, then any continuation lines.
	 * @param int    $time   Its time.
	 * @param string $role   Log role (web-error, fpm, fpm-slow, php, database, web-access).
	 * @param string $source Source id.
	 * @return array<string, mixed>|null
	 * @phpstan-return Event|null
	 */
	public static function parse( string $text, int $time, string $role, string $source ): ?array {
		$newline = strpos( $text, "\n" );
		$line    = false === $newline ? $text : substr( $text, 0, $newline );
		switch ( $role ) {
			case 'web-error':
				$found = self::web_error( $line );
				break;
			case 'fpm':
				$found = self::fpm( $line );
				break;
			case 'fpm-slow':
				$found = false !== strpos( $line, '[pool ' ) && false !== strpos( $line, ' pid ' ) ? array( 'slow', null ) : null;
				break;
			case 'php':
				$found = self::php_message( $line, false );
				break;
			case 'database':
				$found = self::database( $line );
				break;
			case 'web-access':
				$found = self::access( $line );
				break;
			default:
				$found = null;
		}//end switch
		if ( null === $found ) {
			return null;
		}
		list( $kind, $status ) = $found;
		$meta                  = self::KINDS[ $kind ];
		$event                 = array(
			'kind'     => $kind,
			'family'   => $meta[0],
			'cause'    => $meta[1],
			'rank'     => $meta[2],
			'certain'  => $meta[3],
			'time'     => $time,
			'source'   => $source,
			'role'     => $role,
			'status'   => $status,
			'request'  => null !== $status,
			'url'      => null,
			'pool'     => null,
			'server'   => null,
			'upstream' => null,
			'pid'      => null,
			'conn'     => null,
			'text'     => strlen( $text ) > self::MAX_TEXT ? substr( $text, 0, self::MAX_TEXT ) : $text,
			'paths'    => array(),
			'number'   => null,
			'host'     => null,
		);
		return self::details( $event, $line, $text );
	}

	/**
	 * A web server error line: the kind and the status the client got.
	 *
	 * @param string $line Line.
	 * @return array{0: string, 1: int|null}|null
	 */
	private static function web_error( string $line ): ?array {
		if ( false !== strpos( $line, 'FastCGI sent in stderr' ) || false !== strpos( $line, 'AH01071' ) || false !== strpos( $line, 'mod_fcgid: stderr' ) ) {
			return self::php_message( $line, true );
		}
		$signatures = array(
			array( 'header_too_big', 502, array( 'upstream sent too big header' ) ),
			array( 'header_too_big', 502, array( 'AH01070' ) ),
			array( 'fpm_stopped', 502, array( '(2: No such file or directory) while connecting to upstream' ) ),
			array( 'fpm_stopped', 503, array( 'AH02454', '(2)No such file or directory' ) ),
			array( 'fpm_not_listening', 502, array( '(111: Connection refused) while connecting to upstream' ) ),
			array( 'fpm_not_listening', 503, array( '(111)Connection refused', 'AH0' ) ),
			array( 'pool_full', 502, array( '(11: Resource temporarily unavailable) while connecting to upstream' ) ),
			array( 'pool_full', 503, array( '(11)Resource temporarily unavailable' ) ),
			array( 'pool_full', 503, array( 'mod_fcgid: can\'t apply process slot' ) ),
			array( 'connect_timeout', 504, array( 'upstream timed out', 'while connecting to upstream' ) ),
			array( 'read_timeout', 504, array( 'upstream timed out', 'while reading response header' ) ),
			array( 'read_timeout', 504, array( 'upstream timed out', 'while reading upstream' ) ),
			array( 'read_timeout', 504, array( '(70007)The timeout specified has expired' ) ),
			array( 'read_timeout', 504, array( 'mod_fcgid: read data timeout' ) ),
			array( 'worker_reset', 502, array( '(104: Connection reset by peer) while reading response header' ) ),
			array( 'worker_reset', 502, array( 'upstream prematurely closed connection while reading response header' ) ),
			array( 'worker_reset', 200, array( '(104: Connection reset by peer) while reading upstream' ) ),
			array( 'worker_reset', 200, array( 'upstream prematurely closed connection while reading upstream' ) ),
			array( 'worker_reset', 503, array( '(104)Connection reset by peer', 'AH01075' ) ),
			array( 'worker_reset', 503, array( 'mod_fcgid: error reading data from FastCGI server' ) ),
			// nginx marked every server of an upstream block failed: the failures just before explain it.
			array( 'no_live_upstreams', 502, array( 'no live upstreams while connecting to upstream' ) ),
		);
		foreach ( $signatures as $signature ) {
			foreach ( $signature[2] as $needle ) {
				if ( false === strpos( $line, $needle ) ) {
					continue 2;
				}
			}
			return array( $signature[0], $signature[1] );
		}
		return null;
	}

	/**
	 * A PHP message, in PHP's own log or relayed by the web server (FastCGI stderr).
	 *
	 * @param string $line    Line.
	 * @param bool   $relayed Whether the web server relayed it (then the client got a 500).
	 * @return array{0: string, 1: int|null}|null
	 */
	private static function php_message( string $line, bool $relayed ): ?array {
		$status = $relayed ? 500 : null;
		if ( false !== strpos( $line, 'mysqli_real_connect(): (HY000/2002)' ) || false !== strpos( $line, 'Error establishing a database connection' ) ) {
			// Every page answers 500 "Error establishing a database connection" while it lasts.
			return array( 'db_unreachable', 500 );
		}
		if ( false !== strpos( $line, 'cURL error 28' ) ) {
			return array( 'external', null );
		}
		if ( false === strpos( $line, 'PHP Fatal error' ) && false === strpos( $line, 'PHP Parse error' ) ) {
			return null;
		}
		if ( false !== strpos( $line, 'Allowed memory size of' ) || false !== strpos( $line, 'Out of memory (allocated' ) ) {
			return array( 'memory_limit', $status ?? 500 );
		}
		if ( false !== strpos( $line, 'Maximum execution time of' ) ) {
			return array( 'max_execution_time', $status ?? 500 );
		}
		return array( 'fatal', $status ?? 500 );
	}

	/**
	 * A PHP-FPM log line.
	 *
	 * @param string $line Line.
	 * @return array{0: string, 1: int|null}|null
	 */
	private static function fpm( string $line ): ?array {
		if ( false !== strpos( $line, 'said into stderr' ) ) {
			// catch_workers_output: PHP's own messages, relayed by PHP-FPM.
			return self::php_message( $line, true );
		}
		if ( false !== strpos( $line, 'max_children setting' ) ) {
			return array( 'max_children', null );
		}
		if ( false !== strpos( $line, 'execution timed out' ) && false !== strpos( $line, 'terminating' ) ) {
			return array( 'terminated', 502 );
		}
		if ( false !== strpos( $line, 'exited on signal ' ) ) {
			if ( preg_match( '/exited on signal (\d+)/', $line, $m ) ) {
				$signal = (int) $m[1];
				if ( 9 === $signal ) {
					return array( 'sigkill', 502 );
				}
				if ( 15 === $signal || 2 === $signal || 3 === $signal ) {
					return array( 'sigterm', null );
				}
				// Signal 11 (segmentation fault) and the other crashes: illegal instruction, abort, bus error, arithmetic.
				return array( 'segfault', 502 );
			}
			return null;
		}
		if ( false !== strpos( $line, 'executing too slow' ) ) {
			return array( 'slow', null );
		}
		if ( false !== strpos( $line, 'NOTICE: Terminating' ) || false !== strpos( $line, 'NOTICE: exiting, bye-bye' ) ) {
			return array( 'fpm_stop', null );
		}
		if ( false !== strpos( $line, 'NOTICE: fpm is running' ) || false !== strpos( $line, 'NOTICE: ready to handle' ) ) {
			return array( 'fpm_start', null );
		}
		if ( false !== strpos( $line, 'ERROR: ' ) || false !== strpos( $line, 'ALERT: ' ) ) {
			// Why PHP-FPM could not start or went down: "unable to bind listening socket", "FPM initialization failed".
			return array( 'fpm_error', null );
		}
		return null;
	}

	/**
	 * A MariaDB / MySQL error log line.
	 *
	 * @param string $line Line.
	 * @return array{0: string, 1: int|null}|null
	 */
	private static function database( string $line ): ?array {
		if ( false !== strpos( $line, 'Normal shutdown' ) || false !== strpos( $line, 'Shutdown complete' ) ) {
			return array( 'db_down', null );
		}
		if ( false !== strpos( $line, 'crash recovery' ) || false !== strpos( $line, 'got signal' ) ) {
			return array( 'db_crash', null );
		}
		if ( false !== strpos( $line, 'ready for connections' ) ) {
			return array( 'db_up', null );
		}
		return null;
	}

	/**
	 * An access log line with a 5xx status.
	 *
	 * @param string $line Line.
	 * @return array{0: string, 1: int|null}|null
	 */
	private static function access( string $line ): ?array {
		if ( preg_match( '/"\s(5\d\d)\s/', $line, $m ) ) {
			return array( 'access_5xx', (int) $m[1] );
		}
		return null;
	}

	/**
	 * Pulls the URL, pool, pid, server, upstream and numbers out of a recognised line.
	 *
	 * @param array<string, mixed> $event Event so far.
	 * @param string               $line  First line.
	 * @param string               $text  Whole text.
	 * @return array<string, mixed>
	 * @phpstan-param Event $event
	 * @phpstan-return Event
	 */
	private static function details( array $event, string $line, string $text ): array {
		if ( preg_match( '/\brequest: "(?:[A-Z]+) ([^" ]+)/', $line, $m ) ) {
			$event['url'] = $m[1];
		} elseif ( 'web-access' === $event['role'] && preg_match( '/"[A-Z]+ ([^" ]+)[^"]*"/', $line, $m ) ) {
			$event['url'] = $m[1];
		}
		if ( preg_match( '/\[pool ([^\]]+)\]/', $line, $m ) ) {
			$event['pool'] = $m[1];
		}
		if ( preg_match( '/\b(?:child|pid) (\d+)/', $line, $m ) ) {
			$event['pid'] = (int) $m[1];
		}
		if ( preg_match( '/, server: ([^,]+),/', $line, $m ) ) {
			$event['server'] = trim( $m[1] );
		}
		if ( preg_match( '/upstream: "([^"]+)"/', $line, $m ) ) {
			$event['upstream'] = $m[1];
		}
		if ( preg_match( '/^\S+ \S+ \[\w+\] \d+#\d+: \*(\d+) /', $line, $m ) ) {
			$event['conn'] = $m[1];
		}
		switch ( $event['kind'] ) {
			case 'max_children':
				$event['number'] = preg_match( '/max_children setting \((\d+)\)/', $line, $m ) ? (float) $m[1] : null;
				break;
			case 'terminated':
				$event['number'] = preg_match( '/execution timed out \(([\d.]+) sec\)/', $line, $m ) ? (float) $m[1] : null;
				break;
			case 'max_execution_time':
				$event['number'] = preg_match( '/Maximum execution time of (\d+) second/', $line, $m ) ? (float) $m[1] : null;
				break;
			case 'memory_limit':
				$event['number'] = preg_match( '/Allowed memory size of (\d+) bytes/', $line, $m ) ? (float) $m[1] : null;
				break;
			case 'external':
				$event['host'] = preg_match( '#\bhttps?://([A-Za-z0-9.-]+)#', $text, $m ) ? strtolower( $m[1] ) : null;
				break;
		}
		if ( in_array( $event['kind'], array( 'fatal', 'memory_limit', 'max_execution_time', 'external', 'slow', 'db_unreachable' ), true ) ) {
			$event['paths'] = self::paths( $text );
		}
		return $event;
	}

	/**
	 * Paths named in a text: the error's own file first, then stack or slow-log frames in order.
	 *
	 * @param string $text Text.
	 * @return array<int, string>
	 */
	public static function paths( string $text ): array {
		if ( ! preg_match_all( '#(?:^|[\s(\'"])((?:[A-Za-z]:)?/[^\s(\'":]+\.(?:php|inc))#m', $text, $m ) ) {
			return array();
		}
		$paths = array();
		foreach ( $m[1] as $path ) {
			// script_filename of a slow-log block is the entry point, not where it hung.
			if ( false === strpos( $text, 'script_filename = ' . $path ) ) {
				$paths[] = $path;
			}
		}
		return array_values( array_unique( $paths ) );
	}
}
