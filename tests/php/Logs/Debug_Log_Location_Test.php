<?php
/**
 * Where PHP errors go.
 *
 * @package Triage
 */

use Triage\Logs\Debug_Log_Location;

/**
 * Debug log resolution.
 */
class Debug_Log_Location_Test extends WP_UnitTestCase {

	/**
	 * PHP's error_log setting before the test.
	 *
	 * @var string
	 */
	private $error_log;

	protected function set_up() {
		$this->error_log = (string) ini_get( 'error_log' );
	}

	protected function tear_down() {
		ini_set( 'error_log', $this->error_log );
	}

	/**
	 * Settings and the file wp_debug_mode() would write to.
	 *
	 * @return array
	 */
	public function settings() {
		return array(
			'debug off'              => array( false, true, null ),
			'log off'                => array( true, false, null ),
			'log true'               => array( true, true, '/content/debug.log' ),
			'log "true"'             => array( true, 'true', '/content/debug.log' ),
			'log "TRUE"'             => array( true, 'TRUE', '/content/debug.log' ),
			'log "1"'                => array( true, '1', '/content/debug.log' ),
			'log 1'                  => array( true, 1, '/content/debug.log' ),
			'log 0'                  => array( true, 0, null ),
			'log empty string'       => array( true, '', null ),
			'log custom path'        => array( true, '/var/log/wp/errors.log', '/var/log/wp/errors.log' ),
			'log "false" is a path'  => array( true, 'false', 'false' ),
			'custom path, debug off' => array( false, '/var/log/wp/errors.log', null ),
			'log array'              => array( true, array( 'x' ), null ),
		);
	}

	/**
	 * @dataProvider settings
	 */
	public function test_path_for_mirrors_wp_debug_mode( $wp_debug, $wp_debug_log, $expected ) {
		$this->assertSame( $expected, Debug_Log_Location::path_for( $wp_debug, $wp_debug_log, '/content' ) );
	}

	public function test_no_error_log_means_the_server_log() {
		ini_set( 'error_log', '' );
		$result = ( new Debug_Log_Location() )->resolve();
		$this->assertNull( $result['effective'] );
		$this->assertSame( Debug_Log_Location::SOURCE_SERVER, $result['source'] );
	}

	public function test_error_log_without_wp_debug_log_is_php_ini() {
		$file = get_temp_dir() . 'triage-test-php-errors.log';
		ini_set( 'error_log', $file );
		$location = new Debug_Log_Location();
		$result   = $location->resolve();
		$this->assertSame( $file, $result['effective'] );
		$this->assertSame( null === $location->expected_path() ? Debug_Log_Location::SOURCE_PHP_INI : Debug_Log_Location::SOURCE_OVERRIDDEN, $result['source'] );
	}

	public function test_reports_log_errors() {
		$result = ( new Debug_Log_Location() )->resolve();
		$this->assertSame( (bool) ini_get( 'log_errors' ), $result['log_errors'] );
	}
}
