<?php
/**
 * What every Triage REST controller shares.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;

defined( 'ABSPATH' ) || exit;

/**
 * Registers a controller's routes from the table its routes() declares, so that every route gets its
 * permission from one declared capability action and refuses the same way: 401 for visitors, 403 for
 * users without the capability. Shapes come from the JSON Schema files (see Schemas).
 */
abstract class Controller extends WP_REST_Controller {

	public const NAMESPACE = 'triage/v1';

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	protected $capabilities;

	/**
	 * Sets the namespace, base and capability policy.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 * @param string       $rest_base    Resource base, e.g. "health".
	 */
	public function __construct( Capabilities $capabilities, string $rest_base ) {
		$this->namespace    = self::NAMESPACE;
		$this->rest_base    = $rest_base;
		$this->capabilities = $capabilities;
	}

	/**
	 * The routes, one row per path and methods. A path is relative to the base ('' is the base itself);
	 * rows sharing a path share its response schema. args is the name of an object schema whose
	 * properties are the arguments (closed schemas refuse other parameters), or the arguments themselves.
	 *
	 * @return array<int, array{path: string, methods: string, callback: string, action: string, args?: string|array<string, mixed>, schema: string}>
	 */
	abstract public function routes(): array;

	/**
	 * Registers the declared routes. Each endpoint also carries its action as triage_action, which the
	 * auth-matrix test reads back from the server.
	 *
	 * @return void
	 */
	public function register_routes() {
		$paths = array();
		foreach ( $this->routes() as $route ) {
			$paths[ $route['path'] ][] = $route;
		}
		foreach ( $paths as $path => $routes ) {
			$endpoints = array_map( array( $this, 'endpoint' ), $routes );
			$schema    = $routes[0]['schema'];
			if ( count( array_unique( array_column( $routes, 'schema' ) ) ) > 1 ) {
				// WordPress publishes one schema per path: a second one would silently be ignored.
				_doing_it_wrong( __METHOD__, esc_html( "Routes on {$this->rest_base}{$path} declare different response schemas." ), '0.1.0' );
			}

			$endpoints['schema'] = static function () use ( $schema ) {
				return Schemas::get( $schema );
			};
			register_rest_route( self::NAMESPACE, '/' . $this->rest_base . $path, $endpoints );
		}
	}

	/**
	 * Whether the current user may perform an action, or the standard refusal.
	 *
	 * @param string $action Capability action.
	 * @return true|WP_Error
	 */
	public function permission( string $action ) {
		if ( $this->capabilities->can( $action ) ) {
			return true;
		}
		return new WP_Error( 'rest_forbidden', $this->capabilities->refusal( $action ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * One endpoint for register_rest_route.
	 *
	 * @param array{path: string, methods: string, callback: string, action: string, args?: string|array<string, mixed>, schema: string} $route A row of routes().
	 * @return array<string, mixed>
	 */
	private function endpoint( array $route ): array {
		$action   = $route['action'];
		$args     = $route['args'] ?? array();
		$method   = $route['callback'];
		$callback = array( $this, $method );
		if ( is_string( $args ) && Schemas::is_closed( $args ) ) {
			$allowed  = array_keys( Schemas::args( $args ) );
			$callback = function ( WP_REST_Request $request ) use ( $method, $allowed ) {
				return $this->unknown_param( $request, $allowed ) ?? $this->$method( $request );
			};
		}
		return array(
			'methods'             => $route['methods'],
			'callback'            => $callback,
			'permission_callback' => function () use ( $action ) {
				return $this->permission( $action );
			},
			'args'                => is_string( $args ) ? Schemas::args( $args ) : $args,
			'triage_action'       => $action,
		);
	}

	/**
	 * Refuses a parameter the route does not define (what additionalProperties: false says), so that a
	 * mistyped or injected parameter is never silently ignored by a route that changes the site.
	 *
	 * @param WP_REST_Request    $request Request.
	 * @param array<int, string> $allowed Parameter names.
	 * @return WP_Error|null
	 */
	private function unknown_param( WP_REST_Request $request, array $allowed ): ?WP_Error {
		$given = array_merge(
			array_keys( (array) $request->get_query_params() ),
			array_keys( (array) $request->get_body_params() ),
			array_keys( (array) $request->get_json_params() )
		);
		foreach ( $given as $name ) {
			// Core's own meta parameters (_locale, _wpnonce, _fields, rest_route) are not ours to refuse.
			if ( ! in_array( $name, $allowed, true ) && 0 !== strpos( (string) $name, '_' ) && 'rest_route' !== $name ) {
				return new WP_Error(
					'rest_invalid_param',
					/* translators: %s: parameter name. */
					sprintf( __( 'Unknown parameter: %s.', 'triage' ), sanitize_key( (string) $name ) ),
					array( 'status' => 400 )
				);
			}
		}
		return null;
	}
}
