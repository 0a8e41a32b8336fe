<?php
/**
 * PHP: version, OPcache, memory limits, the PHP-FPM pool.
 *
 * @package Triage
 */

use Triage\Health\Checks\Fpm_Pool_Check;
use Triage\Health\Checks\Memory_Limits_Check;
use Triage\Health\Checks\Memory_Usage_Check;
use Triage\Health\Checks\Opcache_Check;
use Triage\Health\Checks\Php_Version_Check;

/**
 * PHP-layer checks.
 */
class Php_Checks_Test extends Health_Test_Case {

	/**
	 * Values to restore after each test.
	 *
	 * @var array
	 */
	private $ini = array();

	protected function set_up() {
		$this->ini = array(
			'memory_limit' => ini_get( 'memory_limit' ),
			'error_log'    => ini_get( 'error_log' ),
		);
	}

	protected function tear_down() {
		foreach ( $this->ini as $name => $value ) {
			ini_set( $name, $value );
		}
	}

	private function version( $version ) {
		return array(
			'phpversion' => static function () use ( $version ) {
				return $version;
			},
		);
	}

	/**
	 * @return array
	 */
	public function versions() {
		return array(
			'8.3 supported'       => array( '8.3.14', 'good' ),
			'8.2 ends in 38 days' => array( '8.2.36', 'warning' ),
			'7.4 ended'           => array( '7.4.33', 'warning' ),
			'unknown branch'      => array( '9.1.0', 'unknown' ),
		);
	}

	/**
	 * @dataProvider versions
	 */
	public function test_php_version( $version, $status ) {
		$result = $this->run_check( new Php_Version_Check(), $this->context( '', $this->version( $version ) ) );
		$this->assertSame( $status, $result['status'] );
	}

	public function test_php_version_counts_the_days_left() {
		$result = $this->run_check( new Php_Version_Check(), $this->context( '', $this->version( '8.2.36' ) ) );
		$this->assertSame( 'PHP 8.2 stops getting security fixes in 38 days', $result['title'] );
		$this->assertStringContainsString( 'PHP 8.3', $result['fix'] );
	}

	private function opcache( $status, array $ini = array() ) {
		return array(
			'php_sapi_name'      => static function () {
				return 'fpm-fcgi';
			},
			'opcache_get_status' => static function () use ( $status ) {
				return $status;
			},
			'ini_get'            => static function ( $name ) use ( $ini ) {
				return isset( $ini[ $name ] ) ? $ini[ $name ] : '';
			},
		);
	}

	private function opcache_status( $free, $full = false, $restarts = 0 ) {
		return array(
			'opcache_enabled'    => true,
			'cache_full'         => $full,
			'memory_usage'       => array(
				'used_memory'   => 128 * 1048576 - $free,
				'free_memory'   => $free,
				'wasted_memory' => 0,
			),
			'opcache_statistics' => array(
				'num_cached_scripts' => 1800,
				'max_cached_keys'    => 16229,
				'oom_restarts'       => $restarts,
				'hash_restarts'      => 0,
			),
		);
	}

	public function test_opcache_good() {
		$result = $this->run_check( new Opcache_Check(), $this->context( '', $this->opcache( $this->opcache_status( 64 * 1048576 ) ) ) );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( '64 MB used of 128 MB (64 MB free)', $this->evidence( $result, 'Memory' ) );
	}

