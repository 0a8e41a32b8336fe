<?php
/**
 * Keeps the Plugins screens honest during a safe mode session.
 *
 * @package Triage
 */

namespace Triage\Safe_Mode;

use Triage_Safe_Mode_Loader;

defined( 'ABSPATH' ) || exit;

/**
 * In safe mode the loader hides plugins from this admin's active_plugins (and active_sitewide_plugins), so
 * core's Plugins screen would list them as inactive, offer "Activate | Delete" and count them under
 * "Inactive": an invitation to delete a plugin every visitor is running. On plugins.php (and the network
 * screen) this class moves them back under Active, marks each row "Off for you — active for visitors",
 * drops their Activate and Delete links and refuses to delete them, whatever the request.
 */
final class Plugins_Screen {

	/**
	 * Hooks in only for a request served by a safe mode session (never for visitors, probes or the REST
	 * cookie), and only where plugins are listed or deleted.
	 *
	 * @return void
	 */
	public function register(): void {
		if ( array() === $this->held() ) {
			return;
		}
		add_action( 'load-plugins.php', array( $this, 'on_load' ) );
		// Deleting goes through plugins.php or admin-ajax.php (the Delete link's AJAX): both end in
		// delete_plugins(), which runs the plugin's uninstaller (erasing its data) before delete_plugin fires.
		add_action( 'pre_uninstall_plugin', array( $this, 'refuse_delete' ) );
		add_action( 'delete_plugin', array( $this, 'refuse_delete' ) );
	}

	/**
	 * Hooks the list table's filters and removes held plugins from bulk actions.
	 *
	 * @return void
	 */
	public function on_load(): void {
		add_filter( 'plugins_list', array( $this, 'plugins_list' ) );
		add_filter( 'plugin_action_links', array( $this, 'action_links' ), PHP_INT_MAX, 2 );
		add_filter( 'network_admin_plugin_action_links', array( $this, 'action_links' ), PHP_INT_MAX, 2 );
		add_action( 'after_plugin_row', array( $this, 'row_note' ), 10, 2 );
		add_action( 'admin_head', array( $this, 'print_styles' ) );
		$this->drop_held_from_request();
	}

	/**
	 * Plugins active on the site (or network) that the session keeps off for this admin: basename =>
	 * true when network-active.
	 *
	 * @return array<string, bool>
	 */
	public function held(): array {
		if ( ! class_exists( 'Triage_Safe_Mode_Loader', false ) ) {
			return array();
		}
		$loader = Triage_Safe_Mode_Loader::current();
		if ( null === $loader || null !== $loader->probe() || $loader->for_rest() ) {
			return array();
		}
		$session = $loader->session();
		$held    = array();
		foreach ( array_keys( $loader->real_sitewide() ) as $plugin ) {
			if ( ! Triage_Safe_Mode_Loader::allows( (string) $plugin, $session, Triage_Safe_Mode_Loader::PLUGIN_BASENAME ) ) {
				$held[ (string) $plugin ] = true;
			}
		}
		foreach ( $loader->real_plugins() as $plugin ) {
			if ( ! isset( $held[ $plugin ] ) && ! Triage_Safe_Mode_Loader::allows( $plugin, $session, Triage_Safe_Mode_Loader::PLUGIN_BASENAME ) ) {
				$held[ $plugin ] = false;
			}
		}
		return $held;
	}

	/**
	 * Held plugins that count as active on this screen: network-active ones on the network screen, every
	 * held one on a site's screen (network-active plugins are listed there as active too).
	 *
	 * @param bool $network Whether this is the network screen.
	 * @return array<string, bool>
	 */
	private function held_here( bool $network ): array {
		$held = $this->held();
		return $network ? array_filter( $held ) : $held;
	}

	/**
	 * Whether the current screen is the network admin's.
	 *
	 * @return bool
	 */
	private function network_screen(): bool {
		return is_multisite() && is_network_admin();
	}

