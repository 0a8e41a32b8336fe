<?php
/**
 * What WordPress itself knows about recent trouble, as events to join with the logs'.
 *
 * @package Triage
 */

namespace Triage\Incidents;

use Triage\Cron\Cron_Heartbeat;
use Triage\Health\Format;
use Triage\Health\Http_Call_Recorder;
use Triage\Incidents\Recorder\Flight_Recorder;
use Triage\Maintenance\Maintenance_State;

defined( 'ABSPATH' ) || exit;

/**
 * Four sources no log holds: a .maintenance file left by an interrupted update (Maintenance_State), cron
 * events piling up (the cron option and the heartbeat's verdict), outgoing HTTP calls that timed out or
 * took seconds (Http_Call_Recorder, with the plugin that made them), and the flight recorder's requests
 * that never finished or ended in a fatal (guarded: the recorder may not be installed). Each becomes an
 * event of the shape Event_Parser gives, so the joiner treats them like log lines.
 *
 * @phpstan-import-type Event from Event_Parser
 */
final class Site_Signals {

	/** An overdue event this late means cron is not running (the cron check's threshold). */
	private const CRON_LATE = 3600;

	/** An outgoing call this slow holds a worker long enough to matter (the external calls check's threshold). */
	private const SLOW_CALL = 5.0;

	/**
	 * A failed call counts only after waiting this long: one that failed at once (refused, bad address,
	 * blocked by WP_HTTP_BLOCK_EXTERNAL) held no worker.
	 */
	private const HELD_CALL = 1.0;

	/**
	 * Returns the .maintenance state reader.
	 *
	 * @var callable(): Maintenance_State
	 */
	private $maintenance;

	/**
	 * Returns the flight recorder, or null when it is not installed.
	 *
	 * @var callable(): (object|null)
	 */
	private $recorder;

	/**
	 * Takes where to look.
	 *
	 * @param callable|null $maintenance Returns the Maintenance_State; this site's when null.
	 * @param callable|null $recorder    Returns the Flight_Recorder (or an object with its killed_requests() and finished()); this site's when null.
	 */
	public function __construct( ?callable $maintenance = null, ?callable $recorder = null ) {
		$this->maintenance = $maintenance ?? array( Maintenance_State::class, 'for_this_site' );
		$this->recorder    = $recorder ?? array( self::class, 'flight_recorder' );
	}

	/**
	 * This site's flight recorder.
	 *
	 * @return Flight_Recorder
	 */
	public static function flight_recorder(): Flight_Recorder {
		return Flight_Recorder::for_this_site();
	}

	/**
	 * Events of the window.
	 *
	 * @param int $since Start of the window.
	 * @param int $now   Now.
	 * @return array<int, array<string, mixed>>
	 */
	public function events( int $since, int $now ): array {
		return array_merge(
			$this->maintenance( $now ),
			$this->cron( $now ),
			$this->http_calls( $since, $now ),
			$this->recorder( $since )
		);
	}

	/**
	 * A .maintenance file that outlived its update (older than WordPress honours it) or that sets
	 * $upgrading = time() and so never expires.
	 *
	 * @param int $now Now.
	 * @return array<int, array<string, mixed>>
	 */
	private function maintenance( int $now ): array {
		$file = call_user_func( $this->maintenance )->file();
		if ( ! $file['exists'] || ( 'always' !== $file['format'] && ( null === $file['age'] || $file['age'] < Maintenance_State::HONOURED_FOR ) ) ) {
			return array();
		}
		$since = 'always' === $file['format'] ? (int) ( $file['modified'] ?? $now ) : $now - (int) $file['age'];
		$text  = 'always' === $file['format']
			/* translators: %s: path of the .maintenance file. */
			? sprintf( __( '%s sets $upgrading = time(): WordPress honours it forever.', 'triage' ), $file['path'] )
			/* translators: 1: path of the .maintenance file, 2: age such as "3 hours". */
			: sprintf( __( '%1$s is %2$s old.', 'triage' ), $file['path'], Format::duration( (int) $file['age'] ) );
		return array(
			$this->state(
				'maintenance_stuck',
				$since,
				'maintenance',
				__( '.maintenance file', 'triage' ),
				$file['path'],
				$text,
				array(
					'honoured' => (bool) $file['honoured'],
					'ongoing'  => true,
				),
				$now
			),
		);
	}

