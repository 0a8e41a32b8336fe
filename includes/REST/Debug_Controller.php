<?php
/**
 * REST resource: the debug profile in wp-config.php.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Config\Debug_Mode;
use Triage\Config\Debug_Profiles;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/debug (state), POST /triage/v1/debug/profile (switch profile), POST /triage/v1/debug/revert.
 * The two POST routes answer with a change result, which has its own schema, hence their own paths.
 *
 * Writes need the configure capability and `confirm: true`; `dry_run: true` validates and returns the
 * planned line changes without writing (the UI's preview), and then reports a refusal as a 200 with
 * `possible: false` and the reason, since a preview that cannot happen is still a valid preview.
 */
final class Debug_Controller extends Controller {

	/**
	 * Debug mode service.
	 *
	 * @var Debug_Mode
	 */
	private $debug_mode;

	/**
	 * Takes its collaborators.
	 *
	 * @param Debug_Mode   $debug_mode   Service.
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Debug_Mode $debug_mode, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'debug' );
		$this->debug_mode = $debug_mode;
	}

	/**
	 * Registers the routes.
	 *
	 * @return void
	 */
	public function register_routes() {
		$write_args = array(
			'confirm' => array(
				'description' => __( 'Must be true: the user saw the planned changes and agreed.', 'triage' ),
				'type'        => 'boolean',
				'default'     => false,
			),
			'dry_run' => array(
				'description' => __( 'Only validate and return the planned changes; write nothing.', 'triage' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/profile',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => array_merge(
						array(
							'profile'    => array(
								'description' => __( 'Debug profile to switch to.', 'triage' ),
								'type'        => 'string',
								'enum'        => Debug_Profiles::ids(),
								'required'    => true,
							),
							'expires_in' => array(
								'description' => __( 'Seconds until the profile switches itself off.', 'triage' ),
								'type'        => 'integer',
								'default'     => Debug_Mode::EXPIRY,
								'minimum'     => Debug_Mode::FLOOR_EXPIRY,
								'maximum'     => Debug_Mode::MAX_EXPIRY,
							),
						),
						$write_args
					),
				),
				'schema' => array( $this, 'get_change_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/revert',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'revert' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => $write_args,
				),
				'schema' => array( $this, 'get_change_schema' ),
			)
		);
	}

	/**
	 * Viewers of diagnostics may read the state.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->allow( $this->capabilities->current_user_can_view(), __( 'Sorry, you are not allowed to view Triage diagnostics.', 'triage' ) );
	}

	/**
	 * Only users who may change the site's configuration may switch profiles.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return $this->allow( $this->capabilities->current_user_can_configure(), __( 'Sorry, you are not allowed to change wp-config.php.', 'triage' ) );
	}

	/**
	 * The state.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		// The Triage page asks for the state when its countdown ends: enforce an expired profile first.
		$this->debug_mode->maybe_expire();
		return rest_ensure_response( $this->debug_mode->state() );
	}

	/**
	 * Switches profile.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$unknown = $this->unknown_params( $request, array( 'profile', 'expires_in', 'confirm', 'dry_run' ) );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$dry_run = (bool) $request['dry_run'];
		if ( ! $dry_run && true !== $request['confirm'] ) {
			return $this->confirmation_error();
		}
		$result = $this->debug_mode->apply( (string) $request['profile'], (int) $request['expires_in'], $dry_run );
		return $this->respond( $result, $dry_run, (string) $request['profile'] );
	}

	/**
	 * Switches the profile off now.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function revert( $request ) {
		$unknown = $this->unknown_params( $request, array( 'confirm', 'dry_run' ) );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$dry_run = (bool) $request['dry_run'];
		if ( ! $dry_run && true !== $request['confirm'] ) {
			return $this->confirmation_error();
		}
		return $this->respond( $this->debug_mode->revert( $dry_run ), $dry_run, Debug_Profiles::OFF );
	}

	/**
	 * Shapes a change result; a refused dry run is still a 200 that says why.
	 *
	 * @param array|WP_Error $result  Result.
	 * @param bool           $dry_run Dry run.
	 * @param string         $profile Profile.
	 * @return WP_REST_Response|WP_Error
	 */
	private function respond( $result, bool $dry_run, string $profile ) {
		if ( is_wp_error( $result ) ) {
			if ( ! $dry_run ) {
				return $result;
			}
			$data   = $result->get_error_data();
			$result = array(
				'dry_run'     => true,
				'profile'     => $profile,
				'changes'     => array(),
				'loopback'    => null,
				'duration_ms' => 0,
				'expires_at'  => null,
				'error'       => array(
					'code'    => (string) $result->get_error_code(),
					'message' => $result->get_error_message(),
				),
				'manual'      => is_array( $data ) && isset( $data['manual'] ) ? (string) $data['manual'] : '',
			);
		} else {
			$result['error']  = null;
			$result['manual'] = '';
		}//end if
		$result['possible'] = null === $result['error'];
		return rest_ensure_response( $result );
	}

	/**
	 * Rejects parameters the route does not define (as additionalProperties: false would), so that a
	 * mistyped or injected parameter is never silently ignored by a route that writes wp-config.php.
	 *
	 * @param WP_REST_Request    $request Request.
	 * @param array<int, string> $allowed Parameter names.
	 * @return WP_Error|null
	 */
	private function unknown_params( WP_REST_Request $request, array $allowed ): ?WP_Error {
		$given = array_merge(
			array_keys( (array) $request->get_query_params() ),
			array_keys( (array) $request->get_body_params() ),
			array_keys( (array) $request->get_json_params() )
		);
		foreach ( $given as $name ) {
			// Core's own meta parameters (_locale, _wpnonce, _fields, rest_route) are not ours to refuse.
			if ( ! in_array( $name, $allowed, true ) && 0 !== strpos( (string) $name, '_' ) && 'rest_route' !== $name ) {
				return new WP_Error(
					'rest_invalid_param',
					/* translators: %s: parameter name. */
					sprintf( __( 'Unknown parameter: %s.', 'triage' ), sanitize_key( (string) $name ) ),
					array( 'status' => 400 )
				);
			}
		}
		return null;
	}

	/**
	 * Refusal for writes without confirm: true.
	 *
	 * @return WP_Error
	 */
	private function confirmation_error(): WP_Error {
		return new WP_Error( 'triage_confirmation_required', __( 'Changing wp-config.php needs an explicit confirmation (confirm: true).', 'triage' ), array( 'status' => 400 ) );
	}

	/**
	 * JSON schema of the debug state.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$blocker = $this->object(
			array(
				'name'    => array( 'type' => 'string' ),
				'line'    => array( 'type' => 'integer' ),
				'status'  => array( 'type' => 'string' ),
				'message' => array( 'type' => 'string' ),
			)
		);

		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-debug',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'file'           => $this->object(
					array(
						'found'              => array( 'type' => 'boolean' ),
						'path'               => array( 'type' => 'string' ),
						'real_path'          => array( 'type' => 'string' ),
						'symlink'            => array( 'type' => 'boolean' ),
						'readable'           => array( 'type' => 'boolean' ),
						'writable'           => array( 'type' => 'boolean' ),
						'directory_writable' => array( 'type' => 'boolean' ),
						'owner'              => array( 'type' => 'string' ),
						'permissions'        => array( 'type' => 'string' ),
					),
					__( 'wp-config.php as WordPress finds it.', 'triage' )
				),
				'profile'        => array(
					'description' => __( 'The profile in effect; off when Triage changed nothing.', 'triage' ),
					'type'        => 'string',
					'enum'        => Debug_Profiles::ids(),
				),
				'active'         => array(
					'type'                 => array( 'object', 'null' ),
					'additionalProperties' => false,
					'properties'           => array(
						'profile'      => array( 'type' => 'string' ),
						'started_at'   => array( 'type' => 'integer' ),
						'expires_at'   => array( 'type' => 'integer' ),
						'seconds_left' => array( 'type' => 'integer' ),
						'log_file'     => array( 'type' => 'string' ),
						'failed'       => array( 'type' => array( 'string', 'null' ) ),
					),
				),
				'constants'      => array(
					'description' => __( 'Each debug constant: its value as PHP source and where it is defined.', 'triage' ),
					'type'        => 'array',
					'items'       => $this->object(
						array(
							'name'   => array( 'type' => 'string' ),
							'value'  => array( 'type' => array( 'string', 'null' ) ),
							'source' => array(
								'type' => 'string',
								'enum' => array( 'wp-config', 'elsewhere', 'default' ),
							),
							'line'   => array( 'type' => array( 'integer', 'null' ) ),
							'status' => array( 'type' => array( 'string', 'null' ) ),
						)
					),
				),
				'profiles'       => array(
					'type'  => 'array',
					'items' => $this->object(
						array(
							'id'        => array( 'type' => 'string' ),
							'label'     => array( 'type' => 'string' ),
							'constants' => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
							'available' => array( 'type' => 'boolean' ),
							'blockers'  => array(
								'type'  => 'array',
								'items' => $blocker,
							),
							'manual'    => array( 'type' => 'string' ),
						)
					),
				),
				'display_errors' => array(
					'description' => __( 'PHP display_errors in this request.', 'triage' ),
					'type'        => 'string',
				),
				'expiry'         => $this->object(
					array(
						'default' => array( 'type' => 'integer' ),
						'min'     => array( 'type' => 'integer' ),
						'max'     => array( 'type' => 'integer' ),
					)
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * JSON schema of a profile change (POST responses).
	 *
	 * @return array<string, mixed>
	 */
	public function get_change_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-debug-change',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'dry_run'     => array( 'type' => 'boolean' ),
				'possible'    => array( 'type' => 'boolean' ),
				'profile'     => array( 'type' => 'string' ),
				'changes'     => array(
					'description' => __( 'Lines of wp-config.php that change: before (null when added) and after (null when removed).', 'triage' ),
					'type'        => 'array',
					'items'       => $this->object(
						array(
							'name'   => array( 'type' => 'string' ),
							'line'   => array( 'type' => 'integer' ),
							'before' => array( 'type' => array( 'string', 'null' ) ),
							'after'  => array( 'type' => array( 'string', 'null' ) ),
						)
					),
				),
				'loopback'    => array(
					'type'                 => array( 'object', 'null' ),
					'additionalProperties' => false,
					'properties'           => array(
						'status' => array( 'type' => array( 'integer', 'null' ) ),
						'ms'     => array( 'type' => 'integer' ),
					),
				),
				'duration_ms' => array( 'type' => 'integer' ),
				'expires_at'  => array( 'type' => array( 'integer', 'null' ) ),
				'error'       => array(
					'type'                 => array( 'object', 'null' ),
					'additionalProperties' => false,
					'properties'           => array(
						'code'    => array( 'type' => 'string' ),
						'message' => array( 'type' => 'string' ),
					),
				),
				'manual'      => array(
					'description' => __( 'Lines to add to wp-config.php by hand when Triage cannot.', 'triage' ),
					'type'        => 'string',
				),
			),
		);
	}

	/**
	 * A closed object schema.
	 *
	 * @param array<string, array> $properties  Properties.
	 * @param string               $description Description.
	 * @return array<string, mixed>
	 */
	private function object( array $properties, string $description = '' ): array {
		$schema = array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => $properties,
		);
		if ( '' !== $description ) {
			$schema['description'] = $description;
		}
		return $schema;
	}
}
