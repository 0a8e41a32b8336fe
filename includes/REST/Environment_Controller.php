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

	private const SCHEMA = 'overview/environment';

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
	 * The route.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function routes(): array {
		return array(
			array(
				'path'     => '',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_item',
				'action'   => Capabilities::VIEW,
				'args'     => array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) ),
				'schema'   => self::SCHEMA,
			),
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
	 * The environment's shape, which also says which fields each context shows.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return $this->add_additional_fields_schema( Schemas::get( self::SCHEMA ) );
	}
}
