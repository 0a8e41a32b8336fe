<?php
/**
 * Reads the parts of one log entry: time, severity, message, file and line.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Pure string functions, usable without WordPress (the benchmark loads them alone).
 *
 * Two layouts are understood: PHP's own (`[23-Nov-2026 16:07:00 UTC] PHP Warning:  … in /f.php on line 3`,
 * also written by PHP-FPM) where one entry may span many lines, and server logs (nginx, Apache) where every
 * line is an entry.
 */
final class Log_Entry_Parser {

	/** Entries start with "[dd-" on a new line; continuation lines (stack frames, print_r) do not. */
	public const LAYOUT_PHP = 'php';

	/** Every line is an entry (nginx, Apache). */
	public const LAYOUT_LINE = 'line';

	/** Severities an entry can have, most severe first. */
	public const SEVERITIES = array( 'fatal', 'parse', 'error', 'database', 'warning', 'notice', 'deprecated', 'strict', 'info', 'other' );

	/**
	 * PHP's labels (after "PHP ") and the severity each means.
	 *
	 * @var array<string, string>
	 */
	private const PHP_LABELS = array(
		'Fatal error'             => 'fatal',
		'Warning'                 => 'warning',
		'Notice'                  => 'notice',
		'Deprecated'              => 'deprecated',
		'Parse error'             => 'parse',
		'Recoverable fatal error' => 'fatal',
		'Catchable fatal error'   => 'fatal',
		'Strict Standards'        => 'strict',
		'Core error'              => 'fatal',
		'Core warning'            => 'warning',
		'Compile error'           => 'fatal',
		'Compile warning'         => 'warning',
		'User error'              => 'fatal',
	);

	/**
	 * Server log levels and the severity each means.
	 *
	 * @var array<string, string>
	 */
	private const SERVER_LEVELS = array(
		'emerg'   => 'fatal',
		'alert'   => 'fatal',
		'crit'    => 'fatal',
		'error'   => 'error',
		'warn'    => 'warning',
		'warning' => 'warning',
		'notice'  => 'notice',
		'info'    => 'info',
		'debug'   => 'info',
	);

	/**
	 * Whether the bytes at $offset of $text begin a PHP-layout entry ("[dd-").
	 *
	 * @param string $text   Text.
	 * @param int    $offset Offset of the "[".
	 * @return bool
	 */
	public static function is_php_entry_start( string $text, int $offset ): bool {
		return isset( $text[ $offset + 3 ] )
			&& '[' === $text[ $offset ]
			&& '-' === $text[ $offset + 3 ]
			&& ctype_digit( $text[ $offset + 1 ] . $text[ $offset + 2 ] );
	}

	/**
	 * Splits an entry into its parts.
	 *
	 * @param string $text Entry text (first line first); may span lines.
	 * @return array{time: ?int, time_text: string, severity: string, message: string, file: ?string, line: ?int}
	 */
	public static function parse( string $text ): array {
		$newline = strpos( $text, "\n" );
		$first   = false === $newline ? $text : substr( $text, 0, $newline );
		$first   = rtrim( $first, "\r" );
		$result  = array(
			'time'      => null,
			'time_text' => '',
			'severity'  => 'other',
			'message'   => $first,
			'file'      => null,
			'line'      => null,
		);

		if ( preg_match( '/^\[([^\]]{8,40})\]\s?(.*)$/s', $first, $m ) && ctype_digit( substr( $m[1], 0, 2 ) ) ) {
			// PHP / PHP-FPM: [23-Nov-2026 16:07:00 UTC] PHP Warning:  message.
			$result['time_text'] = $m[1];
			$result['time']      = self::to_time( $m[1] );
			$rest                = $m[2];
			$result['severity']  = 'info';
			if ( 0 === strncmp( $rest, 'PHP ', 4 ) ) {
				$colon = strpos( $rest, ':', 4 );
				$label = false === $colon ? '' : substr( $rest, 4, $colon - 4 );
				if ( isset( self::PHP_LABELS[ $label ] ) ) {
					$result['severity'] = self::PHP_LABELS[ $label ];
					$rest               = ltrim( substr( $rest, $colon + 1 ) );
				}
			} elseif ( 0 === strncmp( $rest, 'WordPress database error', 24 ) ) {
				$result['severity'] = 'database';
			} elseif ( preg_match( '/^(WARNING|NOTICE|ERROR|ALERT|DEBUG):\s+/', $rest, $level ) ) {
				// PHP-FPM's own log.
				$result['severity'] = self::SERVER_LEVELS[ strtolower( 'WARNING' === $level[1] ? 'warn' : $level[1] ) ];
			}
			$result['message'] = $rest;
		} elseif ( preg_match( '#^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) \[(\w+)\] (.*)$#s', $first, $m ) ) {
			// nginx: 2026/11/23 16:07:00 [error] 123#123: *1 message.
			$result['time_text'] = $m[1];
			$result['time']      = self::to_time( str_replace( '/', '-', $m[1] ) . ' UTC' );
			$result['severity']  = self::SERVER_LEVELS[ strtolower( $m[2] ) ] ?? 'other';
			$result['message']   = $m[3];
		} elseif ( preg_match( '/^\[(\w{3} \w{3} \d\d? [\d:.]+ \d{4})\] \[(?:[\w-]+:)?(\w+)\] (.*)$/s', $first, $m ) ) {
			// Apache: [Mon Nov 23 16:07:00.123456 2026] [proxy_fcgi:error] [pid 1] message.
			$result['time_text'] = $m[1];
			$result['time']      = self::to_time( preg_replace( '/\.\d+/', '', $m[1] ) . ' UTC' );
			$result['severity']  = self::SERVER_LEVELS[ strtolower( $m[2] ) ] ?? 'other';
			$result['message']   = $m[3];
		}//end if

		if ( preg_match( '/ in ((?:[A-Za-z]:)?[\/\\\\][^\s]*?)(?: on line |:)(\d+)\s*$/', $result['message'], $where )
			|| preg_match( '/ in ((?:[A-Za-z]:)?[\/\\\\][^\s]*?)(?: on line |:)(\d+)\b/', $result['message'], $where ) ) {
			$result['file'] = $where[1];
			$result['line'] = (int) $where[2];
		}
		return $result;
	}

	/**
	 * A log time stamp as a Unix time, or null.
	 *
	 * @param string $text Time as written in the log.
	 * @return int|null
	 */
	public static function to_time( string $text ): ?int {
		$time = strtotime( $text );
		return false === $time ? null : $time;
	}

	/**
	 * Paths named in an entry: the error's own file first, then stack frames in order.
	 *
	 * @param string $text Entry text.
	 * @return array<int, string>
	 */
	public static function paths( string $text ): array {
		if ( ! preg_match_all( '#(?:^|[\s(\'"])((?:[A-Za-z]:)?/[^\s(\'":]+\.(?:php|inc))#m', $text, $m ) ) {
			return array();
		}
		return array_values( array_unique( $m[1] ) );
	}

	/**
	 * Makes text safe to return: invalid UTF-8 replaced, control characters (binary garbage) removed,
	 * secrets redacted (Secret_Redactor says which).
	 *
	 * @param string $text Raw bytes.
	 * @return string
	 */
	public static function scrub( string $text ): string {
		if ( function_exists( 'mb_scrub' ) ) {
			$text = mb_scrub( $text, 'UTF-8' );
		} elseif ( ! preg_match( '//u', $text ) ) {
			$text = (string) preg_replace( '/[\x80-\xFF]/', '?', $text );
		}
		return Secret_Redactor::redact( (string) preg_replace( '/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/', '', $text ) );
	}
}
