<?php
/**
 * Run now: timing, captured errors and output, exceptions, true fatal errors, the lock.
 *
 * @package Triage
 */

use Triage\Cron\Cron_Events;
use Triage\Cron\Event_Runner;

require_once __DIR__ . '/Cron_Test_Case.php';

/**
 * Running one event.
 */
class Event_Runner_Test extends Cron_Test_Case {

	/**
	 * The runner over the fixed clock.
	 *
	 * @return Event_Runner
	 */
	private function runner() {
		return new Event_Runner( $this->schedule(), $this->lock() );
	}

	/**
	 * Output and PHP warnings of the callback are captured; the lock is taken during the run and given back.
	 */
	public function test_captures_output_and_warnings() {
		$seen_lock = null;
		add_action(
			'triage_test_run',
			function ( $name ) use ( &$seen_lock ) {
				$seen_lock = get_transient( 'doing_cron' );
				echo 'hello ' . esc_html( $name );
				trigger_error( 'careful', E_USER_NOTICE ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_trigger_error -- the error under test.
			}
		);
		$this->set_events( array( array( self::NOW - 30, 'triage_test_run', array( 'world' ) ) ) );
		// PHP still logs the notice (the runner lets it); keep it off the test run's console.
		$log_errors = ini_set( 'log_errors', '0' ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- restored below.
		$result     = $this->runner()->run( 'triage_test_run', self::NOW - 30, Cron_Events::key_of( array( 'world' ) ) );
		ini_set( 'log_errors', (string) $log_errors ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- restoring.

		$this->assertIsArray( $result );
		$this->assertSame( 'errors', $result['outcome'] );
		$this->assertStringStartsWith( 'hello world', $result['output']['text'] );
		$this->assertSame( 'E_USER_NOTICE', $result['errors'][0]['level'] );
		$this->assertSame( 'careful', $result['errors'][0]['message'] );
		$this->assertSame( __FILE__, $result['errors'][0]['file'] );
		$this->assertIsInt( $result['duration_ms'] );
		$this->assertIsString( $seen_lock, 'The run holds doing_cron.' );
		$this->assertFalse( get_transient( 'doing_cron' ), 'The lock is given back.' );
		$this->assertNull( $this->schedule()->find( 'triage_test_run', self::NOW - 30, Cron_Events::key_of( array( 'world' ) ) ), 'A single event is gone once run.' );
		$this->assertSame( 'triage_test_run', $this->runner()->history()[0]['hook'] );
	}

	/**
	 * A callback that throws (an Error from calling a missing function: a fatal error before PHP 7) ends as
	 * a result, not as a broken response.
	 */
	public function test_captures_a_thrown_error() {
		add_action(
			'triage_test_throw',
			static function () {
				echo 'partial';
				triage_test_function_that_does_not_exist(); // phpcs:ignore -- the fatal error under test.
			}
		);
		$this->set_events( array( array( self::NOW - 30, 'triage_test_throw' ) ) );
		$level  = ob_get_level();
		$result = $this->runner()->run( 'triage_test_throw', self::NOW - 30, Cron_Events::key_of( array() ) );
		$this->assertSame( 'exception', $result['outcome'] );
		$this->assertSame( 'Error', $result['exception']['class'] );
		$this->assertStringContainsString( 'triage_test_function_that_does_not_exist', $result['exception']['message'] );
		$this->assertSame( 'partial', $result['output']['text'] );
		$this->assertSame( $level, ob_get_level(), 'Output buffers are closed.' );
		$this->assertFalse( get_transient( 'doing_cron' ) );
	}

	/**
	 * A recurring event is rescheduled, as wp-cron.php does, and runs with its arguments.
	 */
	public function test_recurring_event_is_rescheduled() {
		$got = null;
		add_action(
			'triage_test_recurring',
			static function ( $a, $b ) use ( &$got ) {
				$got = array( $a, $b );
			},
			10,
			2
		);
		wp_schedule_event( time() - 120, 'hourly', 'triage_test_recurring', array( 'x', 2 ) );
		$timestamp = wp_next_scheduled( 'triage_test_recurring', array( 'x', 2 ) );
		$result    = $this->runner()->run( 'triage_test_recurring', $timestamp, Cron_Events::key_of( array( 'x', 2 ) ) );
		$this->assertSame( 'ok', $result['outcome'] );
		$this->assertSame( array( 'x', 2 ), $got );
		$this->assertGreaterThan( $timestamp, $result['next_run'] );
		$this->assertSame( $result['next_run'], wp_next_scheduled( 'triage_test_recurring', array( 'x', 2 ) ) );
	}

	/**
	 * While another run holds the lock, run-now refuses; forced, it runs and says so.
	 */
	public function test_refuses_while_locked_unless_forced() {
		$ran = 0;
		add_action(
			'triage_test_locked',
			static function () use ( &$ran ) {
				++$ran;
			}
		);
		$this->set_events( array( array( self::NOW - 30, 'triage_test_locked' ) ) );
		$other = sprintf( '%.22F', self::NOW - 10 );
		set_transient( 'doing_cron', $other );
		$refused = $this->runner()->run( 'triage_test_locked', self::NOW - 30, Cron_Events::key_of( array() ) );
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( 'triage_cron_locked', $refused->get_error_code() );
		$this->assertSame( 409, $refused->get_error_data()['status'] );
		$this->assertSame( 0, $ran );

		$forced = $this->runner()->run( 'triage_test_locked', self::NOW - 30, Cron_Events::key_of( array() ), true );
		$this->assertSame( 1, $ran );
		$this->assertTrue( $forced['forced'] );
	}

	/**
	 * An event that is gone, or whose arguments are damaged, is refused with a clear error.
	 */
	public function test_missing_and_malformed_events() {
		$this->set_events( array() );
		$missing = $this->runner()->run( 'triage_test_nothing', self::NOW, Cron_Events::key_of( array() ) );
		$this->assertSame( 404, $missing->get_error_data()['status'] );

		update_option(
			'cron',
			array(
				self::NOW => array(
					'triage_test_bad' => array(
						'k' => array(
							'schedule' => false,
							'args'     => 'not a list',
						),
					),
				),
				'version' => 2,
			)
		);
		$bad = $this->runner()->run( 'triage_test_bad', self::NOW, 'k' );
		$this->assertSame( 'triage_cron_event_malformed', $bad->get_error_code() );
	}

	/**
	 * Runs the child script.
	 *
	 * @param string $mode memory or exit.
	 * @return array{0: string, 1: int}
	 */
	private function child( $mode ) {
		$command = escapeshellarg( PHP_BINARY ) . ' -d display_errors=1 ' . escapeshellarg( __DIR__ . '/fixtures/run-child.php' ) . ' ' . escapeshellarg( $mode ) . ' 2>&1';
		exec( $command, $lines, $status ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec -- a child PHP process is the test.
		return array( implode( "\n", $lines ), $status );
	}

	/**
	 * The result line the child printed.
	 *
	 * @param string $output Child output.
	 * @return array<string, mixed>
	 */
	private function result_of( $output ) {
		$this->assertSame( 1, preg_match( '/^TRIAGE_RESULT (.+)$/m', $output, $match ), "No result in:\n$output" );
		return json_decode( $match[1], true );
	}

	/**
	 * A true fatal error (memory exhausted: no exception, PHP ends) still gives a complete result, and
	 * WordPress's "critical error" page does not replace it.
	 */
	public function test_true_fatal_error_still_gives_a_result() {
		list( $output, $status ) = $this->child( 'memory' );
		$result                  = $this->result_of( $output );
		$this->assertSame( 255, $status, 'PHP really died.' );
		$this->assertSame( 'fatal', $result['outcome'] );
		$this->assertSame( 'E_ERROR', $result['fatal']['level'] );
		$this->assertStringContainsString( 'Allowed memory size', $result['fatal']['message'] );
		$this->assertStringEndsWith( 'run-child.php', $result['fatal']['file'] );
		$this->assertStringStartsWith( 'before the end', $result['output']['text'] );
		$this->assertStringNotContainsString( 'critical error', $output );
		$this->assertStringNotContainsString( 'NOT REACHED', $output );
		$this->assertSame( '', $this->schema_errors( $result, 'cron/cron-run' ) );
	}

	/**
	 * Over HTTP (php -S), a memory fatal in the event is answered as status 200 with the run's JSON, as
	 * the REST route will answer it: the response is not broken.
	 */
	public function test_true_fatal_error_over_http_answers_json() {
		$socket = stream_socket_server( 'tcp://127.0.0.1:0' );
		$port   = (int) substr( strrchr( stream_socket_get_name( $socket, false ), ':' ), 1 );
		fclose( $socket );
		$server = proc_open(
			array( PHP_BINARY, '-S', "127.0.0.1:$port", __DIR__ . '/fixtures/run-child.php' ),
			array(
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			null,
			getenv() + array( 'PHP_CLI_SERVER_WORKERS' => '2' )
		);
		try {
			$url = "http://127.0.0.1:$port";
			for ( $i = 0; $i < 100; $i++ ) {
				if ( false !== @file_get_contents( $url . '/ready' ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions -- polling a local test server.
					break;
				}
				usleep( 100000 );
			}
			$context = stream_context_create(
				array(
					'http' => array(
						'ignore_errors' => true,
						'timeout'       => 30,
					),
				)
			);
			$body    = file_get_contents( $url . '/?mode=memory', false, $context ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- a local test server.
			$headers = implode( "\n", $http_response_header );
		} finally {
			proc_terminate( $server );
			proc_close( $server );
		}
		$this->assertStringContainsString( 'HTTP/1.1 200', $headers );
		$this->assertMatchesRegularExpression( '/^Content-Type: application\/json/mi', $headers );
		$result = json_decode( $body, true );
		$this->assertIsArray( $result, "Not JSON:\n$body" );
		$this->assertSame( 'fatal', $result['outcome'] );
		$this->assertStringContainsString( 'Allowed memory size', $result['fatal']['message'] );
		$this->assertSame( '', $this->schema_errors( $result, 'cron/cron-run' ) );
	}

	/**
	 * A callback that calls exit() is reported as such.
	 */
	public function test_exit_in_callback_gives_a_result() {
		list( $output ) = $this->child( 'exit' );
		$result         = $this->result_of( $output );
		$this->assertSame( 'exited', $result['outcome'] );
		$this->assertNull( $result['fatal'] );
		$this->assertSame( 'before the end', $result['output']['text'] );
	}
}
