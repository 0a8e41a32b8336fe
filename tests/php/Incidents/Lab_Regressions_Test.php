<?php
/**
 * Failures the e2e lab run met that the fixtures did not have.
 *
 * @package Triage
 */

use Triage\Incidents\Event_Reader;
use Triage\Incidents\Log_Clock;

require_once __DIR__ . '/Incident_Test_Case.php';

/**
 * Two PHP-FPM outages seconds apart, the read budget on a loaded machine.
 */
class Lab_Regressions_Test extends Incident_Test_Case {

	public function test_a_missing_socket_then_a_refused_one_seconds_later_are_two_incidents(): void {
		$answer = $this->service( array( 'fpm-stopped-then-refused' ) )->recent( 3600 );
		$causes = array_column( $answer['incidents'], 'cause' );
		// Newest first: PHP-FPM was started again in between, then crashed with its socket left behind.
		$this->assertSame( array( 'fpm_not_listening', 'fpm_stopped' ), $causes );
		$this->assertSame( 3, $answer['incidents'][0]['requests'] );
		$this->assertSame( 2, $answer['incidents'][1]['requests'] );
	}

	public function test_a_memory_fatal_then_a_plugin_fatal_seconds_later_are_two_incidents(): void {
		$answer = $this->service( array( 'fatals-close' ) )->recent( 3600 );
		$this->assertSame( array( 'plugin_fatal', 'memory_limit' ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertSame( 1, $answer['incidents'][0]['requests'] );
		$this->assertSame( 1, $answer['incidents'][1]['requests'] );
	}

	public function test_a_spent_budget_still_reads_the_newest_part_of_a_log(): void {
		$reader = new Event_Reader( new Log_Clock( new DateTimeZone( 'UTC' ) ) );
		$handle = fopen( __DIR__ . '/fixtures/joiner/fpm-stopped-then-refused/nginx-error.log', 'rb' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_read_fopen
		// A deadline already past when reading starts (a slow discovery before it on a loaded machine).
		$read = $reader->read( $handle, self::NOW - 3600, 'web-error', 'nginx', array( 'deadline' => 1 ) );
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		$this->assertCount( 5, $read['events'] );
	}
}
