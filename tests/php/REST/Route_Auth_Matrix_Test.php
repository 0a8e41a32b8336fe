<?php
/**
 * Every triage/v1 route refuses visitors and subscribers and serves site owners.
 *
 * @package Triage
 */

/**
 * Auth matrix over all routes.
 */
class Route_Auth_Matrix_Test extends Triage_REST_TestCase {

	/**
	 * Every route and method Triage registers, with parameters that make a valid request.
	 * A new route must be added here, or test_every_route_is_in_the_matrix fails.
	 *
	 * @return array<string, array{0: string, 1: string, 2: array}>
	 */
	public function routes() {
		return array(
			'GET environment' => array( 'GET', '/triage/v1/environment', array() ),
		);
	}

	public function test_every_route_is_in_the_matrix() {
		$covered = array();
		foreach ( $this->routes() as $route ) {
			$covered[] = $route[0] . ' ' . $route[1];
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
	public function test_site_owner_gets_the_documented_shape( $method, $route, $params ) {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( $method, $route, $params );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assert_matches_schema( $this->route_schema( $route ), $response->get_data() );
	}
}
