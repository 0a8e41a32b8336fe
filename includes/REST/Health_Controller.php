<?php
/**
 * REST resource: health checks.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;
use Triage\Site_Health\Site_Health_Integration;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/health and GET /triage/v1/health/site-status (Site Health's async tests).
 */
final class Health_Controller extends Controller {

	/**
	 * Runs checks.
	 *
	 * @var Health_Runner
	 */
	private $runner;

	/**
	 * Takes its collaborators.
	 *
	 * @param Health_Runner $runner       Runner.
	 * @param Capabilities  $capabilities Capability policy.
	 */
	public function __construct( Health_Runner $runner, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'health' );
		$this->runner = $runner;
	}

	/**
	 * The routes. Which checks exist is only known at run time (triage_health_checks), so their ids are
	 * added to the argument schemas here.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function routes(): array {
		$ids    = array_keys( $this->runner->checks() );
		$health = Schemas::args( 'overview/health-query' );
		$status = Schemas::args( 'overview/site-status-query' );

		$health['checks']['items']['enum'] = $ids;
		$status['check']['enum']           = $ids;
		return array(
			array(
				'path'     => '',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_items',
				'action'   => Capabilities::VIEW,
				'args'     => $health,
				'schema'   => 'overview/health-report',
			),
			array(
				'path'     => '/site-status',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_site_status',
				'action'   => Capabilities::VIEW,
				'args'     => $status,
				'schema'   => 'overview/site-status',
			),
		);
	}

	/**
	 * Runs the requested checks.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$started = microtime( true );
		$results = $this->runner->run( (array) $request['checks'], (string) $request['speed'] );
		$data    = array(
			'host_name'    => (string) gethostname(),
			'generated_at' => gmdate( 'c' ),
			'duration_ms'  => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'layers'       => Health_Runner::summarize( $results ),
			'checks'       => array_map(
				static function ( Check_Result $result ) {
					return $result->to_array();
				},
				$results
			),
		);
		return rest_ensure_response( $data );
	}

	/**
	 * One check in Site Health's test format.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_site_status( $request ) {
		$results = $this->runner->run( array( (string) $request['check'] ) );
		return rest_ensure_response( Site_Health_Integration::to_site_health( $results[0] ) );
	}
}