	/**
	 * Overdue cron events, counted like the cron check counts them, with the heartbeat's verdict.
	 *
	 * @param int $now Now.
	 * @return array<int, array<string, mixed>>
	 */
	private function cron( int $now ): array {
		$cron = get_option( 'cron' );
		if ( ! is_array( $cron ) ) {
			return array();
		}
		$overdue = 0;
		$oldest  = null;
		foreach ( $cron as $timestamp => $hooks ) {
			if ( ! is_numeric( $timestamp ) || ! is_array( $hooks ) || (int) $timestamp >= $now ) {
				continue;
			}
			foreach ( $hooks as $hook => $events ) {
				$overdue += is_array( $events ) ? count( $events ) : 0;
				if ( null === $oldest || (int) $timestamp < $oldest['time'] ) {
					$oldest = array(
						'time' => (int) $timestamp,
						'hook' => (string) $hook,
					);
				}
			}
		}
		if ( null === $oldest || $now - $oldest['time'] <= self::CRON_LATE ) {
			return array();
		}
		$verdict = ( new Cron_Heartbeat() )->verdict();
		$late    = Format::duration( $now - $oldest['time'] );
		/* translators: 1: number of overdue events, 2: oldest hook, 3: how late. */
		$text = sprintf( __( '%1$d overdue events; the oldest, %2$s, is %3$s late.', 'triage' ), $overdue, $oldest['hook'], $late ) . ' ' . (string) $verdict['summary'];
		return array(
			$this->state(
				'cron_pileup',
				$oldest['time'] + self::CRON_LATE,
				'cron',
				__( 'Cron schedule', 'triage' ),
				'',
				$text,
				array(
					'overdue' => $overdue,
					'late'    => $late,
					'ongoing' => true,
				),
				$now
			),
		);
	}

	/**
	 * Outgoing calls of the window that held a worker: slow ones, and failures that came after waiting.
	 *
	 * @param int $since Start of the window.
	 * @param int $now   Now.
	 * @return array<int, array<string, mixed>>
	 */
	private function http_calls( int $since, int $now ): array {
		$events = array();
		foreach ( Http_Call_Recorder::recent( $now ) as $call ) {
			if ( $call['time'] < $since || ! self::held_worker( $call ) ) {
				continue;
			}
			$plugin = $call['plugin'];
			$text   = sprintf(
				/* translators: 1: host, 2: seconds, 3: error or HTTP status. */
				__( 'Call to %1$s took %2$s s: %3$s', 'triage' ),
				$call['host'],
				number_format_i18n( $call['seconds'], 1 ),
				'' !== $call['error'] ? $call['error'] : 'HTTP ' . $call['status']
			);
			if ( '' !== $plugin ) {
				/* translators: %s: plugin slug. */
				$text .= ' ' . sprintf( __( '(made by the plugin %s)', 'triage' ), $plugin );
			}
			$event           = $this->event( 'external', $call['time'], 'http', __( 'Outgoing HTTP calls', 'triage' ), '', $text );
			$event['host']   = '' !== $call['host'] ? strtolower( $call['host'] ) : null;
			$event['plugin'] = '' !== $plugin ? $plugin : null;
			// A slow call that answered is a likely cause of what it held up, not a certain failure.
			$event['certain'] = '' !== $call['error'];
			$events[]         = $event;
		}//end foreach
		return $events;
	}

	/**
	 * Whether an outgoing call held its PHP worker: it took seconds, or failed only after waiting. A call
	 * WordPress refused without sending it (WP_HTTP_BLOCK_EXTERNAL, "User has blocked requests through
	 * HTTP") and any other failure of a moment tell nothing about the site's workers.
	 *
	 * @param array{host: string, seconds: float, status: int, error: string, time: int, plugin: string} $call Recorded call.
	 * @return bool
	 */
	public static function held_worker( array $call ): bool {
		if ( preg_match( '/blocked requests through HTTP|http_request_not_executed/i', $call['error'] ) ) {
			return false;
		}
		if ( $call['seconds'] >= self::SLOW_CALL ) {
			return true;
		}
		return '' !== $call['error'] && $call['seconds'] >= self::HELD_CALL;
	}

	/**
	 * Why the flight recorder counts a request as killed, in words.
	 *
	 * @param string $why pid_gone, pid_reused or too_old.
	 * @return string
	 */
	private static function why_in_words( string $why ): string {
		switch ( $why ) {
			case 'pid_gone':
				return __( 'its worker is gone', 'triage' );
			case 'pid_reused':
				return __( 'its worker\'s process id now belongs to another process', 'triage' );
			case 'too_old':
				return __( 'it ran past the time limits', 'triage' );
			default:
				return $why;
		}
	}

