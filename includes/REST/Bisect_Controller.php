<?php
/**
 * REST resource: the current administrator's plugin bisection.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Candidates;
use Triage\Bisect\Culprit_Deactivator;
use Triage\Capabilities;
use WP_Error;
use WP_REST_Request;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET/POST/DELETE /triage/v1/bisect (the session), POST /bisect/probe (automatic mode), /bisect/step and
 * /bisect/answer (guided mode), /bisect/undo and /bisect/deactivate. Everything needs the safe mode
 * capability, since a bisection changes which plugins load.
 */
final class Bisect_Controller extends Controller {

	/**
	 * Builds the sessions service.
	 *
	 * @var callable(): Bisect_Sessions
	 */
	private $sessions_factory;

	/**
	 * Builds the candidates service.
	 *
	 * @var callable(): Candidates
	 */
	private $candidates_factory;

	/**
	 * Builds the deactivator.
	 *
	 * @var callable(): Culprit_Deactivator
	 */
	private $deactivator_factory;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $sessions_factory    Returns Bisect_Sessions.
	 * @param callable     $candidates_factory  Returns Candidates.
	 * @param callable     $deactivator_factory Returns Culprit_Deactivator.
	 * @param Capabilities $capabilities        Capability policy.
	 */
	public function __construct( callable $sessions_factory, callable $candidates_factory, callable $deactivator_factory, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'bisect' );
		$this->sessions_factory    = $sessions_factory;
		$this->candidates_factory  = $candidates_factory;
		$this->deactivator_factory = $deactivator_factory;
	}

	/**
	 * Registers the routes.
	 *
	 * @return void
	 */
	public function register_routes() {
		$base     = '/' . $this->rest_base;
		$schema   = array( $this, 'get_public_item_schema' );
		$allowed  = array( $this, 'permissions_check' );
		$set      = array(
			'description' => __( 'Candidates to load for this test (plugin basenames, or theme:<stylesheet>).', 'triage' ),
			'type'        => 'array',
			'items'       => array(
				'type'      => 'string',
				'maxLength' => 300,
			),
			'maxItems'    => 1000,
			'required'    => true,
		);
		$expected = array(
			'description' => __( 'Observations the page has seen; the request is refused when the session moved on.', 'triage' ),
			'type'        => 'integer',
			'minimum'     => 0,
			'required'    => true,
		);
		register_rest_route(
			$this->namespace,
			$base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => $allowed,
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => $allowed,
					'args'                => $this->start_args(),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => $allowed,
					'args'                => array(),
				),
				'schema' => $schema,
			)
		);
		// Automatic mode probes a set; guided mode puts the admin's safe mode on it.
		foreach ( array( 'probe', 'step' ) as $action ) {
			register_rest_route(
				$this->namespace,
				$base . '/' . $action,
				array(
					array(
						'methods'             => WP_REST_Server::CREATABLE,
						'callback'            => array( $this, $action ),
						'permission_callback' => $allowed,
						'args'                => array(
							'set'      => $set,
							'expected' => $expected,
						),
					),
					'schema' => $schema,
				)
			);
		}
		register_rest_route(
			$this->namespace,
			$base . '/answer',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'answer' ),
					'permission_callback' => $allowed,
					'args'                => array(
						'verdict'  => array(
							'description' => __( 'fail: the site is still broken; pass: it works.', 'triage' ),
							'type'        => 'string',
							'enum'        => array( 'fail', 'pass' ),
							'required'    => true,
						),
						'expected' => $expected,
					),
				),
				'schema' => $schema,
			)
		);
		register_rest_route(
			$this->namespace,
			$base . '/undo',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'undo' ),
					'permission_callback' => $allowed,
					'args'                => array( 'expected' => $expected ),
				),
				'schema' => $schema,
			)
		);
		register_rest_route(
			$this->namespace,
			$base . '/deactivate',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'deactivate' ),
					'permission_callback' => $allowed,
					'args'                => array(
						'plugins' => array(
							'description' => __( 'Plugins to deactivate for everyone.', 'triage' ),
							'type'        => 'array',
							'items'       => array(
								'type'      => 'string',
								'maxLength' => 300,
							),
							'minItems'    => 1,
							'maxItems'    => 10,
							'required'    => true,
						),
					),
				),
				'schema' => $schema,
			)
		);
	}

	/**
	 * Arguments of POST /bisect.
	 *
	 * @return array
	 */
	private function start_args(): array {
		$text = array(
			'type'      => 'string',
			'maxLength' => 200,
			'default'   => '',
		);
		return array(
			'mode'       => array(
				'description' => __( 'auto: Triage probes and judges; guided: you check each step yourself.', 'triage' ),
				'type'        => 'string',
				'enum'        => array( 'auto', 'guided' ),
				'default'     => 'auto',
			),
			'candidates' => array(
				'description' => __( 'Candidates to bisect; empty for all active plugins and the theme.', 'triage' ),
				'type'        => 'array',
				'items'       => array(
					'type'      => 'string',
					'maxLength' => 300,
				),
				'maxItems'    => 1000,
				'default'     => array(),
			),
			'must_keep'  => array(
				'description' => __( 'Plugins the site cannot run without: always loaded, never tested.', 'triage' ),
				'type'        => 'array',
				'items'       => array(
					'type'      => 'string',
					'maxLength' => 300,
				),
				'maxItems'    => 1000,
				'default'     => array(),
			),
			'repeats'    => array(
				'description' => __( 'Probes per verdict (automatic mode); more resist an intermittent symptom.', 'triage' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => Bisect_Sessions::MAX_REPEATS,
				'default'     => 1,
			),
			'check_url'  => array(
				'description' => __( 'Guided mode: the page of this site you check at each step.', 'triage' ),
				'type'        => 'string',
				'maxLength'   => 2000,
				'default'     => '',
			),
			'dry_run'    => array(
				'description' => __( 'Only validate; start nothing.', 'triage' ),
				'type'        => 'boolean',
				'default'     => false,
			),
			'symptom'    => array(
				'description' => __( 'Automatic mode: the request to probe and how to tell it failed.', 'triage' ),
				'type'        => 'object',
				'default'     => array(),
				'properties'  => array(
					'url'       => array(
						'type'      => 'string',
						'maxLength' => 2000,
					),
					'method'    => array(
						'type' => 'string',
						'enum' => array( 'GET', 'POST' ),
					),
					'body'      => array(
						'type'      => 'string',
						'maxLength' => 8192,
					),
					'logged_in' => array( 'type' => 'boolean' ),
					'timeout'   => array(
						'type'    => 'integer',
						'minimum' => 2,
						'maximum' => 60,
					),
					'tests'     => array(
						'type'       => 'object',
						'properties' => array(
							'status'         => array( 'type' => 'boolean' ),
							'fatal'          => array( 'type' => 'boolean' ),
							'slower_than'    => array(
								'type'    => array( 'number', 'null' ),
								'minimum' => 0.1,
								'maximum' => 60,
							),
							'contains'       => $text,
							'lacks'          => $text,
							'memory_over_mb' => array(
								'type'    => array( 'integer', 'null' ),
								'minimum' => 1,
								'maximum' => 65536,
							),
						),
					),
				),
			),
		);
	}

	/**
	 * Permission callback: the safe mode capability.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		return $this->allow( current_user_can( $this->capabilities->safe_mode() ), __( 'Sorry, you are not allowed to bisect plugins.', 'triage' ) );
	}

	/**
	 * My session and the candidates.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( $this->state( $this->sessions()->get( get_current_user_id() ) ) );
	}

	/**
	 * Starts a session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$session = $this->sessions()->start(
			get_current_user_id(),
			array(
				'mode'       => $request['mode'],
				'candidates' => $request['candidates'],
				'must_keep'  => $request['must_keep'],
				'repeats'    => $request['repeats'],
				'check_url'  => $request['check_url'],
				'symptom'    => $request['symptom'],
			),
			(bool) $request['dry_run']
		);
		if ( is_wp_error( $session ) ) {
			return $session;
		}
		return rest_ensure_response( $this->state( $request['dry_run'] ? $this->sessions()->get( get_current_user_id() ) : $session ) );
	}

	/**
	 * Ends my session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function delete_item( $request ) {
		$this->sessions()->end( get_current_user_id() );
		return rest_ensure_response( $this->state( null ) );
	}

	/**
	 * Automatic mode: one probe.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function probe( $request ) {
		$result = $this->sessions()->probe( get_current_user_id(), array_map( 'strval', (array) $request['set'] ), (int) $request['expected'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $this->state( $result['session'] ) );
	}

	/**
	 * Guided mode: put my safe mode session on a set.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function step( $request ) {
		$session = $this->sessions()->step( get_current_user_id(), array_map( 'strval', (array) $request['set'] ), (int) $request['expected'] );
		return is_wp_error( $session ) ? $session : rest_ensure_response( $this->state( $session ) );
	}

	/**
	 * Guided mode: my verdict.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function answer( $request ) {
		$session = $this->sessions()->answer( get_current_user_id(), (string) $request['verdict'], (int) $request['expected'] );
		return is_wp_error( $session ) ? $session : rest_ensure_response( $this->state( $session ) );
	}

	/**
	 * Drops my last observation.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function undo( $request ) {
		$session = $this->sessions()->undo( get_current_user_id(), (int) $request['expected'] );
		return is_wp_error( $session ) ? $session : rest_ensure_response( $this->state( $session ) );
	}

	/**
	 * Deactivates the culprits for everyone.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function deactivate( $request ) {
		$result = call_user_func( $this->deactivator_factory )->deactivate( array_map( 'strval', (array) $request['plugins'] ) );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		$state                = $this->state( $this->sessions()->get( get_current_user_id() ) );
		$state['deactivated'] = $result['deactivated'];
		return rest_ensure_response( $state );
	}

	/**
	 * The response: session and candidates.
	 *
	 * @param array|null $session Session.
	 * @return array
	 */
	private function state( ?array $session ): array {
		return array(
			'session'     => $session,
			'candidates'  => call_user_func( $this->candidates_factory )->all(),
			'deactivated' => array(),
		);
	}

	/**
	 * The sessions service.
	 *
	 * @return Bisect_Sessions
	 */
	private function sessions(): Bisect_Sessions {
		return call_user_func( $this->sessions_factory );
	}

	/**
	 * Response schema.
	 *
	 * @return array
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$ids          = array(
			'type'  => 'array',
			'items' => array( 'type' => 'string' ),
		);
		$probe        = array(
			'description' => __( 'What the probe saw (automatic mode); null for an admin’s answer.', 'triage' ),
			'type'        => array( 'object', 'null' ),
			'properties'  => array(
				'verdict'     => array( 'type' => 'string' ),
				'failed'      => $ids,
				'status'      => array( 'type' => array( 'integer', 'null' ) ),
				'time'        => array( 'type' => 'number' ),
				'error'       => array( 'type' => array( 'string', 'null' ) ),
				'timed_out'   => array( 'type' => 'boolean' ),
				'accepted'    => array( 'type' => 'boolean' ),
				'fatal'       => array( 'type' => array( 'object', 'null' ) ),
				'peak_memory' => array( 'type' => array( 'integer', 'null' ) ),
				'log'         => $ids,
			),
		);
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-bisect',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'session'     => array(
					'description' => __( 'The current user’s bisection on this site, or null.', 'triage' ),
					'type'        => array( 'object', 'null' ),
					'properties'  => array(
						'id'           => array( 'type' => 'string' ),
						'mode'         => array(
							'type' => 'string',
							'enum' => array( 'auto', 'guided' ),
						),
						'created_at'   => array( 'type' => 'integer' ),
						'updated_at'   => array( 'type' => 'integer' ),
						'expires_at'   => array( 'type' => 'integer' ),
						'symptom'      => array( 'type' => array( 'object', 'null' ) ),
						'check_url'    => array( 'type' => array( 'string', 'null' ) ),
						'candidates'   => $ids,
						'suspects'     => $ids,
						'must_keep'    => $ids,
						'repeats'      => array( 'type' => 'integer' ),
						'pending'      => array(
							'type'  => array( 'array', 'null' ),
							'items' => array( 'type' => 'string' ),
						),
						'observations' => array(
							'type'  => 'array',
							'items' => array(
								'type'       => 'object',
								'properties' => array(
									'set'     => $ids,
									'verdict' => array(
										'type' => 'string',
										'enum' => array( 'fail', 'pass' ),
									),
									'source'  => array(
										'type' => 'string',
										'enum' => array( 'probe', 'admin' ),
									),
									'at'      => array( 'type' => 'integer' ),
									'probe'   => $probe,
								),
							),
						),
					),
				),
				'candidates'  => array(
					'description' => __( 'What can be bisected: active plugins except Triage, and the active theme when a default theme can stand in.', 'triage' ),
					'type'        => 'array',
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'id'         => array( 'type' => 'string' ),
							'name'       => array( 'type' => 'string' ),
							'kind'       => array(
								'type' => 'string',
								'enum' => array( 'plugin', 'theme' ),
							),
							'network'    => array( 'type' => 'boolean' ),
							'suspect'    => array(
								'type' => array( 'string', 'null' ),
								'enum' => array( 'fatal', 'updated', null ),
							),
							'suspect_at' => array( 'type' => array( 'integer', 'null' ) ),
						),
					),
				),
				'deactivated' => array(
					'description' => __( 'Plugins this request deactivated.', 'triage' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