	/**
	 * Filter for plugins_list: held plugins listed and counted under Active, not Inactive.
	 *
	 * @param mixed $plugins Lists by status.
	 * @return mixed
	 */
	public function plugins_list( $plugins ) {
		if ( ! is_array( $plugins ) || ! isset( $plugins['all'] ) || ! is_array( $plugins['all'] ) ) {
			return $plugins;
		}
		$network = $this->network_screen();
		foreach ( $this->held_here( $network ) as $plugin => $network_active ) {
			if ( ! isset( $plugins['all'][ $plugin ] ) ) {
				continue;
			}
			// On a site's screen, network-active plugins are listed only to those shown them (core's rule).
			if ( $network_active && ! $network && ! apply_filters( 'show_network_active_plugins', current_user_can( 'manage_network_plugins' ) ) ) { // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
				unset( $plugins['all'][ $plugin ] );
				foreach ( array( 'inactive', 'recently_activated', 'search', 'upgrade', 'auto-update-enabled', 'auto-update-disabled' ) as $status ) {
					unset( $plugins[ $status ][ $plugin ] );
				}
				continue;
			}
			unset( $plugins['inactive'][ $plugin ], $plugins['recently_activated'][ $plugin ] );
			$plugins['active'][ $plugin ] = $plugins['all'][ $plugin ];
		}
		return $plugins;
	}

	/**
	 * Filter for (network_admin_)plugin_action_links: no Activate or Delete for a held plugin (it is
	 * already active, and deleting it would remove it for everyone), a plain note instead.
	 *
	 * @param mixed $actions     Links by key.
	 * @param mixed $plugin_file Basename.
	 * @return mixed
	 */
	public function action_links( $actions, $plugin_file ) {
		$held = $this->held_here( $this->network_screen() );
		if ( ! is_array( $actions ) || ! is_string( $plugin_file ) || ! isset( $held[ $plugin_file ] ) ) {
			return $actions;
		}
		unset( $actions['activate'], $actions['delete'], $actions['network_only'] );
		$label = $held[ $plugin_file ] ? __( 'Network active — off for you only', 'triage' ) : __( 'Active — off for you only', 'triage' );
		return array( 'triage_held' => '<span class="triage-held-label">' . esc_html( $label ) . '</span>' ) + $actions;
	}

	/**
	 * Action for after_plugin_row: a note under a held plugin's row.
	 *
	 * @param mixed $plugin_file Basename.
	 * @param mixed $plugin_data Header data.
	 * @return void
	 */
	public function row_note( $plugin_file, $plugin_data ): void {
		$held = $this->held_here( $this->network_screen() );
		if ( ! is_string( $plugin_file ) || ! isset( $held[ $plugin_file ] ) ) {
			return;
		}
		$name = is_array( $plugin_data ) && isset( $plugin_data['Name'] ) && is_string( $plugin_data['Name'] ) ? wp_strip_all_tags( $plugin_data['Name'] ) : $plugin_file;
		/* translators: %s: plugin name. */
		$message = sprintf( __( 'Off for you — active for visitors. Triage safe mode keeps %s off in your browser only; everyone else still runs it, so it cannot be deleted or activated here.', 'triage' ), $name );
		$manage  = __( 'Change it in Triage’s Safe mode tab', 'triage' );
		$columns = isset( $GLOBALS['wp_list_table'] ) && is_object( $GLOBALS['wp_list_table'] ) && method_exists( $GLOBALS['wp_list_table'], 'get_column_count' ) ? (int) $GLOBALS['wp_list_table']->get_column_count() : 4;
		printf(
			'<tr class="plugin-update-tr active triage-held-row" data-plugin="%1$s"><td colspan="%2$d" class="plugin-update colspanchange"><div class="notice inline notice-info notice-alt"><p>%3$s <a href="%4$s">%5$s</a></p></div></td></tr>',
			esc_attr( $plugin_file ),
			(int) $columns,
			esc_html( $message ),
			esc_url( $this->tab_url() ),
			esc_html( $manage )
		);
	}

	/**
	 * Shows held rows as active ones (core gives them the inactive row class, which no filter changes).
	 *
	 * @return void
	 */
	public function print_styles(): void {
		$selectors = array();
		foreach ( array_keys( $this->held_here( $this->network_screen() ) ) as $plugin ) {
			// Basenames are folder/file.php; anything else is left unstyled rather than escaped for CSS.
			if ( 1 === preg_match( '#^[A-Za-z0-9._/-]+$#', $plugin ) ) {
				$selectors[] = '.plugins tr.inactive[data-plugin="' . $plugin . '"]';
			}
		}
		if ( array() === $selectors ) {
			return;
		}
		$rows = implode( ',', $selectors );
		$th   = implode( ',', array_map( static fn( $s ) => $s . ' th.check-column', $selectors ) );
		$all  = implode( ',', array_map( static fn( $s ) => $s . ' th,' . $s . ' td', $selectors ) );
		// The same colours core gives an active row.
		echo '<style id="triage-held-plugins">' . $all . '{background-color:#f0f6fc}' . $th . '{border-left:4px solid #72aee6;padding-left:2px}' . $rows . '{box-shadow:none}.triage-held-label{color:#1d2327;font-style:italic}</style>' . "\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- selectors checked against a strict pattern above.
	}

