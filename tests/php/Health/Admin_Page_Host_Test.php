<?php
/**
 * The Triage page keeps working when the site address names another host: its assets and REST calls
 * follow the host the page was loaded from.
 *
 * @package Triage
 */

use Triage\Admin\Admin_Page;
use Triage\Capabilities;

/**
 * Rebasing on the Triage screen only, and only when the addresses differ from the host in use.
 */
class Admin_Page_Host_Test extends WP_UnitTestCase {

	/**
	 * The Host header before the test.
	 *
	 * @var string|null
	 */
	private $host = null;

	protected function set_up() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		set_current_screen( 'tools_page_triage' );
		$GLOBALS['menu']               = array( 75 => array( 'Tools', 'edit_posts', 'tools.php', '', 'menu-top menu-icon-tools', 'menu-tools', 'dashicons-admin-tools' ) );
		$GLOBALS['admin_page_hooks']   = array( 'tools.php' => 'tools' );
		$GLOBALS['submenu']            = array();
		$GLOBALS['_wp_submenu_nopriv'] = array();
		$GLOBALS['_registered_pages']  = array();
		$this->host                    = isset( $_SERVER['HTTP_HOST'] ) ? $_SERVER['HTTP_HOST'] : null;
		$this->log_in_as_site_owner();
		( new Admin_Page( new Capabilities() ) )->add_menu_page();
	}

	protected function tear_down() {
		$_SERVER['HTTP_HOST'] = $this->host;
		foreach ( array( 'script_loader_src', 'style_loader_src', 'plugins_url', 'content_url', 'includes_url', 'admin_url', 'site_url', 'home_url', 'rest_url' ) as $filter ) {
			remove_all_filters( $filter, 99 );
		}
		unset( $GLOBALS['wp_scripts'], $GLOBALS['wp_styles'] );
	}

	public function test_a_site_address_on_another_host_is_followed_to_the_host_in_use() {
		update_option( 'home', 'http://old-shop.invalid' );
		update_option( 'siteurl', 'http://old-shop.invalid' );
		$_SERVER['HTTP_HOST'] = '127.0.0.1:8889';
		do_action( 'load-tools_page_triage' );
		do_action( 'admin_enqueue_scripts', 'tools_page_triage' );

		$this->assertStringStartsWith( 'http://127.0.0.1:8889/', rest_url(), 'What the page builds its REST links from.' );
		$this->assertStringStartsWith( 'http://127.0.0.1:8889', wp_scripts()->base_url, 'load-scripts.php and core scripts.' );
		$this->assertStringStartsWith( 'http://127.0.0.1:8889', wp_styles()->base_url );
		$this->assertStringStartsWith( 'http://127.0.0.1:8889/', wp_scripts()->registered['triage-admin']->src );
		$this->assertSame( 'http://127.0.0.1:8889/wp-includes/js/x.js', apply_filters( 'script_loader_src', 'http://old-shop.invalid/wp-includes/js/x.js', 'x' ) );
		$this->assertSame( 'https://cdn.example/y.js', apply_filters( 'script_loader_src', 'https://cdn.example/y.js', 'y' ), 'Other hosts are left alone.' );
		$after = implode( '', (array) wp_scripts()->get_data( 'wp-api-fetch', 'after' ) );
		$this->assertStringContainsString( 'wp.apiFetch.use( function ( options, next )', $after );
		$this->assertStringContainsString( '"http:\/\/127.0.0.1:8889\/', $after );
	}

	public function test_the_same_host_changes_nothing() {
		$_SERVER['HTTP_HOST'] = 'example.org';
		do_action( 'load-tools_page_triage' );
		do_action( 'admin_enqueue_scripts', 'tools_page_triage' );
		$this->assertStringStartsWith( 'http://example.org/', rest_url() );
		$this->assertFalse( has_filter( 'script_loader_src' ) && has_filter( 'rest_url' ), 'No filter added.' );
		$after = implode( '', (array) wp_scripts()->get_data( 'wp-api-fetch', 'after' ) );
		$this->assertStringNotContainsString( 'wp.apiFetch.use( function ( options, next )', $after );
	}

	public function test_a_hostile_host_header_changes_nothing() {
		update_option( 'home', 'http://old-shop.invalid' );
		$_SERVER['HTTP_HOST'] = 'evil.example/"><script>';
		do_action( 'load-tools_page_triage' );
		do_action( 'admin_enqueue_scripts', 'tools_page_triage' );
		$this->assertStringStartsWith( 'http://old-shop.invalid/', rest_url() );
		$after = implode( '', (array) wp_scripts()->get_data( 'wp-api-fetch', 'after' ) );
		$this->assertStringNotContainsString( 'evil.example', $after );
	}
}
