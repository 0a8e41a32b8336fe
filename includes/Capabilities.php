<?php
/**
 * Who may do what in Triage.
 *
 * @package Triage
 */

namespace Triage;

defined( 'ABSPATH' ) || exit;

/**
 * One place for Triage's capability policy, so the admin page and the REST routes can never disagree.
 *
 * On multisite, diagnostics describe the whole network (shared PHP, web server and database), so only
 * super admins (manage_network_options) see them by default.
 */
final class Capabilities {

	/**
	 * The capability needed to open the Triage page and read diagnostics.
	 *
	 * @return string
	 */
	public function view(): string {
		$default = is_multisite() ? 'manage_network_options' : 'manage_options';

		/**
		 * Filters the capability required to view Triage diagnostics.
		 *
		 * @since 0.1.0
		 *
		 * @param string $capability Default: manage_options, or manage_network_options on multisite.
		 */
		$capability = apply_filters( 'triage_view_capability', $default );

		return is_string( $capability ) && '' !== $capability ? $capability : $default;
	}

	/**
	 * Whether the current user may view diagnostics.
	 *
	 * @return bool
	 */
	public function current_user_can_view(): bool {
		return current_user_can( $this->view() );
	}

	/**
	 * The capability needed to change the site's configuration (wp-config.php). The REST routes that do
	 * so also demand an explicit confirmation in the request.
	 *
	 * @return string
	 */
	public function configure(): string {
		$default = is_multisite() ? 'manage_network_options' : 'manage_options';

		/**
		 * Filters the capability required to change wp-config.php through Triage (debug mode).
		 *
		 * @since 0.1.0
		 *
		 * @param string $capability Default: manage_options, or manage_network_options on multisite.
		 */
		$capability = apply_filters( 'triage_configure_capability', $default );

		return is_string( $capability ) && '' !== $capability ? $capability : $default;
	}

	/**
	 * Whether the current user may change the site's configuration.
	 *
	 * @return bool
	 */
	public function current_user_can_configure(): bool {
		return current_user_can( $this->configure() );
	}

	/**
	 * The capability needed to use safe mode (turn plugins off for oneself). The must-use loader checks
	 * activate_plugins too, before it honours a session.
	 *
	 * @return string
	 */
	public function safe_mode(): string {
		$default = is_multisite() ? 'manage_network_plugins' : 'activate_plugins';

		/**
		 * Filters the capability required to use Triage's safe mode.
		 *
		 * @since 0.1.0
		 *
		 * @param string $capability Default: activate_plugins, or manage_network_plugins on multisite.
		 */
		$capability = apply_filters( 'triage_safe_mode_capability', $default );

		return is_string( $capability ) && '' !== $capability ? $capability : $default;
	}
}
