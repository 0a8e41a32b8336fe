<?php
/**
 * Server resources: load, memory, disk.
 *
 * @package Triage
 */

use Triage\Health\Checks\Disk_Space_Check;
use Triage\Health\Checks\Server_Load_Check;
use Triage\Health\Checks\Server_Memory_Check;

/**
 * Server-layer checks on fixture /proc trees.
 */
class Server_Checks_Test extends Health_Test_Case {

	/** Forces the /proc/loadavg path instead of the real sys_getloadavg(). */
	private function proc_load() {
		return array(
			'sys_getloadavg' => static function () {
				return null;
			},
		);
	}

	/**
	 * @return array
	 */
	public function load_cases() {
		return array(
			'0.42 on 4 CPUs'  => array( 'healthy', 'good', '0.11' ),
			'5.60 on 4 CPUs'  => array( 'busy', 'warning', '1.40' ),
			'7.10 on 2 CPUs'  => array( 'critical', 'critical', '3.55' ),
			'garbage'         => array( 'malformed', 'unknown', null ),
			'nothing to read' => array( '', 'unknown', null ),
		);
	}

	/**
	 * @dataProvider load_cases
	 */
	public function test_load( $fixture, $status, $per_cpu ) {
		$result = $this->run_check( new Server_Load_Check(), $this->context( $fixture, $this->proc_load() ) );
		$this->assertSame( $status, $result['status'] );
		$this->assertSame( $per_cpu, $this->evidence( $result, 'Load per CPU (1 min)' ) );
	}

	public function test_load_prefers_sys_getloadavg() {
		$overrides = array(
			'sys_getloadavg' => static function () {
				return array( 9.0, 9.0, 9.0 );
			},
		);
		$result    = $this->run_check( new Server_Load_Check(), $this->context( 'healthy', $overrides ) );
		$this->assertSame( 'critical', $result['status'] );
	}

	/**
	 * @return array
	 */
	public function memory_cases() {
		return array(
			'64% available'         => array( 'healthy', 'good' ),
			'8% available, swapped' => array( 'busy', 'warning' ),
			'2.5% available'        => array( 'critical', 'critical' ),
			'garbage'               => array( 'malformed', 'unknown' ),
			'nothing to read'       => array( '', 'unknown' ),
		);
	}

	/**
	 * @dataProvider memory_cases
	 */
	public function test_memory( $fixture, $status ) {
		$result = $this->run_check( new Server_Memory_Check(), $this->context( $fixture ) );
		$this->assertSame( $status, $result['status'] );
	}

	public function test_memory_evidence_has_units_and_pressure() {
		$result = $this->run_check( new Server_Memory_Check(), $this->context( 'busy' ) );
		$this->assertSame( '640 MB of 7.8 GB (8%)', $this->evidence( $result, 'MemAvailable' ) );
		$this->assertSame( '1.2 GB of 2 GB', $this->evidence( $result, 'Swap used' ) );
		$this->assertStringStartsWith( '14.20%', $this->evidence( $result, 'Memory pressure (PSI some, 10 s)' ) );
	}

	/**
	 * @return array
	 */
	public function disk_cases() {
		$gb = 1024 * 1024 * 1024;
		return array(
			'plenty'      => array( 50 * $gb, 100 * $gb, 'good' ),
			'4% free'     => array( 4 * $gb, 100 * $gb, 'warning' ),
			'500 MB free' => array( 0.5 * $gb, 20 * $gb, 'warning' ),
			'50 MB free'  => array( 50 * 1024 * 1024, 20 * $gb, 'critical' ),
			'disabled'    => array( null, null, 'unknown' ),
		);
	}

	/**
	 * @dataProvider disk_cases
	 */
	public function test_disk( $free, $total, $status ) {
		$overrides = null === $free
			? array(
				'disable_functions' => static function () {
					return 'disk_free_space,disk_total_space';
				},
			)
			: array(
				'disk_free_space'  => static function () use ( $free ) {
					return (float) $free;
				},
				'disk_total_space' => static function () use ( $total ) {
					return (float) $total;
				},
			);
		$result    = $this->run_check( new Disk_Space_Check(), $this->context( '', $overrides ) );
		$this->assertSame( $status, $result['status'] );
	}

	public function test_disk_on_the_real_machine_is_measured() {
		$result = $this->run_check( new Disk_Space_Check(), $this->context() );
		$this->assertNotSame( 'unknown', $result['status'] );
		$this->assertMatchesRegularExpression( '/^[\d.]+ [KMGT]?B of [\d.]+ [KMGT]?B \(\d+%\)$/', $this->evidence( $result, 'Free space for wp-content' ) );
	}
}
