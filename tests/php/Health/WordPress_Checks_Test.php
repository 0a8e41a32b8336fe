<?php
/**
 * WordPress: cron, maintenance, debug settings, outgoing HTTP; and the database.
 *
 * @package Triage
 */

use Triage\Health\Checks\Autoload_Check;
use Triage\Health\Checks\Cron_Check;
use Triage\Health\Checks\Database_Check;
use Triage\Health\Checks\Debug_Config_Check;
use Triage\Health\Checks\External_Http_Check;
use Triage\Health\Checks\Maintenance_Check;
use Triage\Maintenance\Maintenance_State;
use Triage\Health\Http_Call_Recorder;

/**
 * WordPress- and database-layer checks against real WordPress state.
 */
class WordPress_Checks_Test extends Health_Test_Case {

	/**
	 * Values to restore.
	 *
	 * @var array
	 */
	private $ini = array();

	/**
	 * Temporary WordPress folder for the maintenance checks: a .maintenance file in the shared test
	 * WordPress would answer 503 to every other process using it.
	 *
	 * @var string
	 */
	private $site;

	protected function set_up() {
		$this->site = sys_get_temp_dir() . '/triage-maintenance-check-' . uniqid( '', true );
		mkdir( $this->site . '/wp-content', 0755, true );
		$this->ini = array(
			'error_log'      => ini_get( 'error_log' ),
			'display_errors' => ini_get( 'display_errors' ),
		);
	}

	protected function tear_down() {
		foreach ( $this->ini as $name => $value ) {
			ini_set( $name, $value );
		}
		if ( file_exists( $this->site . '/.maintenance' ) ) {
			unlink( $this->site . '/.maintenance' );
		}
		rmdir( $this->site . '/wp-content' );
		rmdir( $this->site );
	}

	/**
	 * The maintenance check on the temporary folder.
	 *
	 * @return Maintenance_Check
	 */
	private function maintenance_check() {
		return new Maintenance_Check( new Maintenance_State( $this->site, $this->site . '/wp-content' ) );
	}

	private function now() {
		return array(
			'time' => static function () {
				return time();
			},
		);
	}

