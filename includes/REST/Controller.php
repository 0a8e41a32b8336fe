<?php
/**
 * What every Triage REST controller shares.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use WP_Error;
use WP_REST_Controller;

defined( 'ABSPATH' ) || exit;

/**
 * The triage/v1 namespace, the capability policy and the permission answers, in one place so that
 * every route refuses the same way: 401 for visitors, 403 for users without the capability.
 */
abstract class Controller extends WP_REST_Controller {

	public const NAMESPACE = 'triage/v1';

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	protected $capabilities;

	/**
	 * Sets the namespace, base and capability policy.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 * @param string       $rest_base    Resource base, e.g. "health".
	 */
	public function __construct( Capabilities $capabilities, string $rest_base ) {
		$this->namespace    = self::NAMESPACE;
		$this->rest_base    = $rest_base;
		$this->capabilities = $capabilities;
	}

	/**
	 * Permission callback for reading diagnostics.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function can_view( $request ) {
		return $this->allow( $this->capabilities->current_user_can_view(), __( 'Sorry, you are not allowed to view Triage diagnostics.', 'triage' ) );
	}

	/**
	 * True, or the standard refusal with the right status for the current user.
	 *
	 * @param bool   $allowed Whether the user may.
	 * @param string $message What they may not do, in words.
	 * @return true|WP_Error
	 */
	protected function allow( bool $allowed, string $message ) {
		if ( $allowed ) {
			return true;
		}
		return new WP_Error( 'rest_forbidden', $message, array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * A read-only scalar property for a schema.
	 *
	 * @param string|string[] $type        JSON type(s).
	 * @param string          $description Description.
	 * @return array<string, mixed>
	 */
	protected function read_only( $type, string $description ): array {
		return array(
			'description' => $description,
			'type'        => $type,
			'context'     => array( 'view' ),
			'readonly'    => true,
		);
	}
}
