<?php
/**
 * REST resource: the flight recorder's switch.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Incidents\Recorder\Flight_Recorder;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/incidents/recorder (viewers) and POST /triage/v1/incidents/recorder with
 * `{ action: 'start', minutes }` or `{ action: 'stop' }` (configure: it rewrites the must-use loader). Both
 * answer the state; a site that forbids installing code gets a 409 with the lines to change by hand.
 */
final class Recorder_Controller extends Controller {

	/**
	 * Builds the recorder.
	 *
	 * @var callable(): Flight_Recorder
	 */
	private $recorder;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $recorder     Returns Flight_Recorder.
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( callable $recorder, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'incidents' );
		$this->recorder = $recorder;
	}

	/**
	 * The routes.
	 *
	 * @return array<int, array{path: string, methods: string, callback: string, action: string, args?: string|array<string, mixed>, schema: string}>
	 */
	public function routes(): array {
		return array(
			array(
				'path'     => '/recorder',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_item',
				'action'   => Capabilities::VIEW,
				'schema'   => 'incidents/recorder',
			),
			array(
				'path'     => '/recorder',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'switch_recorder',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'incidents/recorder-request',
				'schema'   => 'incidents/recorder',
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
		return rest_ensure_response( $this->recorder()->state() );
	}

	/**
	 * Starts or stops recording.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function switch_recorder( WP_REST_Request $request ) {
		if ( 'stop' === $request['action'] ) {
			return rest_ensure_response( $this->recorder()->stop() );
		}
		if ( ! isset( $request['minutes'] ) ) {
			return new WP_Error( 'rest_missing_callback_param', __( 'Say for how many minutes to record (minutes).', 'triage' ), array( 'status' => 400 ) );
		}
		return rest_ensure_response( $this->recorder()->start( 60 * (int) $request['minutes'] ) );
	}

	/**
	 * The recorder.
	 *
	 * @return Flight_Recorder
	 */
	private function recorder(): Flight_Recorder {
		return ( $this->recorder )();
	}
}
