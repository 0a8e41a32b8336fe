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
	 * Registers the routes.
	 *
	 * @return void
	 */
	public function register_routes() {
		$ids = array_keys( $this->runner->checks() );
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'can_view' ),
					'args'                => array(
						'checks' => array(
							'description' => __( 'Check ids to run; all when empty.', 'triage' ),
							'type'        => 'array',
							'items'       => array(
								'type' => 'string',
								'enum' => $ids,
							),
							'default'     => array(),
						),
						'speed'  => array(
							'description' => __( 'fast: checks without loopback requests; slow: only those; all: both.', 'triage' ),
							'type'        => 'string',
							'enum'        => array( Health_Runner::SPEED_ALL, Health_Runner::SPEED_FAST, Health_Runner::SPEED_SLOW ),
							'default'     => Health_Runner::SPEED_ALL,
						),
					),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/site-status',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_site_status' ),
					'permission_callback' => array( $this, 'can_view' ),
					'args'                => array(
						'check' => array(
							'description' => __( 'Check id.', 'triage' ),
							'type'        => 'string',
							'enum'        => $ids,
							'required'    => true,
						),
					),
				),
				'schema' => array( $this, 'get_site_status_schema' ),
			)
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

	/**
	 * JSON schema of a Site Health test result.
	 *
	 * @return array<string, mixed>
	 */
	public function get_site_status_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-site-status',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'label'       => array( 'type' => 'string' ),
				'status'      => array(
					'type' => 'string',
					'enum' => array( 'good', 'recommended', 'critical' ),
				),
				'badge'       => array(
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array(
						'label' => array( 'type' => 'string' ),
						'color' => array(
							'type' => 'string',
							'enum' => array( 'blue', 'orange', 'red' ),
						),
					),
				),
				'description' => array( 'type' => 'string' ),
				'actions'     => array( 'type' => 'string' ),
				'test'        => array( 'type' => 'string' ),
			),
		);
	}

	/**
	 * JSON schema of the health resource.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$layer_summary = array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'status'   => array(
					'type' => 'string',
					'enum' => Check_Result::STATUSES,
				),
				'problems' => array( 'type' => 'integer' ),
				'checks'   => array( 'type' => 'integer' ),
			),
		);
		$layers        = array();
		foreach ( Check_Result::LAYERS as $layer ) {
			$layers[ $layer ] = $layer_summary;
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-health',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'host_name'    => array(
					'description' => __( 'Server that ran the checks.', 'triage' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'generated_at' => array(
					'type'     => 'string',
					'format'   => 'date-time',
					'readonly' => true,
				),
				'duration_ms'  => array(
					'description' => __( 'Server time spent on the checks, in milliseconds.', 'triage' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'layers'       => array(
					'description'          => __( 'Worst status and number of problems per layer of the request path.', 'triage' ),
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => $layers,
					'readonly'             => true,
				),
				'checks'       => array(
					'type'     => 'array',
					'readonly' => true,
					'items'    => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'id'       => array( 'type' => 'string' ),
							'layer'    => array(
								'type' => 'string',
								'enum' => Check_Result::LAYERS,
							),
							'status'   => array(
								'type' => 'string',
								'enum' => Check_Result::STATUSES,
							),
							'title'    => array( 'type' => 'string' ),
							'evidence' => array(
								'type'  => 'array',
								'items' => array(
									'type'                 => 'object',
									'additionalProperties' => false,
									'properties'           => array(
										'label' => array( 'type' => 'string' ),
										'value' => array( 'type' => 'string' ),
									),
								),
							),
							'why'      => array( 'type' => 'string' ),
							'fix'      => array( 'type' => 'string' ),
							'reason'   => array(
								'description' => __( 'Why the check could not measure; empty otherwise.', 'triage' ),
								'type'        => 'string',
							),
						),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
