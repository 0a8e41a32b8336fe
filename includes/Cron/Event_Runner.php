<?php
/**
 * Runs one scheduled event now, timed, with its errors and output captured.
 *
 * @package Triage
 */

namespace Triage\Cron;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The event runs in this request, as `wp cron event run` does (reschedule if recurring, unschedule, then
 * do_action_ref_array), under the doing_cron lock so a spawned wp-cron.php does not run it a second time.
 *
 * Why in-process and not through a signed loopback: the loopback is often the very thing that is broken
 * on the sites Triage diagnoses (and WP-CLI has none), and core handles a plugin's fatal error the same
 * way when it activates one (plugin_sandbox_scrape()): run it in-process with WP_SANDBOX_SCRAPING defined
 * and report the error from a shutdown function. Errors and exceptions are caught normally; a true fatal
 * (memory, time limit, exit) ends PHP, and then on_shutdown() collects the output, records the run and
 * hands the result to the caller's emitter (REST answers it as JSON, WP-CLI prints it). WP_SANDBOX_SCRAPING
 * keeps core's fatal handler from answering first with its "critical error" page and from pausing the
 * plugin in recovery mode.
 */
final class Event_Runner {

	/** Option with the last runs. */
	public const OPTION = 'triage_cron_runs';

	/** Runs kept. */
	private const MAX_RUNS = 20;

	/** Output kept, in bytes. */
	private const MAX_OUTPUT = 4096;

	/** Errors kept. */
	private const MAX_ERRORS = 20;

