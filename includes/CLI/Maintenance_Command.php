<?php
/**
 * `wp triage maintenance`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Maintenance\Maintenance_Clearer;
use Triage\Maintenance\Maintenance_State;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Shows and clears maintenance mode (.maintenance and the update locks).
 *
 * Same service as GET /triage/v1/maintenance and POST /maintenance/clear; works while every page answers 503.
 */
final class Maintenance_Command {

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param Access $access Capability rule.
	 */
	public function __construct( Access $access ) {
		$this->access = $access;
	}

	/**
	 * Shows whether WordPress is in maintenance mode, since when, and which update locks are held.
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
	 *     $ wp triage maintenance status
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function status( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$state  = Maintenance_State::for_this_site()->read();
		if ( 'json' === $format ) {
			Output::json( 'maintenance status', $state );
			return;
		}
		\WP_CLI\Utils\format_items( 'yaml', array( $state ), array_keys( $state ) );
	}

	/**
	 * Removes a stale .maintenance file left by an interrupted update.
	 *
	 * Refuses while an update may still be running (the file is younger than ten minutes, or an update
	 * lock is held), as the Overview does; --force removes it anyway.
	 *
	 * ## OPTIONS
	 *
	 * [--force]
	 * : Remove it even when it is fresh or an update lock is held.
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
	 *     $ wp triage maintenance clear
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function clear( array $args, array $assoc ): void {
		$this->access->check( Capabilities::CONFIGURE );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$force  = (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'force', false );
		$result = ( new Maintenance_Clearer( Maintenance_State::for_this_site() ) )->clear( $force, $force );
		if ( is_wp_error( $result ) ) {
			Output::fail( $result );
			return;
		}
		if ( 'json' === $format ) {
			Output::json( 'maintenance clear', $result );
			return;
		}
		WP_CLI::success( 'Removed .maintenance: the site leaves maintenance mode.' );
	}
}
