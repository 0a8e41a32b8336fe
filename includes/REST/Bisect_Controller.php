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
	 * The routes. Automatic mode probes a set; guided mode puts the admin's safe mode on it.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function routes(): array {
		$routes = array();
		foreach ( array(
			array( '', WP_REST_Server::READABLE, 'get_item', array() ),
			array( '', WP_REST_Server::CREATABLE, 'create_item', 'bisect/bisect-start' ),
			array( '', WP_REST_Server::DELETABLE, 'delete_item', array() ),
			array( '/probe', WP_REST_Server::CREATABLE, 'probe', 'bisect/bisect-set-request' ),
			array( '/step', WP_REST_Server::CREATABLE, 'step', 'bisect/bisect-set-request' ),
			array( '/answer', WP_REST_Server::CREATABLE, 'answer', 'bisect/bisect-answer-request' ),
			array( '/undo', WP_REST_Server::CREATABLE, 'undo', 'bisect/bisect-undo-request' ),
			array( '/deactivate', WP_REST_Server::CREATABLE, 'deactivate', 'bisect/bisect-deactivate-request' ),
		) as list( $path, $methods, $callback, $args ) ) {
			// A bisection changes which plugins load, so every route needs the safe mode capability.
			$routes[] = array(
				'path'     => $path,
				'methods'  => $methods,
				'callback' => $callback,
				'action'   => Capabilities::SAFE_MODE,
				'args'     => $args,
				'schema'   => 'bisect/bisect-state',
			);
		}
		return $routes;
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
	 * @param array<string, mixed>|null $session Session.
	 * @return array{session: array<string, mixed>|null, candidates: array<int, array<string, mixed>>, deactivated: string[]}
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
}
