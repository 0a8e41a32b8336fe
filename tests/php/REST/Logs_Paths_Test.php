<?php
/**
 * POST /triage/v1/logs/paths: the log files an administrator adds.
 *
 * @package Triage
 */

use Triage\Logs\Log_Sources;

require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';

/**
 * Adding and removing log paths.
 */
class Logs_Paths_Test extends Triage_REST_TestCase {

	private function save( array $paths ) {
		return $this->dispatch( 'POST', '/triage/v1/logs/paths', array( 'paths' => $paths ) );
	}

	private function custom_sources( $response ) {
		return array_values(
			array_filter(
				$response->get_data()['sources'],
				static function ( $source ) {
					return 'custom' === $source['origin'];
				}
			)
		);
	}

	public function test_an_added_log_becomes_a_source_and_can_be_removed() {
		$this->log_in_as_site_owner();
		$path     = Log_Fixtures::write( 'app-error.log', "[23-Nov-2026 10:00:00 UTC] PHP Warning:  x in /a.php on line 1\n" );
		$response = $this->save( array( $path ) );
		$this->assertSame( 200, $response->get_status() );
		$custom = $this->custom_sources( $response );
		$this->assertCount( 1, $custom );
		$this->assertSame( Log_Sources::custom_id( $path ), $custom[0]['id'] );
		$this->assertSame( array( $path ), get_option( Log_Sources::OPTION ) );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/logs/paths' ), $response->get_data() );

		$this->assertSame( array(), $this->custom_sources( $this->save( array() ) ) );
		$this->assertSame( array(), get_option( Log_Sources::OPTION ) );
	}

	/**
	 * @return array
	 */
	public function refused_paths() {
		return array(
			'missing file'   => array( '/nonexistent/dir/error.log' ),
			'not a log name' => array( '/etc/hostname' ),
			'a PHP file'     => array( ABSPATH . 'wp-config-sample.php' ),
			'relative path'  => array( 'wp-content/debug.log' ),
			'a directory'    => array( get_temp_dir() ),
		);
	}

	/**
	 * @dataProvider refused_paths
	 */
	public function test_refuses_files_that_are_not_readable_logs( $path ) {
		$this->log_in_as_site_owner();
		update_option( Log_Sources::OPTION, array( 'kept' ) );
		$response = $this->save( array( $path ) );
		$this->assertSame( 422, $response->get_status() );
		$this->assertSame( 'triage_log_invalid_path', $response->get_data()['code'] );
		$this->assertSame( array( 'kept' ), get_option( Log_Sources::OPTION ), 'A refused list changes nothing.' );
	}

	public function test_one_refused_path_never_rejects_the_others() {
		$this->log_in_as_site_owner();
		$good     = Log_Fixtures::write( 'app-error.log', "x\n" );
		$response = $this->save( array( $good, '/nonexistent/dir/error.log', '/etc/hostname' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( $good ), get_option( Log_Sources::OPTION ) );
		$problems = $response->get_data()['problems'];
		$this->assertSame( array( '/nonexistent/dir/error.log', '/etc/hostname' ), array_column( $problems, 'path' ) );
		$this->assertSame( array( false, false ), array_column( $problems, 'stored' ) );
		$this->assertCount( 1, $this->custom_sources( $response ) );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/logs/paths' ), $response->get_data() );
	}

	public function test_editors_and_subscribers_cannot_choose_files() {
		foreach ( array( 'editor', 'subscriber' ) as $role ) {
			$this->log_in_as( $role );
			$this->assert_error_response( 403, 'rest_forbidden', $this->save( array() ) );
		}
	}

	public function test_too_many_paths_are_rejected_by_the_schema() {
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->save( array_fill( 0, 21, '/var/log/x.log' ) ) );
	}
}
