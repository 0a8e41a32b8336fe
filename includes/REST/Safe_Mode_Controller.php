<?php
/**
 * REST resource: the current user's safe mode session.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use WP_Error;
use WP_REST_Request;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/safe-mode (my session and the active plugins), POST (start), DELETE or POST /exit (end),
 * POST /safe-mode/plugin (turn one plugin on or off inside the session), POST and DELETE
 * /safe-mode/rescue (create or revoke the rescue link). Every answer is the same state object; a created
 * rescue link's URL appears once, in rescue_url.
 *
 * The session is a cookie on this browser only, so these routes change nothing visitors or other
 * administrators see. `dry_run: true` validates and answers with the state the change would produce.
 */
final class Safe_Mode_Controller extends Controller {

	/**
	 * Builds the sessions service.
	 *
	 * @var callable(): Safe_Mode_Sessions
	 */
	private $sessions_factory;

	/**
	 * Builds the rescue links service.
	 *
	 * @var callable(): Rescue_Links
	 */
	private $rescue_factory;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $sessions_factory Returns Safe_Mode_Sessions.
	 * @param callable     $rescue_factory   Returns Rescue_Links.
	 * @param Capabilities $capabilities     Capability policy.
	 */
	public function __construct( callable $sessions_factory, callable $rescue_factory, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'safe-mode' );
		$this->sessions_factory = $sessions_factory;
		$this->rescue_factory   = $rescue_factory;
	}

	/**
	 * Registers the routes.
	 *
	 * @return void
	 */
	public function register_routes() {
		$dry_run = array(
			'description' => __( 'Only validate and return the resulting state; change nothing.', 'triage' ),
			'type'        => 'boolean',
			'default'     => false,
		);
		$base    = '/' . $this->rest_base;
		$schema  = array( $this, 'get_public_item_schema' );
		$allowed = array( $this, 'permissions_check' );
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
					'args'                => array(
						'keep'              => array(
							'description' => __( 'Active plugins (basenames) to keep on; every other plugin is off for you.', 'triage' ),
							'type'        => 'array',
							'items'       => array(
								'type'      => 'string',
								'maxLength' => 200,
							),
							'maxItems'    => 500,
							'default'     => array(),
						),
						'use_default_theme' => array(
							'description' => __( 'Also switch to the newest installed default theme, for you only.', 'triage' ),
							'type'        => 'boolean',
							'default'     => false,
						),
						'expires_in'        => array(
							'description' => __( 'Seconds until the session ends by itself.', 'triage' ),
							'type'        => 'integer',
							'default'     => Safe_Mode_Sessions::DEFAULT_EXPIRY,
							'minimum'     => Safe_Mode_Sessions::MIN_EXPIRY,
							'maximum'     => Safe_Mode_Sessions::MAX_EXPIRY,
						),
						'dry_run'           => $dry_run,
					),
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
		register_rest_route(
			$this->namespace,
			$base . '/exit',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => $allowed,
					'args'                => array(),
				),
				'schema' => $schema,
			)
		);
		register_rest_route(
			$this->namespace,
			$base . '/plugin',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'toggle_plugin' ),
					'permission_callback' => $allowed,
					'args'                => array(
						'plugin'  => array(
							'description' => __( 'Basename of an active plugin.', 'triage' ),
							'type'        => 'string',
							'maxLength'   => 200,
							'required'    => true,
						),
						'active'  => array(
							'description' => __( 'Whether the plugin is on inside your session.', 'triage' ),
							'type'        => 'boolean',
							'required'    => true,
						),
						'dry_run' => $dry_run,
					),
				),
				'schema' => $schema,
			)
		);
		register_rest_route(
			$this->namespace,
			$base . '/rescue',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_rescue' ),
					'permission_callback' => $allowed,
					'args'                => array(
						'expires_in' => array(
							'description' => __( 'Seconds until the link stops working.', 'triage' ),
							'type'        => 'integer',
							'default'     => Rescue_Links::DEFAULT_EXPIRY,
							'minimum'     => 600,
							'maximum'     => Rescue_Links::MAX_EXPIRY,
						),
						'dry_run'    => $dry_run,
					),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'revoke_rescue' ),
					'permission_callback' => $allowed,
					'args'                => array(),
				),
				'schema' => $schema,
			)
		);
	}

	/**
	 * Only users who may manage plugins may turn them off for themselves.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		return $this->allow( current_user_can( $this->capabilities->safe_mode() ), __( 'Sorry, you are not allowed to use safe mode.', 'triage' ) );
	}

	/**
	 * My session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		$sessions = $this->sessions();
		return rest_ensure_response( $sessions->state( get_current_user_id() ) );
	}

	/**
	 * Starts a session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$unknown = $this->unknown_params( $request, array( 'keep', 'use_default_theme', 'expires_in', 'dry_run' ) );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$keep   = array_map( 'strval', (array) $request['keep'] );
		$result = $this->sessions()->start( get_current_user_id(), $keep, (bool) $request['use_default_theme'], (int) $request['expires_in'], (bool) $request['dry_run'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	/**
	 * Ends my session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function delete_item( $request ) {
		return rest_ensure_response( $this->sessions()->stop( get_current_user_id() ) );
	}

	/**
	 * Turns one plugin on or off inside my session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function toggle_plugin( $request ) {
		$unknown = $this->unknown_params( $request, array( 'plugin', 'active', 'dry_run' ) );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$result = $this->sessions()->toggle( get_current_user_id(), (string) $request['plugin'], (bool) $request['active'], (bool) $request['dry_run'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	/**
	 * Creates the rescue link (replacing any earlier one).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response|WP_Error
	 */
	public function create_rescue( $request ) {
		$unknown = $this->unknown_params( $request, array( 'expires_in', 'dry_run' ) );
		if ( null !== $unknown ) {
			return $unknown;
		}
		$sessions = $this->sessions();
		$link     = call_user_func( $this->rescue_factory )->create( get_current_user_id(), (int) $request['expires_in'], (bool) $request['dry_run'] );
		$state    = $sessions->state( get_current_user_id() );
		if ( '' !== $link['url'] ) {
			$state['rescue_url'] = $link['url'];
		}
		$state['dry_run'] = (bool) $request['dry_run'];
		$response         = rest_ensure_response( $state );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * Revokes the rescue link.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function revoke_rescue( $request ) {
		$sessions = $this->sessions();
		call_user_func( $this->rescue_factory )->revoke();
		return rest_ensure_response( $sessions->state( get_current_user_id() ) );
	}

	/**
	 * The sessions service.
	 *
	 * @return Safe_Mode_Sessions
	 */
	private function sessions(): Safe_Mode_Sessions {
		return call_user_func( $this->sessions_factory );
	}

	/**
	 * Rejects parameters the route does not define (additionalProperties: false).
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
	 * JSON schema of the safe mode state.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-safe-mode',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'active'            => array(
					'description' => __( 'Whether this browser is in a safe mode session of the current user.', 'triage' ),
					'type'        => 'boolean',
				),
				'expires_at'        => array(
					'description' => __( 'Unix time the session ends; null without a session.', 'triage' ),
					'type'        => array( 'integer', 'null' ),
				),
				'use_default_theme' => array(
					'description' => __( 'Whether the session also switches to a default theme.', 'triage' ),
					'type'        => 'boolean',
				),
				'default_theme'     => array(
					'description' => __( 'The default theme safe mode would use; empty when none is installed.', 'triage' ),
					'type'        => 'string',
				),
				'kept'              => array(
					'description' => __( 'Active plugins that stay on in the session.', 'triage' ),
					'type'        => 'integer',
				),
				'total'             => array(
					'description' => __( 'Active plugins on the site.', 'triage' ),
					'type'        => 'integer',
				),
				'plugins'           => array(
					'description' => __( 'The site\'s active plugins.', 'triage' ),
					'type'        => 'array',
					'items'       => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'file'    => array(
								'description' => __( 'Plugin basename.', 'triage' ),
								'type'        => 'string',
							),
							'name'    => array(
								'description' => __( 'Plugin name.', 'triage' ),
								'type'        => 'string',
							),
							'network' => array(
								'description' => __( 'Whether it is network-active.', 'triage' ),
								'type'        => 'boolean',
							),
							'kept'    => array(
								'description' => __( 'Whether it is on in the session (always true without one).', 'triage' ),
								'type'        => 'boolean',
							),
							'self'    => array(
								'description' => __( 'Whether it is Triage, which always stays on.', 'triage' ),
								'type'        => 'boolean',
							),
						),
					),
				),
				'loader'            => array(
					'description'          => __( 'The must-use loader safe mode depends on.', 'triage' ),
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array(
						'installed' => array(
							'description' => __( 'Whether it is installed.', 'triage' ),
							'type'        => 'boolean',
						),
						'current'   => array(
							'description' => __( 'Whether the installed version is this version of Triage\'s.', 'triage' ),
							'type'        => 'boolean',
						),
						'path'      => array(
							'description' => __( 'Where it is, or goes.', 'triage' ),
							'type'        => 'string',
						),
						'writable'  => array(
							'description' => __( 'Whether Triage can write it there.', 'triage' ),
							'type'        => 'boolean',
						),
						'manual'    => array(
							'description' => __( 'What to copy where by hand.', 'triage' ),
							'type'        => 'string',
						),
					),
				),
				'rescue'            => array(
					'description'          => __( 'The rescue link, without its secret.', 'triage' ),
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array(
						'exists'     => array(
							'description' => __( 'Whether an unused, unexpired link exists.', 'triage' ),
							'type'        => 'boolean',
						),
						'expires_at' => array(
							'description' => __( 'Unix time the link expires.', 'triage' ),
							'type'        => array( 'integer', 'null' ),
						),
					),
				),
				'rescue_url'        => array(
					'description' => __( 'A newly created rescue link; shown once, never stored.', 'triage' ),
					'type'        => array( 'string', 'null' ),
				),
				'dry_run'           => array(
					'description' => __( 'Whether this answer is a preview.', 'triage' ),
					'type'        => 'boolean',
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