	public function test_opcache_full_is_a_warning() {
		$result = $this->run_check( new Opcache_Check(), $this->context( '', $this->opcache( $this->opcache_status( 1048576, true, 3 ) ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( '3', $this->evidence( $result, 'Restarts (out of memory or keys)' ) );
	}

	public function test_opcache_turned_off_is_a_warning() {
		$result = $this->run_check( new Opcache_Check(), $this->context( '', $this->opcache( false, array( 'opcache.enable' => '0' ) ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'OPcache is turned off', $result['title'] );
	}

	public function test_opcache_restricted_api_is_unknown() {
		$result = $this->run_check(
			new Opcache_Check(),
			$this->context(
				'',
				$this->opcache(
					false,
					array(
						'opcache.enable'       => '1',
						'opcache.restrict_api' => '/var/www/other',
					)
				)
			)
		);
		$this->assertSame( 'unknown', $result['status'] );
	}

	public function test_opcache_missing_under_fpm_is_a_warning_and_under_cli_unknown() {
		$disabled = array(
			'disable_functions' => static function () {
				return 'opcache_get_status';
			},
		);
		$fpm      = $disabled + array(
			'php_sapi_name' => static function () {
				return 'fpm-fcgi';
			},
		);
		$this->assertSame( 'warning', $this->run_check( new Opcache_Check(), $this->context( '', $fpm ) )['status'] );
		$cli = $disabled + array(
			'php_sapi_name' => static function () {
				return 'cli';
			},
		);
		$this->assertSame( 'unknown', $this->run_check( new Opcache_Check(), $this->context( '', $cli ) )['status'] );
	}

	public function test_memory_limits_good() {
		ini_set( 'memory_limit', '256M' );
		ini_set( 'error_log', '' );
		$result = $this->run_check( new Memory_Limits_Check(), $this->context() );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( '256M (256 MB)', $this->evidence( $result, 'memory_limit' ) );
	}

	public function test_memory_limits_low_is_a_warning() {
		ini_set( 'error_log', '' );
		$result = $this->run_check(
			new Memory_Limits_Check(),
			$this->context(
				'',
				array(
					'ini_get' => static function ( $name ) {
						return 'memory_limit' === $name ? '32M' : '';
					},
				)
			)
		);
		$this->assertSame( 'warning', $result['status'] );
	}

	public function test_memory_limits_with_exhausted_fatals_is_critical() {
		$log = get_temp_dir() . 'triage-test-oom.log';
		file_put_contents(
			$log,
			"[23-Nov-2026 10:00:00 UTC] PHP Warning:  Undefined variable \$x in /var/www/wp-content/plugins/a/a.php on line 3\n" .
			"[23-Nov-2026 10:01:00 UTC] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 2097152 bytes) in /var/www/wp-content/plugins/hog/hog.php on line 12\n" .
			"[23-Nov-2026 10:02:00 UTC] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 4096 bytes) in /var/www/wp-includes/class-wpdb.php on line 2\n"
		);
		ini_set( 'error_log', $log );
		$result = $this->run_check( new Memory_Limits_Check(), $this->context() );
		unlink( $log );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'PHP ran out of memory 2 times recently', $result['title'] );
		$this->assertStringContainsString( 'class-wpdb.php', $this->evidence( $result, 'Most recent' ) );
	}

	/**
	 * @return array
	 */
	public function usage_cases() {
		$mb = 1048576;
		return array(
			'30%'        => array( 77 * $mb, 'good' ),
			'65%'        => array( 166 * $mb, 'warning' ),
			'85%'        => array( 218 * $mb, 'critical' ),
			'no reports' => array( null, 'unknown' ),
		);
	}

	/**
	 * @dataProvider usage_cases
	 */
	public function test_memory_usage( $peak, $status ) {
		$report = null === $peak ? null : array(
			'peak'  => $peak,
			'limit' => '256M',
		);
		$loops  = array(
			'front' => $this->loopback( 200, 0.1, $report ),
			'admin' => $this->loopback( 302 ),
		);
		$result = $this->run_check( new Memory_Usage_Check(), $this->context( '', array(), $loops ) );
		$this->assertSame( $status, $result['status'] );
		$this->assertSame( 'not measured: the request was redirected (HTTP 302)', $this->evidence( $result, 'Dashboard (/wp-admin/)' ) );
	}

	public function test_fpm_pool_outside_fpm_is_unknown() {
		$result = $this->run_check(
			new Fpm_Pool_Check(),
			$this->context(
				'healthy',
				array(
					'php_sapi_name' => static function () {
						return 'apache2handler';
					},
				)
			)
		);
		$this->assertSame( 'unknown', $result['status'] );
		$this->assertStringContainsString( 'apache2handler', $result['reason'] );
	}

	public function test_fpm_pool_with_status_disabled_is_unknown() {
		$result = $this->run_check( new Fpm_Pool_Check(), $this->context( 'healthy', $this->fpm_runtime( null ) ) );
		$this->assertSame( 'unknown', $result['status'] );
	}

	public function test_fpm_pool_good_with_sizing_from_real_numbers() {
		$result = $this->run_check( new Fpm_Pool_Check(), $this->context( 'healthy', $this->fpm_runtime( $this->fpm_status() ) ) );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( '20', $this->evidence( $result, 'pm.max_children' ) );
		$this->assertSame( '500', $this->evidence( $result, 'pm.max_requests' ) );
		$status = $this->fpm_status( array( 'pool' => 'shop' ) );
		$other  = $this->run_check( new Fpm_Pool_Check(), $this->context( 'critical', $this->fpm_runtime( $status ) ) );
		$this->assertSame( '0 (default: workers are never recycled)', $this->evidence( $other, 'pm.max_requests' ) );
		$this->assertSame( '42 MB on average, 48 MB at most', $this->evidence( $result, 'Memory of the last request per worker' ) );
		// (5120 MB available + 4 × 42 MB held by workers − 20% of 7977 MB) ÷ 42 MB = 87, but 4 CPUs run 16 at most.
		$this->assertSame( '(5.2 GB available − 1.6 GB reserve) ÷ 42 MB per worker (last request\'s memory: a worker holds more) = 87; 4 CPUs × 4 = 16; the smaller: 16', $this->evidence( $result, 'Recommended pm.max_children' ) );
	}

	public function test_fpm_pool_that_hit_max_children_is_a_warning() {
		$status = $this->fpm_status( array( 'max-children-reached' => 7 ) );
		$result = $this->run_check( new Fpm_Pool_Check(), $this->context( 'busy', $this->fpm_runtime( $status ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'The PHP-FPM pool hit pm.max_children 7 times since it started', $result['title'] );
		$this->assertStringContainsString( 'pm.max_children = ', $result['fix'] );
	}

	public function test_fpm_pool_with_slow_requests_is_a_warning() {
		$status = $this->fpm_status( array( 'slow-requests' => 12 ) );
		$this->assertSame( 'warning', $this->run_check( new Fpm_Pool_Check(), $this->context( 'healthy', $this->fpm_runtime( $status ) ) )['status'] );
	}

	public function test_fpm_pool_with_a_queue_is_critical() {
		$status = $this->fpm_status(
			array(
				'listen-queue'         => 9,
				'max-listen-queue'     => 40,
				'max-children-reached' => 31,
				'idle-processes'       => 0,
				'active-processes'     => 5,
				'total-processes'      => 5,
			)
		);
		$result = $this->run_check( new Fpm_Pool_Check(), $this->context( 'busy', $this->fpm_runtime( $status ) ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( '9 now, 40 at most since start', $this->evidence( $result, 'Listen queue' ) );
	}
}
