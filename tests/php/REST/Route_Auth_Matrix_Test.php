<?php
/**
 * Every triage/v1 route refuses visitors and subscribers, serves site owners, and needs exactly the
 * capability action its controller declares.
 *
 * @package Triage
 */

use Triage\Capabilities;

require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';

/**
 * Auth matrix over all routes.
 */
class Route_Auth_Matrix_Test extends Triage_REST_TestCase {

	public function set_up() {
		parent::set_up();
		// The log routes' rows need the matrix log source, whatever earlier tests did to files or hooks.
		Log_Fixtures::matrix_source_id();
	}


	/**
	 * Every route and method Triage registers, with parameters that make a valid request.
	 * A new route must be added here, or test_every_route_is_in_the_matrix fails.
	 *
	 * @return array<string, array{0: string, 1: string, 2: array}>
	 */
	public function routes() {
		return array(
			'GET environment'        => array( 'GET', '/triage/v1/environment', array() ),
			// Debug mode: the POST cases are dry runs, so the site owner's 200 writes nothing.
			'GET debug'              => array( 'GET', '/triage/v1/debug', array() ),
			'POST debug profile'     => array(
				'POST',
				'/triage/v1/debug/profile',
				array(
					'profile' => 'log',
					'dry_run' => true,
				),
			),
			'POST debug revert'      => array( 'POST', '/triage/v1/debug/revert', array( 'dry_run' => true ) ),
			'GET health'             => array( 'GET', '/triage/v1/health', array( 'speed' => 'fast' ) ),
			'GET health site-status' => array( 'GET', '/triage/v1/health/site-status', array( 'check' => 'php_version' ) ),
			// Routes with a source id: the fourth element is the registered pattern (tests/php/Logs/Log_Fixtures.php makes the log).
			'GET logs'               => array( 'GET', '/triage/v1/logs', array() ),
			'POST logs paths'        => array( 'POST', '/triage/v1/logs/paths', array( 'paths' => array() ) ),
			'GET logs tail'          => array( 'GET', '/triage/v1/logs/' . Log_Fixtures::matrix_source_id() . '/tail', array( 'limit' => 5 ), '/triage/v1/logs/(?P<source>[a-z0-9-]{1,40})/tail' ),
			'GET logs summary'       => array( 'GET', '/triage/v1/logs/' . Log_Fixtures::matrix_source_id() . '/summary', array(), '/triage/v1/logs/(?P<source>[a-z0-9-]{1,40})/summary' ),
			'POST logs archive'      => array( 'POST', '/triage/v1/logs/' . Log_Fixtures::matrix_source_id() . '/archive', array( 'dry_run' => true ), '/triage/v1/logs/(?P<source>[a-z0-9-]{1,40})/archive' ),
			'GET logs download'      => array( 'GET', '/triage/v1/logs/' . Log_Fixtures::matrix_source_id() . '/download', array(), '/triage/v1/logs/(?P<source>[a-z0-9-]{1,40})/download' ),
			// Safe mode: dry runs, or exits and revocations with nothing to end, so the site owner's 200 changes nothing.
			'GET safe-mode'          => array( 'GET', '/triage/v1/safe-mode', array() ),
			'POST safe-mode'         => array( 'POST', '/triage/v1/safe-mode', array( 'dry_run' => true ) ),
			'DELETE safe-mode'       => array( 'DELETE', '/triage/v1/safe-mode', array() ),
			'POST safe-mode exit'    => array( 'POST', '/triage/v1/safe-mode/exit', array() ),
			'POST safe-mode plugin'  => array(
				'POST',
				'/triage/v1/safe-mode/plugin',
				array(
					'plugin'  => 'triage/plugin.php',
					'active'  => true,
					'dry_run' => true,
				),
			),
			'POST safe-mode rescue'  => array( 'POST', '/triage/v1/safe-mode/rescue', array( 'dry_run' => true ) ),
			'DELETE rescue link'     => array( 'DELETE', '/triage/v1/safe-mode/rescue', array() ),
			// Bisection: the test site has no plugin to bisect, only its theme (another theme stands in); reading, a dry-run start
			// and ending answer 200, the rest answer the site owner with the documented refusal when no bisection runs
			// (tests/php/Bisect covers their success shapes).
			'GET bisect'             => array( 'GET', '/triage/v1/bisect', array() ),
			'POST bisect'            => array(
				'POST',
				'/triage/v1/bisect',
				array(
					'dry_run' => true,
					'symptom' => array( 'tests' => array( 'status' => true ) ),
				),
			),
			'DELETE bisect'          => array( 'DELETE', '/triage/v1/bisect', array() ),
			'POST bisect probe'      => array(
				'POST',
				'/triage/v1/bisect/probe',
				array(
					'set'      => array(),
					'expected' => 0,
				),
				null,
				array( 409, 'triage_bisect_no_session' ),
			),
			'POST bisect step'       => array(
				'POST',
				'/triage/v1/bisect/step',
				array(
					'set'      => array(),
					'expected' => 0,
				),
				null,
				array( 409, 'triage_bisect_no_session' ),
			),
			'POST bisect answer'     => array(
				'POST',
				'/triage/v1/bisect/answer',
				array(
					'verdict'  => 'fail',
					'expected' => 0,
				),
				null,
				array( 409, 'triage_bisect_nothing_pending' ),
			),
			'POST bisect undo'       => array( 'POST', '/triage/v1/bisect/undo', array( 'expected' => 0 ), null, array( 409, 'triage_bisect_nothing_to_undo' ) ),
			'POST bisect deactivate' => array( 'POST', '/triage/v1/bisect/deactivate', array( 'plugins' => array( 'not/active.php' ) ), null, array( 400, 'triage_bisect_unknown_plugin' ) ),
			// Cron: the event named does not exist and no lock is held, so the site owner's answers change nothing.
			'GET cron'               => array( 'GET', '/triage/v1/cron', array( 'per_page' => 5 ) ),
			'GET cron heartbeat'     => array( 'GET', '/triage/v1/cron/heartbeat', array() ),
			'GET cron fix'           => array( 'GET', '/triage/v1/cron/fix', array() ),
			'GET cron spawn-test'    => array( 'GET', '/triage/v1/cron/spawn-test', array() ),
			'POST cron run'          => array(
				'POST',
				'/triage/v1/cron/run',
				array(
					'hook'      => 'triage_matrix_none',
					'timestamp' => 1,
					'key'       => 'none',
					'confirm'   => true,
				),
				null,
				array( 404, 'triage_cron_event_not_found' ),
			),
			'DELETE cron event'      => array(
				'DELETE',
				'/triage/v1/cron/event',
				array(
					'hook'      => 'triage_matrix_none',
					'timestamp' => 1,
					'key'       => 'none',
					'confirm'   => true,
				),
				null,
				array( 404, 'triage_cron_event_not_found' ),
			),
			'DELETE cron lock'       => array( 'DELETE', '/triage/v1/cron/lock', array( 'confirm' => true ) ),
			// Maintenance: the test WordPress has no .maintenance file (tests that need one use a temporary folder).
			'GET maintenance'        => array( 'GET', '/triage/v1/maintenance', array() ),
			// Report: fast checks and the newest part of each log.
			'GET report'             => array( 'GET', '/triage/v1/report', array( 'format' => 'json' ) ),
			'POST maintenance clear' => array( 'POST', '/triage/v1/maintenance/clear', array( 'confirm' => true ), null, array( 404, 'triage_maintenance_absent' ) ),
			// Flight recorder: stopping a recorder that is off writes nothing.
			'GET recorder'           => array( 'GET', '/triage/v1/incidents/recorder', array() ),
			'POST recorder'          => array( 'POST', '/triage/v1/incidents/recorder', array( 'action' => 'stop' ) ),
			// Incidents: every readable log's last hour, joined.
			'GET incidents'          => array( 'GET', '/triage/v1/incidents', array( 'window' => 3600 ) ),
		);
	}

