<?php
/**
 * Who a `wp triage` command acts as.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * The command line's side of the capability map, one rule for every command:
 *
 * - Without WP-CLI's global --user, a command acts as the server operator, as core's own commands do:
 *   whoever can run `wp` can already read the logs and edit wp-config.php. Reading and site-wide changes
 *   (debug mode, cron, maintenance) work so.
 * - With --user=<id|login>, the command acts as that user and is refused exactly where the REST API
 *   would answer 403: the user must hold the action's capability (Capabilities, with its filters).
 * - Safe mode, rescue links and bisection belong to a user (a session cookie, user meta, the probes'
 *   login), so they need --user, naming someone who holds the safe_mode action.
 */
final class Access {

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Keeps the policy.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Capabilities $capabilities ) {
		$this->capabilities = $capabilities;
	}

	/**
	 * Ends the command when --user names someone the REST API would refuse.
	 *
	 * @param string $action One of Capabilities' actions.
	 * @return void
	 */
	public function check( string $action ): void {
		if ( 0 === get_current_user_id() ) {
			return;
		}
		$this->refuse_unless_allowed( $action );
	}

	/**
	 * The user a per-user command acts for; ends the command when there is none or they are refused.
	 *
	 * @param string $action One of Capabilities' actions.
	 * @return int User ID.
	 */
	public function user( string $action ): int {
		$user = get_current_user_id();
		if ( 0 === $user ) {
			WP_CLI::error( 'This command acts for a user (the session belongs to them): add --user=<id|login> naming an administrator.' );
		}
		$this->refuse_unless_allowed( $action );
		return $user;
	}

	/**
	 * Refuses with the REST API's message and the capability it wanted.
	 *
	 * @param string $action Action.
	 * @return void
	 */
	private function refuse_unless_allowed( string $action ): void {
		if ( $this->capabilities->can( $action ) ) {
			return;
		}
		$user = wp_get_current_user();
		WP_CLI::error(
			sprintf(
				'%s User %s lacks the capability "%s" (the REST API answers 403).',
				wp_strip_all_tags( $this->capabilities->refusal( $action ) ),
				$user->user_login,
				$this->capabilities->capability( $action )
			)
		);
	}
}
