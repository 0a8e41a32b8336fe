<?php
/**
 * Registers Triage's REST controllers.
 *
 * @package Triage
 */

namespace Triage;

defined( 'ABSPATH' ) || exit;

/**
 * Defers route registration to rest_api_init, so nothing REST-related runs on ordinary page views.
 */
final class Rest_Routes {

	/**
	 * Controllers under the triage/v1 namespace.
	 *
	 * @var array<int, \WP_REST_Controller>
	 */
	private $controllers;

	/**
	 * Keeps the controllers to register later.
	 *
	 * @param array<int, \WP_REST_Controller> $controllers Controllers.
	 */
	public function __construct( array $controllers ) {
		$this->controllers = $controllers;
	}

	/**
	 * Hooks route registration.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Registers every controller's routes.
	 *
	 * @return void
	 */
	public function register_routes(): void {
		foreach ( $this->controllers as $controller ) {
			$controller->register_routes();
		}
	}
}
