<?php
/**
 * Helpers for REST tests: dispatch through the real server and check responses against the schema.
 *
 * @package Triage
 */

/**
 * REST test case.
 */
abstract class Triage_REST_TestCase extends WP_UnitTestCase {

	/**
	 * Dispatches a request through rest_get_server().
	 *
	 * @param string $method HTTP method.
	 * @param string $route  Route, e.g. /triage/v1/environment.
	 * @param array  $params Query or body parameters.
	 * @return WP_REST_Response
	 */
	protected function dispatch( $method, $route, array $params = array() ) {
		$request = new WP_REST_Request( $method, $route );
		foreach ( $params as $name => $value ) {
			$request->set_param( $name, $value );
		}
		return rest_get_server()->dispatch( $request );
	}

	/**
	 * The schema a route publishes (what OPTIONS returns).
	 *
	 * @param string $route Route.
	 * @return array
	 */
	protected function route_schema( $route ) {
		$data = $this->dispatch( 'OPTIONS', $route )->get_data();
		$this->assertArrayHasKey( 'schema', $data, "$route publishes no schema." );
		return $data['schema'];
	}

	/**
	 * Asserts that data has exactly the schema's properties (recursively) and valid types.
	 *
	 * @param array  $schema JSON schema.
	 * @param mixed  $data   Response data.
	 * @param string $path   Where in the document, for messages.
	 * @return void
	 */
	protected function assert_matches_schema( array $schema, $data, $path = '$' ) {
		$valid = rest_validate_value_from_schema( $data, $schema, $path );
		$this->assertTrue( true === $valid, is_wp_error( $valid ) ? $valid->get_error_message() : "$path is invalid." );

		if ( isset( $schema['properties'] ) && is_array( $data ) ) {
			$this->assertEqualsCanonicalizing(
				array_keys( $schema['properties'] ),
				array_keys( $data ),
				"$path has other keys than its schema."
			);
			foreach ( $schema['properties'] as $name => $property ) {
				$this->assert_matches_schema( $property, $data[ $name ], "$path.$name" );
			}
		}
	}

	/**
	 * Asserts a WP_Error response with the given status and code.
	 *
	 * @param int              $status   Expected status.
	 * @param string           $code     Expected error code.
	 * @param WP_REST_Response $response Response.
	 * @return void
	 */
	protected function assert_error_response( $status, $code, $response ) {
		$this->assertSame( $status, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( $code, isset( $data['code'] ) ? $data['code'] : null );
	}
}