	/**
	 * The flight recorder's requests that never finished, and those that ended in a fatal.
	 *
	 * @param int $since Start of the window.
	 * @return array<int, array<string, mixed>>
	 */
	private function recorder( int $since ): array {
		$recorder = call_user_func( $this->recorder );
		if ( ! is_object( $recorder ) || ! method_exists( $recorder, 'killed_requests' ) ) {
			return array();
		}
		$label  = __( 'Flight recorder', 'triage' );
		$events = array();
		foreach ( (array) $recorder->killed_requests( $since ) as $marker ) {
			if ( ! is_array( $marker ) || ! isset( $marker['started'] ) ) {
				continue;
			}
			$text = sprintf(
				/* translators: 1: HTTP method, 2: URL, 3: process id, 4: why it is considered killed. */
				__( '%1$s %2$s (worker %3$d) never finished: %4$s', 'triage' ),
				(string) ( $marker['method'] ?? 'GET' ),
				(string) ( $marker['uri'] ?? '' ),
				(int) ( $marker['pid'] ?? 0 ),
				self::why_in_words( (string) ( $marker['why'] ?? '' ) )
			);
			$event            = $this->event( 'killed_request', (int) $marker['started'], 'recorder', $label, '', $text );
			$event['url']     = isset( $marker['uri'] ) ? (string) $marker['uri'] : null;
			$event['pid']     = isset( $marker['pid'] ) ? (int) $marker['pid'] : null;
			$event['number']  = isset( $marker['ran_for'] ) ? (float) $marker['ran_for'] : null;
			$event['request'] = true;
			$event['facts']   = array( 'why' => (string) ( $marker['why'] ?? '' ) );
			$events[]         = $event;
		}
		if ( method_exists( $recorder, 'finished' ) ) {
			foreach ( (array) $recorder->finished( $since ) as $request ) {
				if ( ! is_array( $request ) || empty( $request['fatal'] ) || ! is_array( $request['fatal'] ) ) {
					continue;
				}
				$message          = (string) ( $request['fatal']['message'] ?? '' );
				$kind             = false !== strpos( $message, 'Allowed memory size' ) ? 'memory_limit' : ( false !== strpos( $message, 'Maximum execution time' ) ? 'max_execution_time' : 'fatal' );
				$text             = sprintf( '%s %s: %s in %s:%d', (string) ( $request['method'] ?? 'GET' ), (string) ( $request['uri'] ?? '' ), $message, (string) ( $request['fatal']['file'] ?? '' ), (int) ( $request['fatal']['line'] ?? 0 ) );
				$event            = $this->event( $kind, (int) ( $request['ended'] ?? $request['started'] ?? 0 ), 'recorder', $label, '', $text );
				$event['url']     = isset( $request['uri'] ) ? (string) $request['uri'] : null;
				$event['status']  = 500;
				$event['request'] = true;
				$event['plugin']  = isset( $request['fatal']['plugin'] ) && is_string( $request['fatal']['plugin'] ) ? $request['fatal']['plugin'] : null;
				$event['paths']   = isset( $request['fatal']['file'] ) ? array( (string) $request['fatal']['file'] ) : array();
				$events[]         = $event;
			}
		}
		return $events;
	}

	/**
	 * An event of a kind Event_Parser knows.
	 *
	 * @param string $kind   Kind (Event_Parser::KINDS).
	 * @param int    $time   Time.
	 * @param string $source Pseudo-source id.
	 * @param string $label  Its label.
	 * @param string $path   Its path, if any.
	 * @param string $text   Evidence line.
	 * @return array<string, mixed>
	 */
	private function event( string $kind, int $time, string $source, string $label, string $path, string $text ): array {
		$meta = Event_Parser::KINDS[ $kind ];
		return array(
			'kind'     => $kind,
			'family'   => $meta[0],
			'cause'    => $meta[1],
			'rank'     => $meta[2],
			'certain'  => $meta[3],
			'time'     => $time,
			'source'   => $source,
			'role'     => $source,
			'status'   => null,
			'request'  => false,
			'url'      => null,
			'pool'     => null,
			'server'   => null,
			'upstream' => null,
			'pid'      => null,
			'conn'     => null,
			'text'     => $text,
			'paths'    => array(),
			'number'   => null,
			'host'     => null,
			'label'    => $label,
			'path'     => $path,
		);
	}

	/**
	 * A state that is still true now (a file left behind, events piling up): one event, from when it
	 * began, of its own family.
	 *
	 * @param string               $cause  Cause.
	 * @param int                  $time   When it began.
	 * @param string               $source Pseudo-source id.
	 * @param string               $label  Its label.
	 * @param string               $path   Its path.
	 * @param string               $text   Evidence line.
	 * @param array<string, mixed> $facts  Facts for the sentence.
	 * @param int                  $now    Now.
	 * @return array<string, mixed>
	 */
	private function state( string $cause, int $time, string $source, string $label, string $path, string $text, array $facts, int $now ): array {
		return array(
			'kind'     => 'state',
			'family'   => $cause,
			'cause'    => $cause,
			'rank'     => 10,
			'certain'  => true,
			'time'     => min( $time, $now ),
			'source'   => $source,
			'role'     => $source,
			'status'   => null,
			'request'  => false,
			'url'      => null,
			'pool'     => null,
			'server'   => null,
			'upstream' => null,
			'pid'      => null,
			'conn'     => null,
			'text'     => $text,
			'paths'    => array(),
			'number'   => null,
			'host'     => null,
			'label'    => $label,
			'path'     => $path,
			'facts'    => $facts,
			'until'    => $now,
		);
	}
}
