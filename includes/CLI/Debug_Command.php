<?php
/**
 * `wp triage debug`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Config\Debug_Mode;
use Triage\Config\Debug_Profiles;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Shows and switches debug mode in wp-config.php, as the Debug tab does.
 *
 * Same service as GET /triage/v1/debug, POST /debug/profile and /debug/revert: the same edits, backup,
 * verification and automatic revert.
 */
final class Debug_Command {

	/**
	 * Debug mode (built when first used).
	 *
	 * @var callable(): Debug_Mode
	 */
	private $debug_mode;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param callable $debug_mode Factory of the debug mode service.
	 * @param Access   $access     Capability rule.
	 */
	public function __construct( callable $debug_mode, Access $access ) {
		$this->debug_mode = $debug_mode;
		$this->access     = $access;
	}

	/**
	 * Shows the debug constants, the active profile and when it reverts.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage debug status
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function status( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'table', 'json', 'yaml' ) );
		$debug  = $this->service();
		$debug->maybe_expire();
		Output::result(
			'debug status',
			$debug->state(),
			$format,
			static function ( array $state, string $format ) {
				$rows = array();
				foreach ( $state['constants'] as $constant ) {
					$rows[] = array(
						'constant' => $constant['name'] ?? '',
						'value'    => $constant['effective'] ?? ( $constant['value'] ?? '' ),
						'source'   => $constant['source'] ?? '',
					);
				}
				Output::rows( $format, $rows, array( 'constant', 'value', 'source' ) );
				if ( 'table' === $format ) {
					WP_CLI::log( sprintf( 'Profile: %s', $state['profile'] ) );
				}
			}
		);
	}

	/**
	 * Switches a debug profile on in wp-config.php, with a backup, a check that the site still answers,
	 * and an automatic revert.
	 *
	 * ## OPTIONS
	 *
	 * <profile>
	 * : log (errors to a private log, nothing shown) or developer (also SCRIPT_DEBUG and SAVEQUERIES).
	 * ---
	 * options:
	 *   - log
	 *   - developer
	 * ---
	 *
	 * [--expires=<duration>]
	 * : When Triage switches it off again (10s to 24h).
	 * ---
	 * default: 1h
	 * ---
	 *
	 * [--dry-run]
	 * : Show the edits without writing.
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
	 *     $ wp triage debug on log --expires=30m
	 *
	 * @param string[]             $args  The profile.
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function on( array $args, array $assoc ): void {
		$this->access->check( Capabilities::CONFIGURE );
		$format  = Output::format( $assoc, array( 'yaml', 'json' ) );
		$profile = (string) ( $args[0] ?? '' );
		if ( Debug_Profiles::OFF === $profile ) {
			WP_CLI::error( 'Use `wp triage debug off` to switch debug mode off.' );
		}
		$dry_run = (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'dry-run', false );
		$result  = $this->service()->apply( $profile, Output::duration( (string) ( $assoc['expires'] ?? '1h' ), 'expires' ), $dry_run );
		$this->report( 'debug on', $result, $format );
	}

	/**
	 * Switches Triage's debug mode off: puts wp-config.php's own lines back, byte for byte.
	 *
	 * ## OPTIONS
	 *
	 * [--dry-run]
	 * : Show the edits without writing.
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
	 *     $ wp triage debug off
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function off( array $args, array $assoc ): void {
		$this->access->check( Capabilities::CONFIGURE );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$result = $this->service()->revert( (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'dry-run', false ) );
		$this->report( 'debug off', $result, $format );
	}

	/**
	 * Prints a change, or fails with the service's reason.
	 *
	 * @param string                         $command Command.
	 * @param array<string, mixed>|\WP_Error $result  Result.
	 * @param string                         $format  Format.
	 * @return void
	 */
	private function report( string $command, $result, string $format ): void {
		if ( is_wp_error( $result ) ) {
			$data   = $result->get_error_data();
			$manual = is_array( $data ) && isset( $data['manual'] ) ? "\n" . (string) $data['manual'] : '';
			WP_CLI::error( sprintf( '%s (%s)%s', wp_strip_all_tags( $result->get_error_message() ), $result->get_error_code(), $manual ) );
			return;
		}
		if ( 'json' === $format ) {
			Output::json( $command, $result );
			return;
		}
		$view = array(
			'profile'    => $result['profile'] ?? '',
			'dry_run'    => ! empty( $result['dry_run'] ) ? 'yes' : 'no',
			'changes'    => wp_json_encode( $result['changes'] ?? array() ),
			'expires_at' => empty( $result['expires_at'] ) ? '' : gmdate( 'Y-m-d H:i:s', (int) $result['expires_at'] ) . ' UTC',
		);
		\WP_CLI\Utils\format_items( 'yaml', array( $view ), array_keys( $view ) );
		WP_CLI::success( ! empty( $result['dry_run'] ) ? 'Dry run: wp-config.php unchanged.' : 'wp-config.php updated.' );
	}

	/**
	 * The service.
	 *
	 * @return Debug_Mode
	 */
	private function service(): Debug_Mode {
		return call_user_func( $this->debug_mode );
	}
}
