<?php
/**
 * Cleans up after Triage.
 *
 * @package Triage
 */

namespace Triage;

defined( 'ABSPATH' ) || exit;

/**
 * Deletes Triage's options, transients and user meta on every site of a network, and the files it wrote
 * in its private folder (wp-config.php backups, private logs).
 *
 * Everything Triage stores is named with the triage_ prefix, so the clean-up is a prefix match and
 * new settings are covered without editing this class.
 */
final class Uninstaller {

	public const PREFIX = 'triage_';

	/**
	 * Removes Triage's data from the whole installation.
	 *
	 * @return void
	 */
	public function uninstall(): void {
		// Before the options go: the remembered private folder is one of them.
		$this->delete_private_files();
		if ( is_multisite() ) {
			foreach ( get_sites(
				array(
					'fields' => 'ids',
					'number' => 0,
				)
			) as $site_id ) {
				switch_to_blog( (int) $site_id );
				$this->delete_site_data();
				restore_current_blog();
			}
			$this->delete_network_data();
		} else {
			$this->delete_site_data();
		}
		$this->delete_user_data();
		// Safe mode's must-use loader (deactivation normally removed it already).
		( new Safe_Mode\Loader_Installer( new Files\Atomic_Writer(), WPMU_PLUGIN_DIR, '', '' ) )->remove();
	}

	/**
	 * Backups of wp-config.php and private logs, wherever the private folder was put.
	 *
	 * @return void
	 */
	private function delete_private_files(): void {
		$private = new Files\Private_Directory( Files\Private_Directory::detect_web_root(), WP_CONTENT_DIR );
		$folders = array( Files\Private_Directory::remembered(), $private->candidate(), WP_CONTENT_DIR . '/' . Files\Private_Directory::NAME );
		foreach ( array_unique( array_filter( $folders ) ) as $folder ) {
			Files\Private_Directory::remove_triage_files( $folder );
		}
	}

	/**
	 * Options, transients and the heartbeat event of the current site.
	 *
	 * @return void
	 */
	private function delete_site_data(): void {
		global $wpdb;
		// The heartbeat's event lives in the cron option, not under the prefix (its history and the run log do).
		Cron\Cron_Heartbeat::unschedule();
		// On a single site, site transients live in the options table too.
		$names = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-off clean-up by prefix; no API lists options by prefix.
			$wpdb->prepare(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
				$wpdb->esc_like( self::PREFIX ) . '%',
				$wpdb->esc_like( '_transient_' . self::PREFIX ) . '%',
				$wpdb->esc_like( '_transient_timeout_' . self::PREFIX ) . '%',
				$wpdb->esc_like( '_site_transient_' . self::PREFIX ) . '%',
				$wpdb->esc_like( '_site_transient_timeout_' . self::PREFIX ) . '%'
			)
		);
		foreach ( $names as $name ) {
			delete_option( $name );
		}
	}

	/**
	 * Network options and site transients.
	 *
	 * @return void
	 */
	private function delete_network_data(): void {
		global $wpdb;
		$names = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-off clean-up by prefix.
			$wpdb->prepare(
				"SELECT meta_key FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s OR meta_key LIKE %s OR meta_key LIKE %s",
				$wpdb->esc_like( self::PREFIX ) . '%',
				$wpdb->esc_like( '_site_transient_' . self::PREFIX ) . '%',
				$wpdb->esc_like( '_site_transient_timeout_' . self::PREFIX ) . '%'
			)
		);
		foreach ( $names as $name ) {
			delete_site_option( $name );
		}
	}

	/**
	 * Per-user settings of every user.
	 *
	 * @return void
	 */
	private function delete_user_data(): void {
		global $wpdb;
		$keys = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-off clean-up by prefix.
			$wpdb->prepare( "SELECT DISTINCT meta_key FROM {$wpdb->usermeta} WHERE meta_key LIKE %s", $wpdb->esc_like( self::PREFIX ) . '%' )
		);
		foreach ( $keys as $key ) {
			delete_metadata( 'user', 0, $key, '', true );
		}
	}
}
