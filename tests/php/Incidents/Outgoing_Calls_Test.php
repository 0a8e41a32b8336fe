<?php
/**
 * Outgoing HTTP calls as incident evidence.
 *
 * @package Triage
 */

use Triage\Health\Http_Call_Recorder;
use Triage\Maintenance\Maintenance_State;
use Triage\Incidents\Site_Signals;

require_once __DIR__ . '/Incident_Test_Case.php';

/**
 * Only calls that held a PHP worker become events, and such an event never takes the place of the
 * server's own line of the same seconds (a missing socket, a memory_limit fatal).
 */
class Outgoing_Calls_Test extends Incident_Test_Case {

	/** 00:49:43 UTC, when the fpm-stopped scenario's first 502 was logged. */
	private const FPM_STOPPED_AT = self::NOW - 617;

	/** 00:41:15 UTC, the memory scenario's fatal. */
	private const MEMORY_AT = self::NOW - 1125;

	public function tear_down(): void {
		delete_option( Http_Call_Recorder::OPTION );
		parent::tear_down();
	}

	/**
	 * A recorded call.
	 *
	 * @param string $host    Host.
	 * @param float  $seconds Duration.
	 * @param string $error   Error message, '' for an answer.
	 * @param int    $time    When.
	 * @param string $plugin  Plugin that made it.
	 * @return array<string, mixed>
	 */
	private static function call( string $host, float $seconds, string $error, int $time, string $plugin = '' ): array {
		return array(
			'host'    => $host,
			'seconds' => $seconds,
			'status'  => '' === $error ? 200 : 0,
			'error'   => $error,
			'time'    => $time,
			'plugin'  => $plugin,
		);
	}

	/**
	 * The outgoing-call events Site_Signals gives for some recorded calls.
	 *
	 * @param array<int, array<string, mixed>> $calls Calls, as Http_Call_Recorder stores them.
	 * @return array<int, array<string, mixed>>
	 */
	private function call_events( array $calls ): array {
		update_option( Http_Call_Recorder::OPTION, $calls, false );
		$signals = new Site_Signals(
			static function () {
				// A site folder with no .maintenance file.
				return new Maintenance_State(
					__DIR__,
					__DIR__,
					static function () {
						return self::NOW;
					}
				);
			},
			static function () {
				return null;
			}
		);
		$events  = array_filter(
			$signals->events( self::NOW - 3600, self::NOW ),
			static function ( array $event ): bool {
				return 'external' === $event['kind'];
			}
		);
		return array_values( $events );
	}

	public function test_calls_refused_locally_or_failing_at_once_are_no_event(): void {
		$events = $this->call_events(
			array(
				// WP_HTTP_BLOCK_EXTERNAL: WordPress never sent it.
				self::call( 'api.wordpress.org', 0.0, 'User has blocked requests through HTTP.', self::NOW - 60 ),
				// Refused at once: no worker was held.
				self::call( 'down.example.com', 0.02, 'cURL error 7: Failed to connect to down.example.com port 443: Connection refused', self::NOW - 50 ),
				// A time-out reported without waiting holds no worker either.
				self::call( 'odd.example.com', 0.1, 'cURL error 28: Resolving timed out after 100 milliseconds', self::NOW - 45 ),
				self::call( 'fast.example.com', 0.3, '', self::NOW - 40 ),
			)
		);
		$this->assertSame( array(), $events );
	}

	public function test_slow_calls_and_failures_after_waiting_are_events(): void {
		$events = $this->call_events(
			array(
				self::call( 'licence.example.com', 3.0, 'cURL error 28: Operation timed out after 3001 milliseconds', self::NOW - 300, 'shop-sync' ),
				self::call( 'slow.example.com', 6.2, '', self::NOW - 200 ),
				// Blocked calls stay out even if the recorder measured time around them.
				self::call( 'api.wordpress.org', 2.0, 'User has blocked requests through HTTP.', self::NOW - 100 ),
			)
		);
		$this->assertSame( array( 'licence.example.com', 'slow.example.com' ), array_column( $events, 'host' ) );
		$this->assertTrue( $events[0]['certain'] );
		// A slow answer is only a likely cause of what it held up.
		$this->assertFalse( $events[1]['certain'] );
	}

