<?php
/**
 * Plugin Name:       Triage
 * Plugin URI:        https://github.com/triage-wp/triage
 * Description:       Finds out why your site answers 502 Bad Gateway, another 5xx or a white screen, names the failing layer, and guides the fix without touching what visitors see.
 * Version:           0.1.0
 * Requires at least: 6.5
 * Requires PHP:      7.4
 * Author:            The Triage team
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       triage
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

define( 'TRIAGE_VERSION', '0.1.0' );
define( 'TRIAGE_FILE', __FILE__ );
define( 'TRIAGE_DIR', __DIR__ );
define( 'TRIAGE_MIN_PHP', '7.4' );
define( 'TRIAGE_MIN_WP', '6.5' );

/*
 * The guards run before any namespaced code is loaded, so that an old PHP sees only syntax it can parse
 * and the site keeps working: Triage must never be the cause of a 5xx.
 */
if ( version_compare( PHP_VERSION, TRIAGE_MIN_PHP, '<' ) || version_compare( get_bloginfo( 'version' ), TRIAGE_MIN_WP, '<' ) ) {
	add_action( 'admin_notices', 'triage_requirements_notice' );
	add_action( 'network_admin_notices', 'triage_requirements_notice' );
	return;
}

/**
 * Tells administrators why Triage is not running on this site.
 *
 * @return void
 */
function triage_requirements_notice() {
	if ( ! current_user_can( 'activate_plugins' ) ) {
		return;
	}
	printf(
		'<div class="notice notice-error"><p>%s</p></div>',
		esc_html(
			sprintf(
				/* translators: 1: required PHP version, 2: required WordPress version, 3: running PHP version, 4: running WordPress version. */
				__( 'Triage needs PHP %1$s and WordPress %2$s or newer. This site runs PHP %3$s and WordPress %4$s, so Triage is not running.', 'triage' ),
				TRIAGE_MIN_PHP,
				TRIAGE_MIN_WP,
				PHP_VERSION,
				get_bloginfo( 'version' )
			)
		)
	);
}

require_once __DIR__ . '/includes/Autoloader.php';
Triage\Autoloader::register( __DIR__ . '/includes' );

add_action( 'plugins_loaded', array( Triage\Plugin::class, 'boot' ) );

// Safe mode's must-use loader comes and goes with the plugin.
register_activation_hook( __FILE__, array( Triage\Safe_Mode\Loader_Installer::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( Triage\Safe_Mode\Loader_Installer::class, 'deactivate' ) );
// Triage's heartbeat event would stay behind as an orphan.
register_deactivation_hook( __FILE__, array( Triage\Cron\Cron_Heartbeat::class, 'deactivate' ) );
