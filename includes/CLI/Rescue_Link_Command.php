<?php
/**
 * `wp triage rescue-link`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Creates a rescue link: a login URL that opens the site in safe mode.
 *
 * Same service as the Safe mode tab (POST /triage/v1/safe-mode/rescue).
 */
final class Rescue_Link_Command {

	/**
	 * Safe mode sessions (built when first used).
	 *
	 * @var callable(): Safe_Mode_Sessions
	 */
	private $sessions;

	/**
	 * Rescue links (built when first used).
	 *
	 * @var callable(): Rescue_Links
	 */
	private $rescue;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param callable $sessions Factory of the sessions service.
	 * @param callable $rescue   Factory of the rescue links service.
	 * @param Access   $access   Capability rule.
	 */
	public function __construct( callable $sessions, callable $rescue, Access $access ) {
		$this->sessions = $sessions;
		$this->rescue   = $rescue;
		$this->access   = $access;
	}

	/**
	 * Creates a rescue link: a one-time login URL that signs the user in with safe mode on (every plugin
	 * off, the default theme), for when wp-admin itself is broken. Replaces any earlier link.
	 *
	 * Needs WP-CLI's global --user=<id|login>, naming someone who may use safe mode. The link is a
	 * secret: send it to that person only.
	 *
	 * ## OPTIONS
	 *
	 * [--expires=<duration>]
	 * : How long the link works (10m to 7d).
	 * ---
	 * default: 7d
	 * ---
	 *
	 * [--dry-run]
	 * : Check everything without creating a link.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: yaml
	 * options:
	 *   - yaml
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage rescue-link create --user=admin --expires=1h
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function create( array $args, array $assoc ): void {
		$user    = $this->access->user( Capabilities::SAFE_MODE );
		$format  = Output::format( $assoc, array( 'yaml', 'json' ) );
		$dry_run = (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'dry-run', false );
		$state   = call_user_func( $this->sessions )->state( $user, null );
		if ( ! $state['loader']['installed'] && ! $dry_run ) {
			WP_CLI::error( 'The rescue link needs the safe mode must-use loader, which is not installed. ' . wp_strip_all_tags( (string) $state['loader']['manual'] ) );
		}
		$link = call_user_func( $this->rescue )->create( $user, Output::duration( (string) ( $assoc['expires'] ?? '7d' ), 'expires' ), $dry_run );
		$data = array(
			'user'       => $user,
			'url'        => $link['url'],
			'expires_at' => $link['expires_at'],
			'dry_run'    => $dry_run,
		);
		if ( 'json' === $format ) {
			Output::json( 'rescue-link create', $data );
			return;
		}
		\WP_CLI\Utils\format_items( 'yaml', array( $data ), array_keys( $data ) );
	}
}
