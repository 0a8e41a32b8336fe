<?php
/**
 * Web server: time limits, loopbacks, the exposed debug log, CDN/proxy.
 *
 * @package Triage
 */

use Triage\Health\Checks\Cdn_Proxy_Check;
use Triage\Health\Checks\Debug_Log_Exposure_Check;
use Triage\Health\Checks\Loopback_Check;
use Triage\Health\Checks\Time_Limits_Check;
use Triage\Health\Server_Config;

/**
 * Web- and CDN-layer checks.
 */
class Web_Checks_Test extends Health_Test_Case {

	private function limits( $max_execution_time, $pool = 'www' ) {
		return $this->fpm_runtime( $this->fpm_status( array( 'pool' => $pool ) ) ) + array(
			'ini_get' => static function ( $name ) use ( $max_execution_time ) {
				$values = array(
					'max_execution_time' => (string) $max_execution_time,
					'max_input_time'     => '-1',
				);
				return isset( $values[ $name ] ) ? $values[ $name ] : '';
			},
		);
	}

	public function test_time_limits_in_the_right_order_are_good() {
		// PHP 30 s < nginx 60 s < terminate 65 s.
		$result = $this->run_check( new Time_Limits_Check(), $this->context( 'healthy', $this->limits( 30 ) ) );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( '65 s', $this->evidence( $result, 'request_terminate_timeout' ) );
		$this->assertSame( '60 s', $this->evidence( $result, 'fastcgi_read_timeout' ), 'The commented-out 10 s must be ignored.' );
	}

