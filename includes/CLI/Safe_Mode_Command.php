<?php
/**
 * `wp triage safe-mode`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use Triage_Safe_Mode_Loader;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Starts, stops and shows a user's safe mode session (plugins off for that user only).
 *
 * Same service as the Safe mode tab (POST /triage/v1/safe-mode).
 * A session is a signed cookie that the must-use loader honours for that user: the command line
 * cannot put it in a browser, so `start` prints it (for curl or a browser's cookie editor) and a
 * rescue link is the way to bring a person into safe mode on a site whose admin is down.
 */
final class Safe_Mode_Command {

	/**
	 * Safe mode sessions (built when first used).
	 *
	 * @var callable(): Safe_Mode_Sessions
	 */
	private $sessions;

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
	 * @param Access   $access   Capability rule.
	 */
	public function __construct( callable $sessions, Access $access ) {
		$this->sessions = $sessions;
		$this->access   = $access;
	}

	/**
	 * Starts a safe mode session for a user: every plugin off but the ones kept, for that user only.
	 *
	 * Needs WP-CLI's global --user=<id|login>, naming someone who may use safe mode (activate_plugins,
	 * manage_network_plugins on multisite). Prints the session cookie: send it with curl
	 * (`curl -b "triage_safe_mode=<value>" …`, with that user's login cookies) to see the site without the
	 * plugins. To bring a person's browser into safe mode, use `wp triage rescue-link create`.
	 *
	 * ## OPTIONS
	 *
	 * [--keep=<plugins>]
	 * : Plugins to keep on (comma-separated basenames, e.g. woocommerce/woocommerce.php).
	 *
	 * [--default-theme]
	 * : Also switch to the default theme for this session.
	 *
	 * [--expires=<duration>]
	 * : How long the session lasts (5m to 24h).
	 * ---
	 * default: 1h
	 * ---
	 *
	 * [--dry-run]
	 * : Check everything and describe the session without starting it.
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
	 *     $ wp triage safe-mode start --user=admin --keep=woocommerce/woocommerce.php
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function start( array $args, array $assoc ): void {
		$user    = $this->access->user( Capabilities::SAFE_MODE );
		$format  = Output::format( $assoc, array( 'yaml', 'json' ) );
		$dry_run = (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'dry-run', false );
		$result  = $this->sessions()->start(
			$user,
			isset( $assoc['keep'] ) ? Output::list( (string) $assoc['keep'] ) : array(),
			(bool) \WP_CLI\Utils\get_flag_value( $assoc, 'default-theme', false ),
			Output::duration( (string) ( $assoc['expires'] ?? '1h' ), 'expires' ),
			$dry_run
		);
		if ( is_wp_error( $result ) ) {
			Output::fail( $result );
			return;
		}
		$cookie           = $dry_run ? null : ( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] ?? null ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- set by the service above in this process, printed as is.
		$result['cookie'] = is_string( $cookie ) ? array(
			'name'       => Triage_Safe_Mode_Loader::COOKIE,
			'value'      => $cookie,
			'expires_at' => $result['expires_at'],
		) : null;
		$this->print( 'safe-mode start', $result, $format );
		if ( 'json' !== $format ) {
			WP_CLI::success( $dry_run ? 'Dry run: nothing started.' : sprintf( 'Safe mode session started for user %d: %d of %d plugins kept on.', $user, (int) $result['kept'], (int) $result['total'] ) );
		}
	}

	/**
	 * Ends the user's safe mode session, as the admin bar's "Exit safe mode" does.
	 *
	 * A browser's session cookie is cleared by the next page it loads from the admin bar, or expires on
	 * its own; this command ends the one started from this shell and shows the state without a session.
	 *
	 * ## OPTIONS
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
	 *     $ wp triage safe-mode stop --user=admin
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function stop( array $args, array $assoc ): void {
		$user   = $this->access->user( Capabilities::SAFE_MODE );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$this->print( 'safe-mode stop', $this->sessions()->stop( $user ), $format );
	}

	/**
	 * Shows the safe mode state: the must-use loader, the rescue link, the active plugins.
	 *
	 * ## OPTIONS
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
	 *     $ wp triage safe-mode status --format=json
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function status( array $args, array $assoc ): void {
		$this->access->check( Capabilities::SAFE_MODE );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$this->print( 'safe-mode status', $this->sessions()->state( get_current_user_id() ), $format );
	}

	/**
	 * The sessions service.
	 *
	 * @return Safe_Mode_Sessions
	 */
	private function sessions(): Safe_Mode_Sessions {
		return call_user_func( $this->sessions );
	}

	/**
	 * Prints a state.
	 *
	 * @param string               $command Command.
	 * @param array<string, mixed> $state   State.
	 * @param string               $format  Format.
	 * @return void
	 */
	private function print( string $command, array $state, string $format ): void {
		if ( 'json' === $format ) {
			Output::json( $command, $state );
			return;
		}
		$kept = array();
		foreach ( $state['plugins'] as $plugin ) {
			if ( $plugin['kept'] ) {
				$kept[] = $plugin['file'];
			}
		}
		$view = array(
			'active'            => $state['active'] ? 'yes' : 'no',
			'expires_at'        => null === $state['expires_at'] ? '' : gmdate( 'Y-m-d H:i:s', (int) $state['expires_at'] ) . ' UTC',
			'use_default_theme' => $state['use_default_theme'] ? 'yes' : 'no',
			'kept'              => implode( ', ', $kept ),
			'plugins'           => (int) $state['total'],
			'loader_installed'  => $state['loader']['installed'] ? 'yes' : 'no',
			'rescue_link'       => $state['rescue']['exists'] ? 'yes' : 'no',
		);
		if ( isset( $state['cookie'] ) && is_array( $state['cookie'] ) ) {
			$view['cookie'] = $state['cookie']['name'] . '=' . $state['cookie']['value'];
		}
		\WP_CLI\Utils\format_items( 'yaml', array( $view ), array_keys( $view ) );
	}
}
