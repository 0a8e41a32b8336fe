<?php
/**
 * REST resource: the runtime environment.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Environment\Environment_Reader;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/environment
 */
final class Environment_Controller extends Controller {

	/**
	 * Reads the environment.
	 *
	 * @var Environment_Reader
	 */
	private $reader;

	/**
	 * Takes its collaborators.
	 *
	 * @param Environment_Reader $reader       Environment reader.
	 * @param Capabilities       $capabilities Capability policy.
	 */
	public function __construct( Environment_Reader $reader, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'environment' );
		$this->reader = $reader;
	}

	/**
	 * Registers the route.
	 *
	 * @return void
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'can_view' ),
					'args'                => array(
						'context' => $this->get_context_param( array( 'default' => 'view' ) ),
					),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Returns the environment.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return $this->prepare_item_for_response( $this->reader->read(), $request );
	}

	/**
	 * Shapes the environment for the response.
	 *
	 * @param array<string, mixed> $item    Environment facts.
	 * @param WP_REST_Request      $request Request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$context = ! empty( $request['context'] ) ? $request['context'] : 'view';
		$data    = $this->add_additional_fields_to_object( $item, $request );
		$data    = $this->filter_response_by_context( $data, $context );
		return rest_ensure_response( $data );
	}

	/**
	 * JSON schema of the environment resource.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}

		$size = static function ( string $description ): array {
			return array(
				'description'          => $description,
				'type'                 => 'object',
				'context'              => array( 'view' ),
				'readonly'             => true,
				'additionalProperties' => false,
				'properties'           => array(
					'value'     => array(
						'description' => __( 'The setting as written, for example 256M; empty when not set.', 'triage' ),
						'type'        => 'string',
					),
					'bytes'     => array(
						'description' => __( 'The setting in bytes; null when unlimited or not set.', 'triage' ),
						'type'        => array( 'integer', 'null' ),
					),
					'unlimited' => array(
						'description' => __( 'Whether the setting is -1 (no limit).', 'triage' ),
						'type'        => 'boolean',
					),
				),
			);
		};

		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-environment',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'wordpress_version'   => $this->read_only( 'string', __( 'WordPress version.', 'triage' ) ),
				'php_version'         => $this->read_only( 'string', __( 'PHP version.', 'triage' ) ),
				'php_sapi'            => $this->read_only( 'string', __( 'PHP server API, for example fpm-fcgi.', 'triage' ) ),
				'server_software'     => $this->read_only( 'string', __( 'Web server software as reported to PHP; empty when unknown.', 'triage' ) ),
				'host_name'           => $this->read_only( 'string', __( 'Host name of the server that answered, since node-local facts differ between servers.', 'triage' ) ),
				'is_multisite'        => $this->read_only( 'boolean', __( 'Whether this is a multisite network.', 'triage' ) ),
				'memory_limit'        => $size( __( 'PHP memory_limit in effect for this request.', 'triage' ) ),
				'wp_memory_limit'     => $size( __( 'WP_MEMORY_LIMIT: the limit WordPress asks for on front-end requests.', 'triage' ) ),
				'wp_max_memory_limit' => $size( __( 'WP_MAX_MEMORY_LIMIT: the limit WordPress asks for in the admin.', 'triage' ) ),
				'peak_memory_bytes'   => $this->read_only( 'integer', __( 'Peak memory allocated by this request, in bytes.', 'triage' ) ),
				'max_execution_time'  => $this->read_only( 'integer', __( 'PHP max_execution_time in seconds; 0 means no limit.', 'triage' ) ),
				'debug'               => array(
					'description'          => __( 'Debug settings and where PHP errors are written.', 'triage' ),
					'type'                 => 'object',
					'context'              => array( 'view' ),
					'readonly'             => true,
					'additionalProperties' => false,
					'properties'           => array(
						'wp_debug'          => array( 'type' => 'boolean' ),
						'wp_debug_log'      => array( 'type' => array( 'boolean', 'string' ) ),
						'wp_debug_display'  => array( 'type' => array( 'boolean', 'null' ) ),
						'log_errors'        => array( 'type' => 'boolean' ),
						'log_file'          => array(
							'description' => __( 'The file PHP writes errors to; null when errors go to the server log.', 'triage' ),
							'type'        => array( 'string', 'null' ),
						),
						'log_file_expected' => array(
							'description' => __( 'The file WP_DEBUG_LOG asks for; null when it asks for none.', 'triage' ),
							'type'        => array( 'string', 'null' ),
						),
						'log_file_source'   => array(
							'type' => 'string',
							'enum' => array( 'wp_debug_log', 'overridden', 'php_ini', 'server' ),
						),
					),
				),
				'maintenance'         => array(
					'description'          => __( 'The .maintenance file in the WordPress root.', 'triage' ),
					'type'                 => 'object',
					'context'              => array( 'view' ),
					'readonly'             => true,
					'additionalProperties' => false,
					'properties'           => array(
						'exists'      => array( 'type' => 'boolean' ),
						'age_seconds' => array( 'type' => array( 'integer', 'null' ) ),
					),
				),
			),
		);

		return $this->add_additional_fields_schema( $this->schema );
	}
}
