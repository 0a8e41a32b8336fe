<?php
/**
 * GET /triage/v1/maintenance, POST /triage/v1/maintenance/clear
 *
 * @package Triage
 */

use Triage\Capabilities;
use Triage\Maintenance\Maintenance_State;
use Triage\REST\Maintenance_Controller;

/**
 * Maintenance endpoints through a REST server whose maintenance routes read a temporary WordPress folder:
 * a fresh .maintenance in the shared test WordPress would answer 503 to every other process using it.
 * The controller is registered before the plugin's own (priority 0), so its handlers answer first.
 */
class Maintenance_Controller_Test extends Triage_REST_TestCase {

	/**
	 * Temporary WordPress folder.
	 *
	 * @var string
	 */
	private $site;

	/**
	 * Registers the test's controller.
	 *
	 * @var callable
	 */
	private $register;

	protected function set_up() {
		$this->site = sys_get_temp_dir() . '/triage-rest-maintenance-' . uniqid( '', true );
		mkdir( $this->site . '/wp-content', 0755, true );
		$site           = $this->site;
		$controller     = new Maintenance_Controller(
			static function () use ( $site ) {
				return new Maintenance_State( $site, $site . '/wp-content' );
			},
			new Capabilities()
		);
		$this->register = array( $controller, 'register_routes' );
		add_action( 'rest_api_init', $this->register, 0 );
		$GLOBALS['wp_rest_server'] = null;
	}

	protected function tear_down() {
		remove_action( 'rest_api_init', $this->register, 0 );
		$GLOBALS['wp_rest_server'] = null;
		delete_option( 'core_updater.lock' );
		$this->remove_tree( $this->site );
	}

	/**
	 * Deletes a folder and what is in it.
	 *
	 * @param string $dir Folder.
	 * @return void
	 */
	private function remove_tree( $dir ) {
		foreach ( (array) glob( $dir . '/{,.}[!.]*', GLOB_BRACE ) as $path ) {
			is_dir( $path ) ? $this->remove_tree( $path ) : unlink( $path );
		}
		rmdir( $dir );
	}

	/**
	 * Writes .maintenance as core's upgrader does.
	 *
	 * @param int $age Seconds since $upgrading.
	 * @return string Its path.
	 */
	private function write_file( $age ) {
		$path = $this->site . '/.maintenance';
		file_put_contents( $path, '<?php $upgrading = ' . ( time() - $age ) . '; ?>' );
		return $path;
	}

	public function test_refusals() {
		$this->assert_error_response( 401, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/maintenance' ) );
		$this->log_in_as( 'subscriber' );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => true ) ) );
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => 'maybe' ) ) );
		$this->assert_error_response(
			400,
			'rest_invalid_param',
			$this->dispatch(
				'POST',
				'/triage/v1/maintenance/clear',
				array(
					'confirm' => true,
					'force'   => true,
				)
			)
		);
		$this->assert_error_response( 404, 'triage_maintenance_absent', $this->dispatch( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => true ) ) );
	}

	public function test_nothing_found_shape() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/maintenance' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/maintenance' ), $data );
		$this->assertFalse( $data['found'] );
		$this->assertSame( $this->site . '/.maintenance', $data['file']['path'] );
	}

	public function test_stale_file_is_found_and_cleared_after_confirmation() {
		$path = $this->write_file( HOUR_IN_SECONDS );
		$this->log_in_as_site_owner();
		$state = $this->dispatch( 'GET', '/triage/v1/maintenance' )->get_data();
		$this->assertTrue( $state['found'] );
		$this->assertFalse( $state['file']['fresh'] );

		$this->assert_error_response( 400, 'triage_confirmation_required', $this->dispatch( 'POST', '/triage/v1/maintenance/clear' ) );
		$this->assertFileExists( $path );

		$response = $this->dispatch( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => true ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/maintenance/clear' ), $response->get_data() );
		$this->assertTrue( $response->get_data()['cleared'] );
		$this->assertFalse( $response->get_data()['forced_fresh'] );
		$this->assertFileDoesNotExist( $path );
		$this->assertSame( array( '.', '..', 'wp-content' ), scandir( $this->site ), 'No renamed copy is left.' );
	}

	public function test_fresh_file_is_refused_without_force_fresh() {
		$path = $this->write_file( 30 );
		$this->log_in_as_site_owner();
		$refused = $this->dispatch( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => true ) );
		$this->assert_error_response( 409, 'triage_maintenance_fresh', $refused );
		$this->assertTrue( $refused->get_data()['data']['file']['fresh'], 'The refusal carries the file for the second confirmation.' );
		$this->assertFileExists( $path );

		$forced = $this->dispatch(
			'POST',
			'/triage/v1/maintenance/clear',
			array(
				'confirm'     => true,
				'force_fresh' => true,
			)
		);
		$this->assertSame( 200, $forced->get_status() );
		$this->assertTrue( $forced->get_data()['forced_fresh'] );
		$this->assertFileDoesNotExist( $path );
	}

	public function test_held_update_lock_is_refused_without_force_lock() {
		$path = $this->write_file( HOUR_IN_SECONDS );
		update_option( 'core_updater.lock', time() - 60 );
		$this->log_in_as_site_owner();
		$refused = $this->dispatch( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => true ) );
		$this->assert_error_response( 409, 'triage_maintenance_update_running', $refused );
		$this->assertSame( 'core_updater.lock', $refused->get_data()['data']['locks'][0]['name'] );
		$this->assertFileExists( $path );

		$forced = $this->dispatch(
			'POST',
			'/triage/v1/maintenance/clear',
			array(
				'confirm'    => true,
				'force_lock' => true,
			)
		);
		$this->assertSame( 200, $forced->get_status() );
		$this->assertTrue( $forced->get_data()['forced_lock'] );
		$this->assertFileDoesNotExist( $path );
	}
}
