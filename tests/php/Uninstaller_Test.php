<?php
/**
 * Uninstall removes what Triage stored, and nothing else.
 *
 * @package Triage
 */

use Triage\Uninstaller;

/**
 * Uninstall clean-up.
 */
class Uninstaller_Test extends WP_UnitTestCase {

	public function test_removes_triage_options_transients_and_user_meta_only() {
		$user_id = self::factory()->user->create();
		add_option( 'triage_settings', array( 'a' => 1 ) );
		add_option( 'triage_log_paths', array( '/var/log/nginx/error.log' ) );
		set_transient( 'triage_health_cache', 'x', 60 );
		set_site_transient( 'triage_site_cache', 'x', 60 );
		update_user_meta( $user_id, 'triage_safe_mode', 'x' );
		add_option( 'not_triage', 'keep' );
		add_option( 'triagex', 'keep' );
		update_user_meta( $user_id, 'nickname_keep', 'keep' );

		( new Uninstaller() )->uninstall();
		wp_cache_flush();

		$this->assertFalse( get_option( 'triage_settings' ) );
		$this->assertFalse( get_option( 'triage_log_paths' ) );
		$this->assertFalse( get_transient( 'triage_health_cache' ) );
		$this->assertFalse( get_site_transient( 'triage_site_cache' ) );
		$this->assertSame( '', get_user_meta( $user_id, 'triage_safe_mode', true ) );
		$this->assertSame( 'keep', get_option( 'not_triage' ) );
		$this->assertSame( 'keep', get_option( 'triagex' ) );
		$this->assertSame( 'keep', get_user_meta( $user_id, 'nickname_keep', true ) );
	}

	public function test_removes_network_options_on_multisite() {
		if ( ! is_multisite() ) {
			$this->assertFalse( is_multisite(), 'Single site: network options do not exist.' );
			return;
		}
		update_site_option( 'triage_network_settings', 'x' );
		update_site_option( 'other_network_setting', 'keep' );
		( new Uninstaller() )->uninstall();
		wp_cache_flush();
		$this->assertFalse( get_site_option( 'triage_network_settings' ) );
		$this->assertSame( 'keep', get_site_option( 'other_network_setting' ) );
	}
}
