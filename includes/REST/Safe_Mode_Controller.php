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
	 * The routes; the argument schemas of the writes are closed, so unknown parameters are refused.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function routes(): array {
		$routes = array();
		foreach ( array(
			array( '', WP_REST_Server::READABLE, 'get_item', array() ),
			array( '', WP_REST_Server::CREATABLE, 'create_item', 'safe-mode/safe-mode-start' ),
			array( '', WP_REST_Server::DELETABLE, 'delete_item', array() ),
			array( '/exit', WP_REST_Server::CREATABLE, 'delete_item', array() ),
			array( '/plugin', WP_REST_Server::CREATABLE, 'toggle_plugin', 'safe-mode/safe-mode-plugin-request' ),
			array( '/rescue', WP_REST_Server::CREATABLE, 'create_rescue', 'safe-mode/safe-mode-rescue-request' ),
			array( '/rescue', WP_REST_Server::DELETABLE, 'revoke_rescue', array() ),
		) as list( $path, $methods, $callback, $args ) ) {
			$routes[] = array(
				'path'     => $path,
				'methods'  => $methods,
				'callback' => $callback,
				'action'   => Capabilities::SAFE_MODE,
				'args'     => $args,
				'schema'   => 'safe-mode/safe-mode-state',
			);
		}
		return $routes;
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
		$result = $this->sessions()->toggle( get_current_user_id(), (string) $request['plugin'], (bool) $request['active'], (bool) $request['dry_run'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	/**
	 * Creates the rescue link (replacing any earlier one).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function create_rescue( $request ) {
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
}