	/** Error levels that end PHP. */
	private const FATAL = array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR, E_RECOVERABLE_ERROR );

	/**
	 * Finds events.
	 *
	 * @var Cron_Schedule
	 */
	private $schedule;

	/**
	 * The lock.
	 *
	 * @var Cron_Lock
	 */
	private $lock;

	/**
	 * The run in progress (for on_shutdown()), or null.
	 *
	 * @var array<string, mixed>|null
	 */
	private $active = null;

	/**
	 * Whether on_shutdown() is registered.
	 *
	 * @var bool
	 */
	private $guarded = false;

	/**
	 * Takes the schedule and the lock.
	 *
	 * @param Cron_Schedule $schedule Schedule.
	 * @param Cron_Lock     $lock     Lock.
	 */
	public function __construct( Cron_Schedule $schedule, Cron_Lock $lock ) {
		$this->schedule = $schedule;
		$this->lock     = $lock;
	}

	/**
	 * Runs an event now.
	 *
	 * @param string        $hook      Hook.
	 * @param int           $timestamp Scheduled time.
	 * @param string        $key       Argument key in the option.
	 * @param bool          $force     Run even while another run holds the lock.
	 * @param callable|null $emit      Called with the result when a fatal error ends the request.
	 * @return array<string, mixed>|WP_Error Shape: includes/REST/schemas/cron/cron-run.json.
	 */
	public function run( string $hook, int $timestamp, string $key, bool $force = false, ?callable $emit = null ) {
		$event = '' === $hook ? null : $this->schedule->find( $hook, $timestamp, $key );
		if ( null === $event ) {
			return new WP_Error( 'triage_cron_event_not_found', __( 'This event is no longer scheduled: it ran, or someone removed it. Reload the schedule.', 'triage' ), array( 'status' => 404 ) );
		}
		if ( in_array( 'args_not_array', $event['problems'], true ) ) {
			return new WP_Error( 'triage_cron_event_malformed', __( 'The event\'s arguments are damaged (not a list); WordPress cannot run it either. Delete it instead.', 'triage' ), array( 'status' => 422 ) );
		}
		$lock = $this->lock->read();
		if ( $lock['held'] && ! $force ) {
			return new WP_Error(
				'triage_cron_locked',
				sprintf(
					/* translators: %d: seconds. */
					__( 'Another cron run took the lock %d seconds ago and may be running this event too. Wait for it, or run anyway.', 'triage' ),
					(int) $lock['age']
				),
				array(
					'status' => 409,
					'lock'   => $lock,
				)
			);
		}

		$token       = $this->lock->take();
		$rescheduled = null !== $event['schedule'] && true === wp_reschedule_event( $timestamp, $event['schedule'], $hook, $event['args'], true );
		Event_Remover::unschedule( $event );
		$next = $rescheduled ? wp_next_scheduled( $hook, $event['args'] ) : false;

		if ( ! defined( 'WP_SANDBOX_SCRAPING' ) ) {
			define( 'WP_SANDBOX_SCRAPING', true ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedConstantFound -- core's constant, see the class comment.
		}
		if ( ! $this->guarded ) {
			register_shutdown_function( array( $this, 'on_shutdown' ) );
			$this->guarded = true;
		}
		$this->active = array(
			'hook'      => $hook,
			'timestamp' => $timestamp,
			'key'       => $key,
			'forced'    => $force && $lock['held'],
			'next'      => false === $next ? null : $next,
			'token'     => $token,
			'emit'      => $emit,
			'errors'    => array(),
			'output'    => '',
			'bytes'     => 0,
			'level'     => ob_get_level(),
			'display'   => ini_get( 'display_errors' ),
			'start'     => microtime( true ),
		);
		// Errors are collected by on_error() and error_get_last(); displayed, a fatal error's message would be
		// printed after PHP discards the buffers, in front of the emitted JSON.
		ini_set( 'display_errors', '0' ); // phpcs:ignore WordPress.PHP.IniSet.display_errors_Disallowed, WordPress.PHP.IniSet.display_errors_Blacklisted, Squiz.PHP.DiscouragedFunctions.Discouraged -- restored in finish().
		// Chunk size 1: every write reaches collect_output() at once, so what was printed survives a memory
		// fatal error, on which PHP discards its output buffers.
		ob_start( array( $this, 'collect_output' ), 1 );
		set_error_handler( array( $this, 'on_error' ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- scoped to the event, restored below.
		$thrown = null;
		try {
			do_action_ref_array( $hook, $event['args'] ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.DynamicHooknameFound -- the event's own hook, as wp-cron.php runs it.
		} catch ( \Throwable $error ) {
			$thrown = $error;
		} finally {
			restore_error_handler();
		}
		$result       = $this->finish( null === $thrown ? null : self::describe_throwable( $thrown ), null );
		$this->active = null;
		return $result;
	}

	/**
	 * Output handler during the run: keeps the first bytes, counts the rest, prints nothing.
	 *
	 * @param string $buffer Output.
	 * @return string
	 */
	public function collect_output( string $buffer ): string {
		if ( null !== $this->active ) {
			$this->active['bytes'] += strlen( $buffer );
			if ( strlen( $this->active['output'] ) <= self::MAX_OUTPUT ) {
				$this->active['output'] .= substr( $buffer, 0, self::MAX_OUTPUT + 1 - strlen( $this->active['output'] ) );
			}
		}
		return '';
	}

	/**
	 * Error handler during the run: keeps the error and lets PHP log it as usual.
	 *
	 * @param int    $level   Level.
	 * @param string $message Message.
	 * @param string $file    File.
	 * @param int    $line    Line.
	 * @return bool False, so PHP's own handling (log, display into the captured output) still happens.
	 */
	public function on_error( int $level, string $message, string $file = '', int $line = 0 ): bool {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.prevent_path_disclosure_error_reporting, WordPress.PHP.DiscouragedPHPFunctions.runtime_configuration_error_reporting -- reads the level (@ silences), changes nothing.
		if ( null !== $this->active && ( error_reporting() & $level ) && count( $this->active['errors'] ) < self::MAX_ERRORS ) {
			$this->active['errors'][] = self::error( $level, $message, $file, $line );
		}
		return false;
	}

	/**
	 * Shutdown function: a run still active here was ended by a fatal error or exit.
	 *
	 * @return void
	 */
	public function on_shutdown(): void {
		if ( null === $this->active ) {
			return;
		}
		$last  = error_get_last();
		$fatal = is_array( $last ) && in_array( $last['type'], self::FATAL, true )
			? self::error( (int) $last['type'], (string) $last['message'], (string) $last['file'], (int) $last['line'] )
			: null;
		$emit  = $this->active['emit'];
		try {
			$result = $this->finish( null, $fatal ?? array() );
		} catch ( \Throwable $error ) {
			return;
		} finally {
			$this->active = null;
		}
		if ( is_callable( $emit ) ) {
			call_user_func( $emit, $result );
		}
	}

	/**
	 * The last runs, newest first.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function history(): array {
		$runs = get_option( self::OPTION, array() );
		return is_array( $runs ) ? array_reverse( array_values( $runs ) ) : array();
	}

	/**
	 * Emitter for REST: answers the result as the route's JSON, status 200, when PHP is ending.
	 *
	 * @param array<string, mixed> $result Result.
	 * @return void
	 */
	public static function emit_json( array $result ): void {
		if ( ! headers_sent() ) {
			status_header( 200 );
			header( 'Content-Type: application/json; charset=' . get_option( 'blog_charset' ) );
		}
		echo wp_json_encode( $result ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON.
	}

	/**
	 * Ends the capture, releases the lock and records the run.
	 *
	 * @param array<string, mixed>|null $exception Uncaught exception.
	 * @param array<string, mixed>|null $fatal     Fatal error (an empty array for exit()), or null.
	 * @return array<string, mixed>
	 */
	private function finish( ?array $exception, ?array $fatal ): array {
		$level = is_array( $this->active ) ? (int) $this->active['level'] : ob_get_level();
		// Buffers the callback opened and left open hold output that came after what reached ours.
		$nested = '';
		while ( ob_get_level() > $level + 1 ) {
			$nested = (string) ob_get_clean() . $nested;
		}
		if ( ob_get_level() > $level ) {
			ob_end_flush();
		}
		$this->collect_output( $nested );
		$run = $this->active;
		if ( null === $run ) {
			return array();
		}
		ini_set( 'display_errors', (string) $run['display'] ); // phpcs:ignore WordPress.PHP.IniSet.display_errors_Disallowed, WordPress.PHP.IniSet.display_errors_Blacklisted, Squiz.PHP.DiscouragedFunctions.Discouraged -- restoring the site's value.
		$output = $run['output'];
		$this->lock->give_back( $run['token'] );
		if ( null !== $fatal ) {
			$outcome = $fatal ? 'fatal' : 'exited';
		} elseif ( null !== $exception ) {
			$outcome = 'exception';
		} else {
			$outcome = $run['errors'] ? 'errors' : 'ok';
		}
		$result = array(
			'hook'        => $run['hook'],
			'timestamp'   => $run['timestamp'],
			'key'         => $run['key'],
			'outcome'     => $outcome,
			'ran_at'      => time(),
			'duration_ms' => (int) round( ( microtime( true ) - $run['start'] ) * 1000 ),
			'forced'      => $run['forced'],
			'next_run'    => $run['next'],
			'errors'      => $run['errors'],
			'exception'   => $exception,
			'fatal'       => $fatal ? $fatal : null,
			'output'      => array(
				'bytes'     => $run['bytes'],
				'text'      => self::shorten( $output ),
				'truncated' => $run['bytes'] > self::MAX_OUTPUT,
			),
			'memory_peak' => memory_get_peak_usage(),
		);
		$runs   = get_option( self::OPTION, array() );
		$runs   = is_array( $runs ) ? $runs : array();
		$runs[] = $result;
		update_option( self::OPTION, array_slice( $runs, -self::MAX_RUNS ), false );
		return $result;
	}

	/**
	 * An error as the result lists it.
	 *
	 * @param int    $level   Level.
	 * @param string $message Message.
	 * @param string $file    File.
	 * @param int    $line    Line.
	 * @return array{level: string, message: string, file: string, line: int}
	 */
	private static function error( int $level, string $message, string $file, int $line ): array {
		$names = array(
			E_ERROR             => 'E_ERROR',
			E_WARNING           => 'E_WARNING',
			E_PARSE             => 'E_PARSE',
			E_NOTICE            => 'E_NOTICE',
			E_CORE_ERROR        => 'E_CORE_ERROR',
			E_COMPILE_ERROR     => 'E_COMPILE_ERROR',
			E_USER_ERROR        => 'E_USER_ERROR',
			E_USER_WARNING      => 'E_USER_WARNING',
			E_USER_NOTICE       => 'E_USER_NOTICE',
			E_RECOVERABLE_ERROR => 'E_RECOVERABLE_ERROR',
			E_DEPRECATED        => 'E_DEPRECATED',
			E_USER_DEPRECATED   => 'E_USER_DEPRECATED',
		);
		return array(
			'level'   => $names[ $level ] ?? (string) $level,
			'message' => self::shorten( $message, 1000 ),
			'file'    => $file,
			'line'    => $line,
		);
	}

	/**
	 * An uncaught exception or Error as the result lists it.
	 *
	 * @param \Throwable $error Throwable.
	 * @return array{class: string, message: string, file: string, line: int}
	 */
	private static function describe_throwable( \Throwable $error ): array {
		return array(
			'class'   => get_class( $error ),
			'message' => self::shorten( $error->getMessage(), 1000 ),
			'file'    => $error->getFile(),
			'line'    => $error->getLine(),
		);
	}

	/**
	 * Text cut to a length, valid UTF-8.
	 *
	 * @param string $text  Text.
	 * @param int    $limit Bytes.
	 * @return string
	 */
	private static function shorten( string $text, int $limit = self::MAX_OUTPUT ): string {
		$text = strlen( $text ) > $limit ? substr( $text, 0, $limit ) : $text;
		return function_exists( 'mb_convert_encoding' ) ? (string) mb_convert_encoding( $text, 'UTF-8', 'UTF-8' ) : $text;
	}
}
