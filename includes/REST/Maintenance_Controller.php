<?php
/**
 * REST resource: the .maintenance file, core's update locks and leftover upgrade folders.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Maintenance\Maintenance_Clearer;
use Triage\Maintenance\Maintenance_State;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/maintenance (viewers) and POST /triage/v1/maintenance/clear (configure, `confirm: true`).
 * Clearing a file WordPress still honours, or while an update lock is held, is refused with a 409 that
 * carries the file or the locks, unless the matching force flag is set: the UI asks a second time.
 */
final class Maintenance_Controller extends Controller {

	/**
	 * Builds the state reader (the site's folders).
	 *
	 * @var callable(): Maintenance_State
	 */
	private $state_factory;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $state_factory Returns Maintenance_State.
	 * @param Capabilities $capabilities  Capability policy.
	 */
	public function __construct( callable $state_factory, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'maintenance' );
		$this->state_factory = $state_factory;
	}

	/**
	 * The routes.
	 *
	 * @return array<int, array{path: string, methods: string, callback: string, action: string, args?: string|array<string, mixed>, schema: string}>
	 */
	public function routes(): array {
		return array(
			array(
				'path'     => '',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_item',
				'action'   => Capabilities::VIEW,
				'schema'   => 'maintenance/maintenance-state',
			),
			array(
				'path'     => '/clear',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'clear',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'maintenance/maintenance-clear-request',
				'schema'   => 'maintenance/maintenance-clear',
			),
		);
	}

	/**
	 * The state.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( $this->state()->read() );
	}

	/**
	 * Removes the file.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function clear( $request ) {
		if ( true !== $request['confirm'] ) {
			return new WP_Error( 'triage_confirmation_required', __( 'Removing .maintenance needs an explicit confirmation (confirm: true).', 'triage' ), array( 'status' => 400 ) );
		}
		$clearer = new Maintenance_Clearer( $this->state() );
		return rest_ensure_response( $clearer->clear( (bool) $request['force_fresh'], (bool) $request['force_lock'] ) );
	}

	/**
	 * The state reader.
	 *
	 * @return Maintenance_State
	 */
	private function state(): Maintenance_State {
		return ( $this->state_factory )();
	}
}
