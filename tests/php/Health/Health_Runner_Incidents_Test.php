<?php
/**
 * A check's "good" against the incidents of the last hour.
 *
 * @package Triage
 */

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;

/**
 * A check contradicted by a fresh incident is not "good".
 */
class Health_Runner_Incidents_Test extends WP_UnitTestCase {

	/**
	 * How many times the runner asked for incidents, and with which windows.
	 *
	 * @var int[]
	 */
	private $asked = array();

	/**
	 * A check that always answers the same status.
	 *
	 * @param string $id     Check id.
	 * @param string $status Status.
	 * @param string $layer  Layer.
	 * @return Check
	 */
	private function check( string $id, string $status = 'good', string $layer = 'php' ): Check {
		return new class( $id, $status, $layer ) implements Check {
			private $id;
			private $status;
			private $layer;
			public function __construct( $id, $status, $layer ) {
				$this->id     = $id;
				$this->status = $status;
				$this->layer  = $layer;
			}
			public function id(): string {
				return $this->id;
			}
			public function layer(): string {
				return $this->layer;
			}
			public function is_slow(): bool {
				return false;
			}
			public function run( Check_Context $context ): Check_Result {
				return Check_Result::measured( $this, $this->status, 'The PHP-FPM pool has free workers and never ran out', array( Check_Result::evidence( 'pm.max_children', '1' ) ) );
			}
		};
	}

	/**
	 * An incident as Incident_Service::recent() gives it.
	 *
	 * @param string $cause Cause.
	 * @param int    $ago   Seconds since it ended.
	 * @param array  $more  Fields to override.
	 * @return array<string, mixed>
	 */
	private function incident( string $cause, int $ago, array $more = array() ): array {
		$end = time() - $ago;
		return array_merge(
			array(
				'id'        => $cause . '-' . $end,
				'cause'     => $cause,
				'severity'  => 'critical',
				'title'     => 'Every PHP worker was busy',
				'sentence'  => '3 requests got 502 on pool tiny: every PHP worker was busy (pm.max_children = 1)',
				'start'     => $end - 2,
				'end'       => $end,
				'requests'  => 3,
				'statuses'  => array(
					array(
						'status' => 502,
						'count'  => 3,
					),
				),
				'urls'      => array( '/' ),
				'pool'      => 'tiny',
				'server'    => null,
				'culprit'   => null,
				'evidence'  => array(),
				'fix'       => array(
					'summary' => 'Raise pm.max_children to 4.',
					'steps'   => array( 'Edit pool.d/tiny.conf: pm.max_children = 4', 'Reload PHP-FPM' ),
				),
				'certainty' => 'certain',
			),
			$more
		);
	}

	/**
	 * A runner over the checks whose incidents of the last hour are these.
	 *
	 * @param Check[] $checks    Checks.
	 * @param array[] $incidents Incidents, newest first.
	 * @return Health_Runner
	 */
	private function runner( array $checks, array $incidents ): Health_Runner {
		return new Health_Runner(
			static function () use ( $checks ) {
				return $checks;
			},
			static function () {
				return new Check_Context(
					new Triage\Health\Runtime(),
					new Triage\Health\System_Files( get_temp_dir() . 'triage-empty-root' ),
					static function () {
						return array();
					}
				);
			},
			function ( int $window ) use ( $incidents ) {
				$this->asked[] = $window;
				return array( 'incidents' => $incidents );
			}
		);
	}

	/**
	 * Results by check id.
	 *
	 * @param Check_Result[] $results Results.
	 * @return array<string, array<string, mixed>>
	 */
	private function by_id( array $results ): array {
		$by_id = array();
		foreach ( $results as $result ) {
			$by_id[ $result->to_array()['id'] ] = $result->to_array();
		}
		return $by_id;
	}

	public function set_up() {
		parent::set_up();
		$this->asked = array();
	}

	public function test_a_check_contradicted_by_a_fresh_incident_is_not_good() {
		$incident = $this->incident( 'pool_saturated', 60 );
		$results  = $this->by_id( $this->runner( array( $this->check( 'fpm_pool' ), $this->check( 'opcache' ) ), array( $incident ) )->run() );

		$pool = $results['fpm_pool'];
		$this->assertSame( 'critical', $pool['status'] );
		$this->assertSame( 'php', $pool['layer'] );
		$this->assertSame( 'A 502 at ' . wp_date( 'H:i:s', $incident['start'] ) . ' contradicts this: Every PHP worker was busy', $pool['title'] );
		// What the check measured stays visible, after the incident.
		$this->assertSame( $incident['sentence'], $pool['evidence'][0]['value'] );
		$this->assertSame( 'The PHP-FPM pool has free workers and never ran out', $pool['evidence'][1]['value'] );
		$this->assertSame( '1', $pool['evidence'][2]['value'] );
		$this->assertStringContainsString( 'Raise pm.max_children to 4.', $pool['fix'] );
		$this->assertStringContainsString( 'Reload PHP-FPM', $pool['fix'] );
		$this->assertNotSame( '', $pool['why'] );
		$this->assertSame( 'good', $results['opcache']['status'], 'A check the incident says nothing about stays good.' );
		$this->assertSame( array( HOUR_IN_SECONDS ), $this->asked, 'The last hour, read once.' );
	}