	/**
	 * Removes held plugins from a bulk Activate or Delete and refuses a single Activate of one, before
	 * plugins.php acts (the links are gone, but a bookmarked or crafted URL may still ask).
	 *
	 * @return void
	 */
	public function drop_held_from_request(): void {
		$held = $this->held_here( $this->network_screen() );
		// phpcs:disable WordPress.Security.NonceVerification -- core checks the nonce when it acts; this only removes items.
		$action = isset( $_REQUEST['action'] ) && is_string( $_REQUEST['action'] ) && '-1' !== $_REQUEST['action'] ? sanitize_key( $_REQUEST['action'] ) : ( isset( $_REQUEST['action2'] ) && is_string( $_REQUEST['action2'] ) ? sanitize_key( $_REQUEST['action2'] ) : '' );
		if ( in_array( $action, array( 'activate-selected', 'delete-selected' ), true ) ) {
			$keep = static function ( $checked ) use ( $held ) {
				return array_values(
					array_filter(
						(array) $checked,
						static function ( $plugin ) use ( $held ) {
							return ! is_string( $plugin ) || ! isset( $held[ wp_unslash( $plugin ) ] );
						}
					)
				);
			};
			if ( isset( $_POST['checked'] ) ) {
				$_POST['checked'] = $keep( $_POST['checked'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized, WordPress.Security.ValidatedSanitizedInput.MissingUnslash -- only items are removed; the rest goes back still slashed, for core to unslash and sanitize.
			}
			if ( isset( $_GET['checked'] ) ) {
				$_GET['checked'] = $keep( $_GET['checked'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized, WordPress.Security.ValidatedSanitizedInput.MissingUnslash -- only items are removed; the rest goes back still slashed, for core to unslash and sanitize.
			}
			if ( isset( $_REQUEST['checked'] ) ) {
				$_REQUEST['checked'] = $keep( $_REQUEST['checked'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized, WordPress.Security.ValidatedSanitizedInput.MissingUnslash -- only items are removed; the rest goes back still slashed, for core to unslash and sanitize.
			}
		}//end if
		if ( 'activate' === $action && isset( $_REQUEST['plugin'] ) && is_string( $_REQUEST['plugin'] ) && isset( $held[ wp_unslash( $_REQUEST['plugin'] ) ] ) ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared with basenames only.
			wp_die(
				esc_html( $this->refusal() ),
				esc_html__( 'Already active', 'triage' ),
				array(
					'response'  => 409,
					'back_link' => true,
				)
			);
		}
		// phpcs:enable
	}

	/**
	 * Action for pre_uninstall_plugin and delete_plugin: a plugin active for visitors is never uninstalled or
	 * deleted through a safe mode session.
	 *
	 * @param mixed $plugin_file Basename.
	 * @return void
	 */
	public function refuse_delete( $plugin_file ): void {
		$held = $this->held();
		if ( is_string( $plugin_file ) && isset( $held[ plugin_basename( $plugin_file ) ] ) ) {
			wp_die(
				esc_html( $this->refusal() ),
				esc_html__( 'Plugin in use', 'triage' ),
				array(
					'response'  => 409,
					'back_link' => true,
				)
			);
		}
	}

	/**
	 * Why a held plugin is not deleted or activated.
	 *
	 * @return string
	 */
	private function refusal(): string {
		return __( 'This plugin is only off for you, in Triage safe mode: it is active for visitors and everyone else. To remove it, exit safe mode, deactivate it, then delete it.', 'triage' );
	}

	/**
	 * The Safe mode tab.
	 *
	 * @return string
	 */
	private function tab_url(): string {
		$base = is_multisite() ? network_admin_url( 'settings.php?page=triage' ) : admin_url( 'tools.php?page=triage' );
		return $base . '#/safe-mode';
	}
}