	public function test_terminate_below_nginx_timeout_is_named_as_502() {
		// terminate 30 s < fastcgi_read_timeout 2 min.
		$result = $this->run_check( new Time_Limits_Check(), $this->context( 'busy', $this->limits( 0 ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertStringContainsString( '502', $result['title'] );
		$this->assertSame( '5 min', $this->evidence( $result, 'proxy_read_timeout' ) );
		$this->assertStringContainsString( 'request_terminate_timeout = 125s', $result['fix'] );
	}

	public function test_nginx_timeout_below_php_time_is_named_as_504() {
		// Two pools, and PHP-FPM names "shop": terminate 0 (off); nginx default 60 s; PHP unlimited.
		$result = $this->run_check( new Time_Limits_Check(), $this->context( 'critical', $this->limits( 0, 'shop' ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertStringContainsString( '504', $result['title'] );
		$this->assertSame( '0 (off)', $this->evidence( $result, 'request_terminate_timeout' ) );
	}

	public function test_ambiguous_pools_are_reported_not_guessed() {
		$config = Server_Config::read( new Triage\Health\System_Files( __DIR__ . '/fixtures/critical' ) );
		$this->assertNull( $config->fpm_pool );
		$this->assertStringContainsString( '2 PHP-FPM pools', $config->missing['fpm'] );
	}

	public function test_a_pool_of_another_name_is_never_used() {
		$config = Server_Config::read( new Triage\Health\System_Files( __DIR__ . '/fixtures/healthy' ), 'wp' );
		$this->assertNull( $config->fpm_pool );
		$this->assertStringContainsString( 'pool "wp"', $config->missing['fpm'] );
		$this->assertStringContainsString( 'found: www', $config->missing['fpm'] );
	}

	public function test_time_limits_without_server_configs_are_unknown() {
		$result = $this->run_check( new Time_Limits_Check(), $this->context( '', $this->limits( 30 ) ) );
		$this->assertSame( 'unknown', $result['status'] );
		$this->assertStringContainsString( 'nginx', $result['reason'] );
	}

	public function test_malformed_configs_are_read_without_warnings() {
		$result = $this->run_check( new Time_Limits_Check(), $this->context( 'malformed', $this->limits( 30 ) ) );
		$this->assertSame( 'not set (nginx\'s default: 60 s)', $this->evidence( $result, 'fastcgi_read_timeout' ) );
	}

	/**
	 * @return array
	 */
	public function seconds() {
		return array(
			array( '60', 60 ),
			array( '60s', 60 ),
			array( '2m', 120 ),
			array( '1h', 3600 ),
			array( '500ms', 1 ),
			array( ' 30S ', 30 ),
			array( 'forever', null ),
			array( '5x', null ),
			array( '', null ),
		);
	}

	/**
	 * @dataProvider seconds
	 */
	public function test_time_values( $value, $expected ) {
		$this->assertSame( $expected, Server_Config::seconds( $value ) );
	}

	public function test_loopbacks_good() {
		$loops  = array(
			'front' => $this->loopback( 200, 0.12 ),
			'admin' => $this->loopback( 200, 0.3 ),
			'rest'  => $this->loopback( 200, 0.05 ),
			'ajax'  => $this->loopback( 400, 0.04 ),
		);
		$result = $this->run_check( new Loopback_Check(), $this->context( '', array(), $loops ) );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( 'HTTP 200, first byte after 120 ms', $this->evidence( $result, 'Front page' ) );
	}

	public function test_slow_loopback_is_a_warning() {
		$loops  = array( 'front' => $this->loopback( 200, 4.2 ) );
		$result = $this->run_check( new Loopback_Check(), $this->context( '', array(), $loops ) );
		$this->assertSame( 'warning', $result['status'] );
	}

	public function test_5xx_loopback_is_critical_with_the_first_line() {
		$loops  = array(
			'front' => $this->loopback( 500, 0.2, null, '', 'There has been a critical error on this website.' ),
			'rest'  => $this->loopback( 200 ),
		);
		$result = $this->run_check( new Loopback_Check(), $this->context( '', array(), $loops ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'There has been a critical error', $this->evidence( $result, 'Front page' ) );
	}

	public function test_timed_out_loopback_is_critical() {
		$loops  = array( 'admin' => $this->loopback( 0, 10.0, null, 'cURL error 28: Operation timed out after 10001 milliseconds' ) );
		$result = $this->run_check( new Loopback_Check(), $this->context( '', array(), $loops ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringStartsWith( 'timed out after', $this->evidence( $result, 'Dashboard (/wp-admin/)' ) );
	}

	/**
	 * @return array
	 */
	public function exposure_cases() {
		return array(
			'downloadable'    => array( 200, '', 'critical' ),
			'partial content' => array( 206, '', 'critical' ),
			'denied'          => array( 403, '', 'good' ),
			'no answer'       => array( 0, 'Connection refused', 'unknown' ),
		);
	}

	/**
	 * @dataProvider exposure_cases
	 */
	public function test_debug_log_exposure( $status, $error, $expected ) {
		$loops  = array( 'debug_log' => $this->loopback( $status, 0.01, null, $error ) );
		$result = $this->run_check( new Debug_Log_Exposure_Check(), $this->context( '', array(), $loops ) );
		$this->assertSame( $expected, $result['status'] );
	}

	public function test_log_outside_the_web_root_is_not_probed_and_good() {
		$result = $this->run_check( new Debug_Log_Exposure_Check(), $this->context() );
		$this->assertSame( 'good', $result['status'] );
	}

	private function server( array $vars ) {
		return array(
			'server_vars' => static function () use ( $vars ) {
				return $vars;
			},
		);
	}

	public function test_no_proxy_is_good() {
		$result = $this->run_check( new Cdn_Proxy_Check(), $this->context( '', $this->server( array( 'REMOTE_ADDR' => '203.0.113.9' ) ) ) );
		$this->assertSame( 'good', $result['status'] );
	}

	public function test_cloudflare_without_real_ip_is_a_warning() {
		$vars   = array(
			'REMOTE_ADDR'           => '172.70.1.2',
			'HTTP_CF_RAY'           => '8c1f2a3b4c5d6e7f-AMS',
			'HTTP_CF_CONNECTING_IP' => '203.0.113.9',
			'HTTP_X_FORWARDED_FOR'  => '203.0.113.9',
		);
		$result = $this->run_check( new Cdn_Proxy_Check(), $this->context( '', $this->server( $vars ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'Cloudflare', $this->evidence( $result, 'In front of the site' ) );
		$this->assertStringContainsString( 'real_ip_header CF-Connecting-IP', $result['fix'] );
	}

	public function test_proxy_with_real_ip_restored_is_good() {
		$vars   = array(
			'REMOTE_ADDR'          => '203.0.113.9',
			'HTTP_X_FORWARDED_FOR' => '203.0.113.9, 10.0.0.2',
			'HTTP_VIA'             => '1.1 varnish',
		);
		$result = $this->run_check( new Cdn_Proxy_Check(), $this->context( '', $this->server( $vars ) ) );
		$this->assertSame( 'good', $result['status'] );
	}
}