	public function test_blocked_calls_on_every_admin_page_make_no_incident(): void {
		$calls = array();
		for ( $i = 0; $i < 20; $i++ ) {
			$calls[] = self::call( 'api.wordpress.org', 0.0, 'User has blocked requests through HTTP.', self::FPM_STOPPED_AT - 60 + 10 * $i );
		}
		$answer = $this->service( array( 'fpm-stopped' ), array( 'signals' => $this->call_events( $calls ) ) )->recent( 3600 );
		$this->assertSame( array( 'fpm_stopped' ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertNotContains( 'http', array_column( $answer['incidents'][0]['evidence'], 'source' ) );
	}

	public function test_a_slow_call_of_the_same_seconds_is_only_evidence_of_the_stopped_php_fpm(): void {
		$events   = $this->call_events(
			array(
				self::call( 'api.wordpress.org', 5.0, 'cURL error 28: Operation timed out after 5000 milliseconds', self::FPM_STOPPED_AT + 1, 'shop-sync' ),
			)
		);
		$incident = $this->only( $this->service( array( 'fpm-stopped' ), array( 'signals' => $events ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_stopped', $incident['cause'] );
		$this->assertSame( 'certain', $incident['certainty'] );
		$this->assertSame( 3, $incident['requests'] );
		$this->assertNull( $incident['culprit'] );
		$this->assertStringNotContainsString( 'api.wordpress.org', $incident['sentence'] );
		$this->assertContains( 'http', array_column( $incident['evidence'], 'source' ) );
		// The deciding line comes first.
		$this->assertStringContainsString( 'No such file or directory', $incident['evidence'][0]['lines'][0] );
	}

	public function test_a_slow_call_of_the_same_seconds_never_takes_a_memory_fatal_culprit(): void {
		$events   = $this->call_events(
			array(
				self::call( 'api.wordpress.org', 5.0, 'cURL error 28: Operation timed out after 5000 milliseconds', self::MEMORY_AT, 'shop-sync' ),
			)
		);
		$incident = $this->only( $this->service( array( 'memory' ), array( 'signals' => $events ) )->recent( 3600 ) );
		$this->assertSame( 'memory_limit', $incident['cause'] );
		$this->assertSame( 'triage-fixture-incidents', $incident['culprit']['slug'] );
	}

	public function test_a_slow_call_at_another_time_stays_its_own_incident(): void {
		$events    = $this->call_events(
			array(
				self::call( 'licence.example.com', 3.0, 'cURL error 28: Operation timed out after 3001 milliseconds', self::FPM_STOPPED_AT - 300, 'shop-sync' ),
			)
		);
		$answer    = $this->service( array( 'fpm-stopped' ), array( 'signals' => $events ) )->recent( 3600 );
		$incidents = array_column( $answer['incidents'], null, 'cause' );
		$this->assertEqualsCanonicalizing( array( 'fpm_stopped', 'external_service' ), array_keys( $incidents ) );
		$this->assertSame( 'shop-sync', $incidents['external_service']['culprit']['slug'] );
		$this->assertSame( 'certain', $incidents['external_service']['certainty'] );
	}

	public function test_php_fpm_is_asked_only_when_a_saturation_needs_confirming(): void {
		$asked = 0;
		$call  = static function () use ( &$asked ) {
			++$asked;
			return null;
		};
		$this->service( array( 'fpm-stopped', 'memory' ), array( 'fpm_status_call' => $call ) )->recent( 3600 );
		$this->assertSame( 0, $asked );
		// PHP-FPM's own "max_children" line already makes it certain.
		$this->service( array( 'pool-tcp' ), array( 'fpm_status_call' => $call ) )->recent( 3600 );
		$this->assertSame( 0, $asked );
		// A pool that spawns children is never asked: the call itself may crash the worker then.
		$dynamic                      = $this->stack( 'tcp', '127.0.0.1:9071', 2 );
		$dynamic['fpm']['pool']['pm'] = 'dynamic';
		$unsure                       = array(
			'unreadable'      => array( 'pool-tcp-php-fpm-log' ),
			'fpm_status_call' => $call,
		);
		$this->service( array( 'pool-tcp' ), $unsure + array( 'stack' => $dynamic ) )->recent( 3600 );
		$this->assertSame( 0, $asked );
		// Only connect time-outs, and a static pool (or none known): the counters may confirm it.
		$this->service( array( 'pool-tcp' ), $unsure )->recent( 3600 );
		$this->assertSame( 1, $asked );
	}

	public function test_pool_size_is_the_one_php_fpm_logged_at_the_time(): void {
		// PHP-FPM logged "server reached pm.max_children setting (2)"; the pool was resized to 8 since.
		$stack    = $this->stack( 'tcp', '127.0.0.1:9001', 8 );
		$incident = $this->only( $this->service( array( 'pool-tcp' ), array( 'stack' => $stack ) )->recent( 3600 ) );
		$this->assertSame( 'pool_saturated', $incident['cause'] );
		$this->assertStringContainsString( '(pm.max_children = 2)', $incident['sentence'] );
	}

	public function test_pool_size_read_now_says_so(): void {
		// A static pool never logs max_children: the size is the one configured now.
		$stack    = $this->stack( 'tiny', '/run/php/php8.2-fpm-tiny.sock', 8 );
		$incident = $this->only( $this->service( array( 'pool-unix' ), array( 'stack' => $stack ) )->recent( 3600 ) );
		$this->assertStringEndsWith( 'every PHP worker was busy (pm.max_children is 8 now)', $incident['sentence'] );
	}
}
