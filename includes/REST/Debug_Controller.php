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
	 * The routes: reading is for viewers, changing wp-config.php needs configure. The argument schemas
	 * of the writes are closed, so a mistyped or injected parameter is refused rather than ignored.
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
				'schema'   => 'debug/debug-state',
			),
			array(
				'path'     => '/profile',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'update_item',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'debug/debug-profile-request',
				'schema'   => 'debug/debug-change',
			),
			array(
				'path'     => '/revert',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'revert',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'debug/debug-revert-request',
				'schema'   => 'debug/debug-change',
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
		$dry_run = (bool) $request['dry_run'];
		if ( ! $dry_run && true !== $request['confirm'] ) {
			return $this->confirmation_error();
		}
		return $this->respond( $this->debug_mode->revert( $dry_run ), $dry_run, Debug_Profiles::OFF );
	}

	/**
	 * Shapes a change result; a refused dry run is still a 200 that says why.
	 *
	 * @param array<string, mixed>|WP_Error $result  Result.
	 * @param bool                          $dry_run Dry run.
	 * @param string                        $profile Profile.
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
	 * Refusal for writes without confirm: true.
	 *
	 * @return WP_Error
	 */
	private function confirmation_error(): WP_Error {
		return new WP_Error( 'triage_confirmation_required', __( 'Changing wp-config.php needs an explicit confirmation (confirm: true).', 'triage' ), array( 'status' => 400 ) );
	}
}
