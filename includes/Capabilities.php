<?php
/**
 * Who may do what in Triage.
 *
 * @package Triage
 */

namespace Triage;

use InvalidArgumentException;

defined( 'ABSPATH' ) || exit;

/**
 * One place for Triage's capability policy, so the admin page and the REST routes can never disagree:
 * each action maps to a filter and a default capability, and callers ask can( $action ).
 *
 * On multisite, diagnostics describe the whole network (shared PHP, web server and database), so only
 * super admins see them by default. Safe mode and bisection change which plugins load (the must-use
 * loader, which runs before this class exists, checks the safe_mode capability stored in each session,
 * rescue link and probe when it was created, before it honours it).
 *
 * Filters, each passed the default capability and expected to return a capability name:
 * - triage_view_capability: open the Triage page and read diagnostics (manage_options, or
 *   manage_network_options on multisite).
 * - triage_configure_capability: change the site through Triage: wp-config.php, which log files are
 *   read, archiving a log (edit_files: core's capability to edit the server's files, held by
 *   administrators; core's map_meta_cap removes it when DISALLOW_FILE_EDIT or DISALLOW_FILE_MODS is set,
 *   and on multisite grants it to super admins only, so the default stays network-level there).
 * - triage_safe_mode_capability: safe mode and bisection (activate_plugins, or manage_network_plugins
 *   on multisite).
 */
final class Capabilities {

	public const VIEW      = 'view';
	public const CONFIGURE = 'configure';
	public const SAFE_MODE = 'safe_mode';

	/**
	 * Action => filter, default capability on a single site, default on multisite.
	 *
	 * @var array<string, array{0: non-empty-string, 1: string, 2: string}>
	 */
	private const MAP = array(
		self::VIEW      => array( 'triage_view_capability', 'manage_options', 'manage_network_options' ),
		self::CONFIGURE => array( 'triage_configure_capability', 'edit_files', 'edit_files' ),
		self::SAFE_MODE => array( 'triage_safe_mode_capability', 'activate_plugins', 'manage_network_plugins' ),
	);

	/**
	 * Every action, for tests and documentation.
	 *
	 * @return string[]
	 */
	public static function actions(): array {
		return array_keys( self::MAP );
	}

	/**
	 * The filter that decides an action's capability.
	 *
	 * @param string $action One of the class constants.
	 * @return string
	 * @throws InvalidArgumentException For an unknown action: a programming error, never a user's.
	 */
	public static function filter( string $action ): string {
		return self::row( $action )[0];
	}

	/**
	 * The capability an action needs, after its filter; the default when the filter returns no name.
	 *
	 * @param string $action One of the class constants.
	 * @return string
	 */
	public function capability( string $action ): string {
		$row     = self::row( $action );
		$default = is_multisite() ? $row[2] : $row[1];
		// The three filters are documented in the class comment.
		$capability = apply_filters( $row[0], $default ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.DynamicHooknameFound -- the triage_*_capability literals in MAP.

		return is_string( $capability ) && '' !== $capability ? $capability : $default;
	}

	/**
	 * Whether the current user may perform an action.
	 *
	 * @param string $action One of the class constants.
	 * @return bool
	 */
	public function can( string $action ): bool {
		return current_user_can( $this->capability( $action ) );
	}

	/**
	 * What a refused user is told.
	 *
	 * @param string $action One of the class constants.
	 * @return string
	 */
	public function refusal( string $action ): string {
		switch ( $action ) {
			case self::CONFIGURE:
				$hardened = Files\File_Mods::disallowed_by( Files\File_Mods::CONFIG );
				if ( null !== $hardened && 'edit_files' === $this->capability( $action ) ) {
					return sprintf(
						/* translators: %s: DISALLOW_FILE_MODS or DISALLOW_FILE_EDIT. */
						__( 'This site does not let administrators change its files (%s is set in wp-config.php), so Triage changes nothing here from the admin: make the change on the server instead.', 'triage' ),
						$hardened
					);
				}
				return __( 'Sorry, you are not allowed to change this site’s configuration through Triage.', 'triage' );
			case self::SAFE_MODE:
				return __( 'Sorry, you are not allowed to use safe mode or bisect plugins.', 'triage' );
			default:
				return __( 'Sorry, you are not allowed to view Triage diagnostics.', 'triage' );
		}
	}

	/**
	 * The map row of an action.
	 *
	 * @param string $action Action.
	 * @return array{0: non-empty-string, 1: string, 2: string}
	 * @throws InvalidArgumentException For an unknown action.
	 */
	private static function row( string $action ): array {
		if ( ! isset( self::MAP[ $action ] ) ) {
			throw new InvalidArgumentException( esc_html( "Unknown Triage capability action: $action" ) );
		}
		return self::MAP[ $action ];
	}
}
