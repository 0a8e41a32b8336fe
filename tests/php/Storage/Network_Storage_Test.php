<?php
/**
 * Options and transients that belong to the whole installation.
 *
 * @package Triage
 */

use Triage\Storage\Network_Storage;

/**
 * Network-wide on multisite, the site's own options table on a single site.
 */
class Network_Storage_Test extends WP_UnitTestCase {

	/**
	 * Where a name is stored: "options" (with its autoload flag), "sitemeta", or "" when nowhere.
	 *
	 * @param string $name Row name.
	 * @return string
	 */
	private function stored_in( $name ) {
		global $wpdb;
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM $wpdb->options WHERE option_name = %s", $name ) );
		if ( null !== $autoload ) {
			return 'options:' . ( in_array( $autoload, array( 'yes', 'on' ), true ) ? 'autoload' : 'no-autoload' );
		}
		if ( is_multisite() && null !== $wpdb->get_var( $wpdb->prepare( "SELECT meta_id FROM $wpdb->sitemeta WHERE meta_key = %s", $name ) ) ) {
			return 'sitemeta';
		}
		return '';
	}

	public function test_an_option_is_the_networks_on_multisite_and_autoloads_on_a_single_site() {
		$storage = new Network_Storage();
		$this->assertFalse( $storage->get_option( 'triage_test_option' ) );
		$this->assertSame( 'fallback', $storage->get_option( 'triage_test_option', 'fallback' ) );

		$this->assertTrue( $storage->update_option( 'triage_test_option', array( 'a' => 1 ), true ) );

		$this->assertSame( array( 'a' => 1 ), $storage->get_option( 'triage_test_option' ) );
		$this->assertSame( is_multisite() ? 'sitemeta' : 'options:autoload', $this->stored_in( 'triage_test_option' ) );

		$this->assertTrue( $storage->delete_option( 'triage_test_option' ) );
		$this->assertFalse( $storage->get_option( 'triage_test_option' ) );
		$this->assertSame( '', $this->stored_in( 'triage_test_option' ) );
	}

	public function test_an_option_can_be_kept_out_of_autoload_on_a_single_site() {
		( new Network_Storage() )->update_option( 'triage_test_quiet', 1, false );
		$this->assertSame( is_multisite() ? 'sitemeta' : 'options:no-autoload', $this->stored_in( 'triage_test_quiet' ) );
	}

	public function test_a_transient_is_a_site_transient_on_multisite_and_a_plain_one_otherwise() {
		$storage = new Network_Storage();
		$this->assertTrue( $storage->set_transient( 'triage_test_state', array( 'offset' => 3 ), HOUR_IN_SECONDS ) );

		$this->assertSame( array( 'offset' => 3 ), $storage->get_transient( 'triage_test_state' ) );
		if ( is_multisite() ) {
			$this->assertSame( array( 'offset' => 3 ), get_site_transient( 'triage_test_state' ) );
			$this->assertSame( 'sitemeta', $this->stored_in( '_site_transient_triage_test_state' ) );
		} else {
			$this->assertSame( array( 'offset' => 3 ), get_transient( 'triage_test_state' ) );
			$this->assertFalse( get_site_transient( 'triage_test_state' ), 'Not the single site\'s "site transient" names.' );
		}

		$this->assertTrue( $storage->delete_transient( 'triage_test_state' ) );
		$this->assertFalse( $storage->get_transient( 'triage_test_state' ) );
	}

	public function test_on_multisite_every_site_sees_the_same_values() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only.' );
		}
		$storage = new Network_Storage();
		$storage->update_option( 'triage_test_shared', 'network', true );
		$storage->set_transient( 'triage_test_shared', 'network', HOUR_IN_SECONDS );
		$site = wp_insert_site(
			array(
				'domain' => 'example.org',
				'path'   => '/other/',
			)
		);
		$this->assertIsInt( $site );
		switch_to_blog( $site );
		$option    = $storage->get_option( 'triage_test_shared' );
		$transient = $storage->get_transient( 'triage_test_shared' );
		restore_current_blog();
		$this->assertSame( 'network', $option );
		$this->assertSame( 'network', $transient );
	}
}
