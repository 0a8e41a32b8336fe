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
	 * Builds the controllers under the triage/v1 namespace, only when the REST API starts.
	 *
	 * @var callable(): array<int, \WP_REST_Controller>
	 */
	private $controllers_factory;

	/**
	 * Keeps the factory for later.
	 *
	 * @param callable $controllers_factory Returns the controllers.
	 */
	public function __construct( callable $controllers_factory ) {
		$this->controllers_factory = $controllers_factory;
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
		foreach ( (array) call_user_func( $this->controllers_factory ) as $controller ) {
			$controller->register_routes();
		}
	}
}
