<?php
/**
 * GET and POST /triage/v1/incidents/recorder.
 *
 * @package Triage
 */

require_once __DIR__ . '/Recorder_Test_Case.php';

use Triage\Capabilities;
use Triage\Incidents\Recorder\Recorder_Settings;
use Triage\REST\Recorder_Controller;

/**
 * Through a REST server whose recorder routes write a temporary must-use folder: the shared test
 * WordPress's own must-use folder is left alone. The test's controller registers first (priority 0).
 */
class Recorder_Controller_Test extends Recorder_Test_Case {

	/**
	 * Registers the test's controller.
	 *
	 * @var callable
	 */
	private $register;

	protected function set_up() {
		parent::set_up();
		$controller     = new Recorder_Controller(
			function () {
				return $this->recorder();
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
		parent::tear_down();
	}

	/**
	 * Dispatches a request.
	 *
	 * @param string $method Method.
	 * @param array  $params Parameters.
	 * @return WP_REST_Response
	 */
	private function dispatch( $method, array $params = array() ) {
		$request = new WP_REST_Request( $method, '/triage/v1/incidents/recorder' );
		foreach ( $params as $name => $value ) {
			$request->set_param( $name, $value );
		}
		return rest_get_server()->dispatch( $request );
	}

	/**
	 * Logs in an administrator (a super admin on multisite).
	 *
	 * @return void
	 */
	private function as_admin() {
		$admin = self::factory()->user->create( array( 'role' => 'administrator' ) );
		if ( is_multisite() ) {
			grant_super_admin( $admin );
		}
		wp_set_current_user( $admin );
	}

	public function test_visitors_and_subscribers_are_refused() {
		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->dispatch( 'GET' )->get_status() );
		$this->assertSame( 401, $this->dispatch( 'POST', array( 'action' => 'stop' ) )->get_status() );
		wp_set_current_user( self::factory()->user->create( array( 'role' => 'subscriber' ) ) );
		$this->assertSame( 403, $this->dispatch( 'GET' )->get_status() );
		$this->assertSame( 403, $this->dispatch( 'POST', array( 'action' => 'stop' ) )->get_status() );
	}

	public function test_a_viewer_who_may_not_configure_reads_but_cannot_start() {
		$this->as_admin();
		add_filter(
			'triage_configure_capability',
			static function () {
				return 'do_not_allow';
			}
		);
		$this->assertSame( 200, $this->dispatch( 'GET' )->get_status() );
		$this->assertSame(
			403,
			$this->dispatch(
				'POST',
				array(
					'action'  => 'start',
					'minutes' => 60,
				)
			)->get_status()
		);
		$this->assertFileDoesNotExist( $this->mu . '/triage-loader.php' );
	}

	public function test_get_start_and_stop_answer_the_state_in_its_schema() {
		$this->as_admin();
		$schema = Triage\REST\Schemas::get( 'incidents/recorder' );
		$off    = $this->dispatch( 'GET' );
		$this->assertSame( 200, $off->get_status() );
		$this->assertFalse( $off->get_data()['on'] );
		$this->assertTrue( true === rest_validate_value_from_schema( $off->get_data(), $schema ) );
		$this->assertEqualsCanonicalizing( array_keys( $schema['properties'] ), array_keys( $off->get_data() ) );

		$on = $this->dispatch(
			'POST',
			array(
				'action'  => 'start',
				'minutes' => 360,
			)
		);
		$this->assertSame( 200, $on->get_status() );
		$this->assertTrue( $on->get_data()['on'] );
		$this->assertSame( self::NOW + 21600, $on->get_data()['until'] );
		$this->assertSame( array( 60, 360, 1440, 10080 ), $on->get_data()['choices'] );
		$this->assertTrue( true === rest_validate_value_from_schema( $on->get_data(), $schema ) );
		$this->assertSame( self::NOW + 21600, Recorder_Settings::read_from_loader( file_get_contents( $this->mu . '/triage-loader.php' ) )['until'] );

		$stopped = $this->dispatch( 'POST', array( 'action' => 'stop' ) );
		$this->assertSame( 200, $stopped->get_status() );
		$this->assertFalse( $stopped->get_data()['on'] );
		$this->assertSame( 0, Recorder_Settings::read_from_loader( file_get_contents( $this->mu . '/triage-loader.php' ) )['until'] );
	}

	public function test_the_request_schema_allows_exactly_the_recorder_s_durations() {
		$minutes = Triage\REST\Schemas::get( 'incidents/recorder-request' )['properties']['minutes'];
		$this->assertSame( Triage\Incidents\Recorder\Flight_Recorder::MIN_SECONDS / 60, $minutes['minimum'] );
		$this->assertSame( Triage\Incidents\Recorder\Flight_Recorder::MAX_SECONDS / 60, $minutes['maximum'] );
		foreach ( Triage\Incidents\Recorder\Flight_Recorder::CHOICES as $choice ) {
			$this->assertLessThanOrEqual( $minutes['maximum'], $choice );
		}
	}

	/**
	 * Bodies the route refuses.
	 *
	 * @return array
	 */
	public function bad_bodies() {
		return array(
			'no action'       => array( array( 'minutes' => 60 ) ),
			'unknown action'  => array( array( 'action' => 'pause' ) ),
			'start, no time'  => array( array( 'action' => 'start' ) ),
			'zero minutes'    => array(
				array(
					'action'  => 'start',
					'minutes' => 0,
				),
			),
			'over 7 days'     => array(
				array(
					'action'  => 'start',
					'minutes' => 10081,
				),
			),
			'unknown param'   => array(
				array(
					'action' => 'stop',
					'until'  => 1,
				),
			),
			'minutes as text' => array(
				array(
					'action'  => 'start',
					'minutes' => 'forever',
				),
			),
		);
	}

	/**
	 * Refused with 400, nothing written.
	 *
	 * @dataProvider bad_bodies
	 *
	 * @param array $body Body.
	 */
	public function test_bad_bodies_are_400( array $body ) {
		$this->as_admin();
		$this->assertSame( 400, $this->dispatch( 'POST', $body )->get_status() );
		$this->assertFileDoesNotExist( $this->mu . '/triage-loader.php' );
	}

	public function test_a_hardened_site_gets_409_with_the_lines_to_set() {
		$this->as_admin();
		add_filter( 'file_mod_allowed', '__return_false' );
		// edit_files is gone on a hardened site: grant configure through Triage's filter, as a site owner may.
		add_filter(
			'triage_configure_capability',
			static function () {
				return 'manage_options';
			}
		);
		$response = $this->dispatch(
			'POST',
			array(
				'action'  => 'start',
				'minutes' => 60,
			)
		);
		remove_filter( 'file_mod_allowed', '__return_false' );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'triage_recorder_file_mods', $response->get_data()['code'] );
		$this->assertStringContainsString( 'const UNTIL = ', $response->get_data()['data']['manual'] );
		$this->assertFileDoesNotExist( $this->mu . '/triage-loader.php' );
	}
}