	public function test_every_route_is_in_the_matrix() {
		$covered = array();
		foreach ( $this->routes() as $route ) {
			$covered[] = $route[0] . ' ' . ( isset( $route[3] ) ? $route[3] : $route[1] );
		}
		$registered = array();
		foreach ( rest_get_server()->get_routes( 'triage/v1' ) as $path => $handlers ) {
			if ( '/triage/v1' === $path ) {
				continue; // The namespace index is core's, public by design.
			}
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( $handler['methods'] ) as $method ) {
					$registered[] = $method . ' ' . $path;
				}
			}
		}
		$this->assertNotEmpty( $registered );
		$this->assertEqualsCanonicalizing( $registered, $covered );
	}

	public function test_every_route_has_a_real_permission_callback() {
		foreach ( rest_get_server()->get_routes( 'triage/v1' ) as $path => $handlers ) {
			if ( '/triage/v1' === $path ) {
				continue;
			}
			foreach ( $handlers as $handler ) {
				$this->assertArrayHasKey( 'permission_callback', $handler, $path );
				$this->assertNotContains( $handler['permission_callback'], array( null, '__return_true' ), $path );
			}
		}
	}

	public function test_every_route_declares_a_known_action() {
		foreach ( $this->declared_actions() as $route => $action ) {
			$this->assertContains( $action, Capabilities::actions(), $route );
		}
	}

	/**
	 * Anything but a read (archiving a log, writing wp-config.php, safe mode, bisection) must not be open to
	 * users who may only look.
	 */
	public function test_routes_that_change_something_do_not_need_only_view() {
		$checked = 0;
		foreach ( $this->declared_actions() as $route => $action ) {
			if ( 0 !== strpos( $route, 'GET ' ) ) {
				$this->assertNotSame( Capabilities::VIEW, $action, "$route changes something but is declared under view." );
				++$checked;
			}
		}
		$this->assertGreaterThan( 10, $checked );
	}

	/**
	 * Each action gets its own capability (through its triage_*_capability filter) and its own user who
	 * holds that capability and nothing else: the route must serve exactly the user of its declared action,
	 * as it serves the site owner, and refuse the others. A route that checked another action than it
	 * declares, or none, fails here.
	 *
	 * @dataProvider routes
	 */
	public function test_only_the_declared_action_is_enough( $method, $route, $params, $pattern = null, $refusal = null ) {
		$declared = $this->declared_actions();
		$key      = $method . ' ' . ( null !== $pattern ? $pattern : $route );
		$this->assertArrayHasKey( $key, $declared );

		foreach ( Capabilities::actions() as $action ) {
			add_filter(
				Capabilities::filter( $action ),
				static function () use ( $action ) {
					return 'triage_test_' . $action;
				}
			);
		}
		foreach ( Capabilities::actions() as $action ) {
			$user_id = self::factory()->user->create( array( 'role' => '' ) );
			get_userdata( $user_id )->add_cap( 'triage_test_' . $action );
			wp_set_current_user( $user_id );

			$response = $this->dispatch( $method, $route, $params );
			if ( $action !== $declared[ $key ] ) {
				$this->assert_error_response( 403, 'rest_forbidden', $response );
				continue;
			}
			if ( null !== $refusal ) {
				$this->assert_error_response( $refusal[0], $refusal[1], $response );
			} else {
				$this->assertSame( 200, $response->get_status(), "$key as a user who may only $action: " . wp_json_encode( $response->get_data() ) );
			}
		}
	}

	/**
	 * The action each registered route and method declares ("METHOD pattern" => action), as the base
	 * controller registered it from the controllers' route tables.
	 *
	 * @return array<string, string>
	 */
	private function declared_actions() {
		$actions = array();
		foreach ( rest_get_server()->get_routes( 'triage/v1' ) as $path => $handlers ) {
			if ( '/triage/v1' === $path ) {
				continue;
			}
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( $handler['methods'] ) as $method ) {
					$actions[ $method . ' ' . $path ] = isset( $handler['triage_action'] ) ? $handler['triage_action'] : '';
				}
			}
		}
		$this->assertNotEmpty( $actions );
		return $actions;
	}

	/**
	 * @dataProvider routes
	 */
	public function test_logged_out_gets_401( $method, $route, $params ) {
		$this->assert_error_response( 401, 'rest_forbidden', $this->dispatch( $method, $route, $params ) );
	}

	/**
	 * @dataProvider routes
	 */
	public function test_subscriber_gets_403( $method, $route, $params ) {
		$this->log_in_as( 'subscriber' );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( $method, $route, $params ) );
	}

	/**
	 * @dataProvider routes
	 */
	public function test_editor_gets_403( $method, $route, $params ) {
		$this->log_in_as( 'editor' );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( $method, $route, $params ) );
	}

	/**
	 * @dataProvider routes
	 */
	public function test_site_owner_gets_the_documented_shape( $method, $route, $params, $pattern = null, $refusal = null ) {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( $method, $route, $params );
		if ( null !== $refusal ) {
			// Allowed, and answered with the documented error for the state the test site is in.
			$this->assert_error_response( $refusal[0], $refusal[1], $response );
			return;
		}
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assert_matches_schema( $this->route_schema( $route ), $response->get_data() );
	}
}
