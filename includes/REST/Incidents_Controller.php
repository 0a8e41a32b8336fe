<?php
/**
 * REST resource: what happened lately, as incidents.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Incidents\Incident_Service;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/incidents?window=3600|86400|604800&page=&per_page= (viewers): the incidents of the
 * window, newest first, with the sources read, the running stack and the blind spots.
 */
final class Incidents_Controller extends Controller {

	/**
	 * Builds the incident service.
	 *
	 * @var callable(): Incident_Service
	 */
	private $service_factory;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $service_factory Returns the Incident_Service.
	 * @param Capabilities $capabilities    Capability policy.
	 */
	public function __construct( callable $service_factory, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'incidents' );
		$this->service_factory = $service_factory;
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
				'callback' => 'get_items',
				'action'   => Capabilities::VIEW,
				'args'     => 'incidents/incidents-query',
				'schema'   => 'incidents/incidents',
			),
		);
	}

	/**
	 * The incidents of the window.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		/**
		 * The service.
		 *
		 * @var Incident_Service $service
		 */
		$service = call_user_func( $this->service_factory );
		return rest_ensure_response( $service->recent( (int) $request['window'], (int) $request['page'], (int) $request['per_page'] ) );
	}
}
