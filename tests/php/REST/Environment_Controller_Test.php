<?php
/**
 * GET /triage/v1/environment
 *
 * @package Triage
 */

/**
 * Environment endpoint.
 */
class Environment_Controller_Test extends Triage_REST_TestCase {

	/**
	 * Memory limit before the test changed it.
	 *
	 * @var string
	 */
	private $memory_limit;

	protected function set_up() {
		$this->memory_limit = (string) ini_get( 'memory_limit' );
	}

	protected function tear_down() {
		ini_set( 'memory_limit', $this->memory_limit );
		if ( file_exists( ABSPATH . '.maintenance' ) ) {
			unlink( ABSPATH . '.maintenance' );
		}
	}

	private function get_environment() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/environment' );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data();
	}

	public function test_reports_the_running_versions() {
		$data = $this->get_environment();
		$this->assertSame( PHP_VERSION, $data['php_version'] );
		$this->assertSame( PHP_SAPI, $data['php_sapi'] );
		$this->assertSame( $GLOBALS['wp_version'], $data['wordpress_version'] );
		$this->assertSame( is_multisite(), $data['is_multisite'] );
		$this->assertSame( gethostname(), $data['host_name'] );
	}

	public function test_reports_memory_limit_in_bytes() {
		ini_set( 'memory_limit', '512M' );
		$data = $this->get_environment();
		$this->assertSame(
			array(
				'value'     => '512M',
				'bytes'     => 536870912,
				'unlimited' => false,
			),
			$data['memory_limit']
		);
	}

	public function test_reports_an_unlimited_memory_limit() {
		ini_set( 'memory_limit', '-1' );
		$data = $this->get_environment();
		$this->assertTrue( $data['memory_limit']['unlimited'] );
		$this->assertNull( $data['memory_limit']['bytes'] );
	}

	public function test_reports_wordpress_memory_constants() {
		$data = $this->get_environment();
		$this->assertSame( WP_MEMORY_LIMIT, $data['wp_memory_limit']['value'] );
		$this->assertSame( WP_MAX_MEMORY_LIMIT, $data['wp_max_memory_limit']['value'] );
		$expected = '-1' === WP_MAX_MEMORY_LIMIT ? null : wp_convert_hr_to_bytes( WP_MAX_MEMORY_LIMIT );
		$this->assertSame( $expected, $data['wp_max_memory_limit']['bytes'] );
		$this->assertSame( '-1' === WP_MAX_MEMORY_LIMIT, $data['wp_max_memory_limit']['unlimited'] );
	}

	public function test_reports_peak_memory_and_time_limit() {
		$data = $this->get_environment();
		$this->assertGreaterThan( 1024 * 1024, $data['peak_memory_bytes'] );
		$this->assertSame( (int) ini_get( 'max_execution_time' ), $data['max_execution_time'] );
	}

	public function test_reports_debug_constants() {
		$data = $this->get_environment();
		$this->assertSame( (bool) WP_DEBUG, $data['debug']['wp_debug'] );
		$this->assertSame( WP_DEBUG_LOG, $data['debug']['wp_debug_log'] );
		$this->assertSame( WP_DEBUG_DISPLAY, $data['debug']['wp_debug_display'] );
	}

	public function test_reports_no_maintenance_file() {
		$data = $this->get_environment();
		$this->assertSame(
			array(
				'exists'      => false,
				'age_seconds' => null,
			),
			$data['maintenance']
		);
	}

	public function test_reports_a_maintenance_file_and_its_age() {
		file_put_contents( ABSPATH . '.maintenance', '<?php $upgrading = ' . ( time() - 900 ) . ';' );
		touch( ABSPATH . '.maintenance', time() - 900 );
		$data = $this->get_environment();
		$this->assertTrue( $data['maintenance']['exists'] );
		$this->assertGreaterThanOrEqual( 900, $data['maintenance']['age_seconds'] );
		$this->assertLessThan( 960, $data['maintenance']['age_seconds'] );
	}

	public function test_invalid_context_is_rejected_with_400() {
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/environment', array( 'context' => 'edit' ) ) );
	}

	public function test_writes_are_not_routed() {
		$this->log_in_as_site_owner();
		$this->assert_error_response( 404, 'rest_no_route', $this->dispatch( 'POST', '/triage/v1/environment' ) );
	}

	public function test_plain_site_administrator_on_multisite_is_refused() {
		$this->log_in_as( 'administrator' );
		$response = $this->dispatch( 'GET', '/triage/v1/environment' );
		// Diagnostics describe the whole network's servers, so only super admins see them there.
		$this->assertSame( is_multisite() ? 403 : 200, $response->get_status() );
	}

	public function test_capability_is_filterable() {
		add_filter(
			'triage_view_capability',
			static function () {
				return 'edit_posts';
			}
		);
		$this->log_in_as( 'editor' );
		$this->assertSame( 200, $this->dispatch( 'GET', '/triage/v1/environment' )->get_status() );
	}

	public function test_an_empty_filtered_capability_falls_back_to_the_default() {
		add_filter( 'triage_view_capability', '__return_empty_string' );
		$this->log_in_as( 'editor' );
		$this->assertSame( 403, $this->dispatch( 'GET', '/triage/v1/environment' )->get_status() );
	}

	public function test_response_contains_no_secrets() {
		$json = wp_json_encode( $this->get_environment() );
		foreach ( array( DB_PASSWORD, AUTH_KEY, NONCE_SALT, LOGGED_IN_KEY ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $json );
		}
	}
}