	public function test_cron_keeping_up_is_good() {
		update_option(
			'cron',
			array(
				time() + 600 => array(
					'wp_version_check' => array(
						md5( '' ) => array(
							'schedule' => 'twicedaily',
							'args'     => array(),
						),
					),
				),
				'version'    => 2,
			)
		);
		$result = $this->run_check( new Cron_Check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( '1', $this->evidence( $result, 'Scheduled events' ) );
	}

	public function test_cron_far_behind_is_a_warning_naming_the_hook() {
		$event = array(
			md5( '' ) => array(
				'schedule' => false,
				'args'     => array(),
			),
		);
		update_option(
			'cron',
			array(
				time() - 7300 => array( 'woocommerce_cleanup_sessions' => $event ),
				time() - 120  => array( 'wp_update_plugins' => $event ),
				time() + 600  => array( 'wp_version_check' => $event ),
				'version'     => 2,
			)
		);
		$result = $this->run_check( new Cron_Check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( '2', $this->evidence( $result, 'Overdue events' ) );
		$this->assertSame( 'woocommerce_cleanup_sessions, 2 h 1 min late', $this->evidence( $result, 'Most overdue' ) );
	}

	public function test_stuck_cron_lock_is_a_warning() {
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) - 1800 ) );
		$result = $this->run_check( new Cron_Check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'A wp-cron run looks stuck', $result['title'] );
	}

	public function test_corrupt_cron_option_is_unknown() {
		update_option( 'cron', 'garbage' );
		$result = $this->run_check( new Cron_Check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'unknown', $result['status'] );
	}

	public function test_cron_with_malformed_entries_is_read_safely() {
		update_option(
			'cron',
			array(
				'x'         => 'y',
				time() - 60 => 'not-an-array',
				'version'   => 2,
			)
		);
		$result = $this->run_check( new Cron_Check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'good', $result['status'] );
	}

	public function test_no_maintenance_is_good() {
		$this->assertSame( 'good', $this->run_check( $this->maintenance_check(), $this->context( '', $this->now() ) )['status'] );
	}

	public function test_fresh_maintenance_file_is_critical() {
		file_put_contents( $this->site . '/.maintenance', '<?php $upgrading = ' . ( time() - 90 ) . '; ?>' );
		$result = $this->run_check( $this->maintenance_check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'yes: visitors get 503', $this->evidence( $result, 'WordPress honours it' ) );
		$this->assertSame( '90 s ago', $this->evidence( $result, '$upgrading' ) );
	}

	public function test_stale_maintenance_file_is_a_warning() {
		file_put_contents( $this->site . '/.maintenance', '<?php $upgrading = ' . ( time() - 3600 ) . '; ?>' );
		$result = $this->run_check( $this->maintenance_check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'no: older than 10 minutes', $this->evidence( $result, 'WordPress honours it' ) );
	}

	public function test_maintenance_file_setting_upgrading_to_now_is_critical_however_old() {
		// WordPress runs the file on every request, so time() is always fresh: 503 until it is removed.
		file_put_contents( $this->site . '/.maintenance', '<?php $upgrading = time(); ?>' );
		touch( $this->site . '/.maintenance', time() - 1200 );
		$result = $this->run_check( $this->maintenance_check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'yes: visitors get 503', $this->evidence( $result, 'WordPress honours it' ) );
	}

	public function test_maintenance_file_without_a_readable_timestamp_uses_its_age() {
		file_put_contents( $this->site . '/.maintenance', '<?php // written by hand' );
		touch( $this->site . '/.maintenance', time() - 1200 );
		$result = $this->run_check( $this->maintenance_check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( '20 min ago', $this->evidence( $result, 'File age' ) );
	}

	public function test_fresh_update_lock_is_a_warning() {
		update_option( 'core_updater.lock', time() - 90 );
		$result = $this->run_check( $this->maintenance_check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'warning', $result['status'] );
	}

	public function test_debug_logged_not_displayed_is_good() {
		ini_set( 'display_errors', '0' );
		ini_set( 'error_log', '' );
		$this->assertSame( 'good', $this->run_check( new Debug_Config_Check(), $this->context() )['status'] );
	}

	public function test_displayed_errors_are_a_warning() {
		ini_set( 'display_errors', '1' );
		ini_set( 'error_log', '' );
		$result = $this->run_check( new Debug_Config_Check(), $this->context() );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertStringContainsString( 'WP_DEBUG_DISPLAY', $result['fix'] );
	}

	public function test_huge_log_is_critical() {
		ini_set( 'display_errors', '0' );
		$log    = get_temp_dir() . 'triage-test-huge.log';
		$handle = fopen( $log, 'w' );
		ftruncate( $handle, 1100 * 1024 * 1024 ); // Sparse: costs no disk.
		fclose( $handle );
		ini_set( 'error_log', $log );
		$result = $this->run_check( new Debug_Config_Check(), $this->context() );
		unlink( $log );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( '1.1 GB', $this->evidence( $result, 'Log size' ) );
	}

	public function test_no_outgoing_calls_is_good() {
		$this->assertSame( 'good', $this->run_check( new External_Http_Check(), $this->context( '', $this->now() ) )['status'] );
	}

	public function test_slow_and_timing_out_hosts_are_a_warning() {
		$call = static function ( $host, $seconds, $error = '', $age = 60 ) {
			return array(
				'host'    => $host,
				'seconds' => $seconds,
				'status'  => '' === $error ? 200 : 0,
				'error'   => $error,
				'time'    => time() - $age,
			);
		};
		update_option(
			Http_Call_Recorder::OPTION,
			array(
				$call( 'api.payments.example', 7.2 ),
				$call( 'crm.example', 15.0, 'cURL error 28: Operation timed out after 15000 milliseconds' ),
				$call( 'fast.example', 0.2 ),
				$call( 'old.example', 30.0, '', 2 * DAY_IN_SECONDS ),
			),
			false
		);
		$result = $this->run_check( new External_Http_Check(), $this->context( '', $this->now() ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertStringContainsString( 'api.payments.example', $result['title'] );
		$this->assertStringContainsString( 'crm.example', $result['title'] );
		$this->assertStringNotContainsString( 'old.example', $result['title'], 'Calls older than a day are ignored.' );
		$this->assertSame( '1 calls, slowest 15,000 ms, 1 timeouts, 1 errors', $this->evidence( $result, 'crm.example' ) );
	}

	public function test_recorder_keeps_a_bounded_buffer_of_real_calls() {
		$recorder = new Http_Call_Recorder();
		$recorder->register();
		update_option(
			Http_Call_Recorder::OPTION,
			array_fill(
				0,
				Http_Call_Recorder::KEEP,
				array(
					'host'    => 'filler.example',
					'seconds' => 0.1,
					'status'  => 200,
					'error'   => '',
					'time'    => time(),
				)
			),
			false
		);
		// WP_HTTP_BLOCK_EXTERNAL is on in tests: the call fails fast, and is still recorded.
		wp_remote_get( 'http://blocked.example/api' );
		$recorder->save();
		$calls = get_option( Http_Call_Recorder::OPTION );
		$this->assertCount( Http_Call_Recorder::KEEP, $calls );
		$last = end( $calls );
		$this->assertSame( 'blocked.example', $last['host'] );
		$this->assertNotSame( '', $last['error'] );
		// WordPress 6.6 writes 'off' where earlier versions wrote 'no'.
		$this->assertContains( $GLOBALS['wpdb']->get_var( $GLOBALS['wpdb']->prepare( "SELECT autoload FROM {$GLOBALS['wpdb']->options} WHERE option_name = %s", Http_Call_Recorder::OPTION ) ), array( 'no', 'off' ) );
	}

	public function test_database_answers_with_real_figures() {
		$result = $this->run_check( new Database_Check(), $this->context() );
		$this->assertSame( 'good', $result['status'] );
		$this->assertMatchesRegularExpression( '/^[\d.,]+ ms$/', $this->evidence( $result, 'SELECT 1 round trip' ) );
		$this->assertMatchesRegularExpression( '/^\d+ in use of max_connections \d+/', $this->evidence( $result, 'Connections' ) );
	}

	/**
	 * @return array
	 */
	public function autoload_cases() {
		return array(
			'small'  => array( 0, 'good' ),
			'900 KB' => array( 900 * 1024, 'warning' ),
			'3.5 MB' => array( 3584 * 1024, 'critical' ),
		);
	}

	/**
	 * @dataProvider autoload_cases
	 */
	public function test_autoload_size( $bytes, $status ) {
		if ( $bytes ) {
			add_option( 'triage_test_bloat', str_repeat( 'x', $bytes ), '', 'yes' );
		}
		$result = $this->run_check( new Autoload_Check(), $this->context() );
		$this->assertSame( $status, $result['status'] );
		if ( $bytes ) {
			$this->assertStringStartsWith( 'triage_test_bloat (', $this->evidence( $result, 'Largest' ) );
		}
	}
}
