<?php
/**
 * The report's "What happened" section.
 *
 * @package Triage
 */

use Triage\Report\Incident_Digest;

require_once dirname( __DIR__ ) . '/Incidents/Incident_Test_Case.php';

/**
 * Incident_Digest over recorded log excerpts.
 */
class Incident_Digest_Test extends Incident_Test_Case {

	public function test_section_lists_the_newest_with_two_lines_of_evidence_per_source(): void {
		$service = $this->service( array( 'read-timeout', 'terminate', 'memory' ) );
		$digest  = new Incident_Digest(
			static function () use ( $service ) {
				return $service;
			}
		);
		$section = $digest->read();
		$this->assertSame( 86400, $section['window'] );
		$this->assertSame( 3, $section['total'] );
		$this->assertSame( array( 'web_read_timeout', 'request_terminate_timeout', 'memory_limit' ), array_column( $section['items'], 'cause' ) );
		$this->assertSame( 'Triage incidents fixture (triage-fixture-incidents/triage-fixture-incidents.php:64)', $section['items'][1]['culprit'] );
		foreach ( $section['items'] as $item ) {
			foreach ( $item['evidence'] as $evidence ) {
				$this->assertLessThanOrEqual( 2, count( $evidence['lines'] ) );
			}
			$this->assertNotSame( '', $item['fix'] );
		}
	}

	public function test_the_last_hour_is_handed_to_the_health_checks_from_the_same_read(): void {
		$service = $this->service( array( 'read-timeout', 'memory', 'database' ) );
		$digest  = new Incident_Digest(
			static function () use ( $service ) {
				return $service;
			}
		);
		$this->assertNull( $digest->last_hour( self::NOW ), 'Nothing read yet.' );
		$section = $digest->read();
		$this->assertSame( array( 'web_read_timeout', 'memory_limit', 'database_unreachable' ), array_column( $section['items'], 'cause' ) );
		$hour = $digest->last_hour( self::NOW );
		$this->assertSame( array( 'web_read_timeout', 'memory_limit', 'database_unreachable' ), array_column( $hour['incidents'], 'cause' ) );
		// Forty minutes later, only what ended in the hour before counts.
		$this->assertSame( array( 'web_read_timeout', 'memory_limit' ), array_column( $digest->last_hour( self::NOW + 40 * MINUTE_IN_SECONDS )['incidents'], 'cause' ) );
	}

	public function test_no_service_gives_an_empty_section(): void {
		$digest = new Incident_Digest( null );
		$this->assertSame(
			array(
				'window'      => 86400,
				'total'       => 0,
				'items'       => array(),
				'blind_spots' => array(),
			),
			$digest->read()
		);
		$this->assertNull( $digest->last_hour( time() ) );
	}
}