	public function test_an_incident_older_than_an_hour_leaves_the_check_good() {
		$results = $this->by_id( $this->runner( array( $this->check( 'fpm_pool' ) ), array( $this->incident( 'pool_saturated', HOUR_IN_SECONDS + 120 ) ) )->run() );
		$this->assertSame( 'good', $results['fpm_pool']['status'] );
		$this->assertSame( 'The PHP-FPM pool has free workers and never ran out', $results['fpm_pool']['title'] );
	}

	public function test_an_unrelated_cause_leaves_the_check_good() {
		$results = $this->by_id( $this->runner( array( $this->check( 'fpm_pool' ), $this->check( 'time_limits' ) ), array( $this->incident( 'header_too_big', 30 ) ) )->run() );
		$this->assertSame( 'good', $results['fpm_pool']['status'] );
		$this->assertSame( 'good', $results['time_limits']['status'] );
	}

	public function test_the_newest_contradicting_incident_is_named_and_a_warning_stays_a_warning() {
		$cron    = $this->incident(
			'cron_pileup',
			30,
			array(
				'severity' => 'warning',
				'title'    => 'Scheduled events piled up',
				'statuses' => array(),
			)
		);
		$older   = $this->incident( 'cron_pileup', 600, array( 'title' => 'Older pile-up' ) );
		$results = $this->by_id( $this->runner( array( $this->check( 'cron', 'good', 'wordpress' ) ), array( $cron, $older ) )->run() );
		$this->assertSame( 'warning', $results['cron']['status'] );
		$this->assertSame( 'An incident at ' . wp_date( 'H:i:s', $cron['start'] ) . ' contradicts this: Scheduled events piled up', $results['cron']['title'] );
	}

	public function test_a_check_that_already_found_a_problem_keeps_its_own_verdict() {
		$results = $this->by_id( $this->runner( array( $this->check( 'fpm_pool', 'warning' ) ), array( $this->incident( 'pool_saturated', 60 ) ) )->run() );
		$this->assertSame( 'warning', $results['fpm_pool']['status'] );
		$this->assertSame( 'The PHP-FPM pool has free workers and never ran out', $results['fpm_pool']['title'] );
		$this->assertSame( array(), $this->asked, 'No good check an incident could contradict: the logs are not read.' );
	}

	public function test_incidents_are_not_read_when_no_good_check_could_be_contradicted() {
		$this->runner( array( $this->check( 'opcache' ), $this->check( 'php_version' ) ), array( $this->incident( 'pool_saturated', 60 ) ) )->run();
		$this->assertSame( array(), $this->asked );
	}

	public function test_incidents_handed_over_are_used_without_reading_again() {
		$runner = $this->runner( array( $this->check( 'database', 'good', 'database' ) ), array() );
		$runner->use_incidents(
			array(
				'incidents' => array(
					$this->incident(
						'database_unreachable',
						90,
						array(
							'statuses' => array(
								array(
									'status' => 500,
									'count'  => 1,
								),
							),
						)
					),
				),
			)
		);
		$results = $this->by_id( $runner->run() );
		$this->assertSame( 'critical', $results['database']['status'] );
		$this->assertStringStartsWith( 'A 500 at ', $results['database']['title'] );
		$this->assertSame( array(), $this->asked );

		// A day's payload handed over: its incidents older than an hour do not count.
		$runner = $this->runner( array( $this->check( 'database', 'good', 'database' ) ), array() );
		$runner->use_incidents( array( 'incidents' => array( $this->incident( 'database_unreachable', 3 * HOUR_IN_SECONDS ) ) ) );
		$this->assertSame( 'good', $this->by_id( $runner->run() )['database']['status'] );
		$this->assertSame( array(), $this->asked );
	}

	public function test_a_failure_to_read_the_incidents_leaves_the_checks_as_measured() {
		$runner  = new Health_Runner(
			function () {
				return array( $this->check( 'fpm_pool' ) );
			},
			static function () {
				return new Check_Context( new Triage\Health\Runtime(), new Triage\Health\System_Files( get_temp_dir() . 'triage-empty-root' ), '__return_empty_array' );
			},
			static function () {
				throw new RuntimeException( 'log on fire' );
			}
		);
		$results = $this->by_id( $runner->run() );
		$this->assertSame( 'good', $results['fpm_pool']['status'] );
	}
}
