<?php
/**
 * Tools → Triage.
 *
 * @package Triage
 */

use Triage\Admin\Admin_Page;
use Triage\Capabilities;

/**
 * Admin page registration and asset loading.
 */
class Admin_Page_Test extends WP_UnitTestCase {

	protected function set_up() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		set_current_screen( 'tools_page_triage' );
		// The Tools entry as wp-admin/menu.php defines it, so the page gets its real hook name.
		$GLOBALS['menu']               = array( 75 => array( 'Tools', 'edit_posts', 'tools.php', '', 'menu-top menu-icon-tools', 'menu-tools', 'dashicons-admin-tools' ) );
		$GLOBALS['admin_page_hooks']   = array( 'tools.php' => 'tools' );
		$GLOBALS['submenu']            = array();
		$GLOBALS['_wp_submenu_nopriv'] = array();
		$GLOBALS['_registered_pages']  = array();
	}

	private function register_page() {
		$page = new Admin_Page( new Capabilities() );
		$page->add_menu_page();
		return $page;
	}

	private function tools_slugs() {
		return isset( $GLOBALS['submenu']['tools.php'] ) ? wp_list_pluck( $GLOBALS['submenu']['tools.php'], 2 ) : array();
	}

	public function test_page_is_under_tools_for_site_owners() {
		$this->log_in_as_site_owner();
		$this->register_page();
		$this->assertContains( 'triage', $this->tools_slugs() );
	}

	public function test_page_is_hidden_from_editors() {
		$this->log_in_as( 'editor' );
		$this->register_page();
		$this->assertNotContains( 'triage', $this->tools_slugs() );
	}

	public function test_assets_load_only_on_the_triage_screen() {
		$this->log_in_as_site_owner();
		$this->register_page();

		do_action( 'admin_enqueue_scripts', 'index.php' );
		$this->assertFalse( wp_script_is( 'triage-admin', 'enqueued' ), 'Enqueued on another screen.' );

		do_action( 'load-tools_page_triage' );
		do_action( 'admin_enqueue_scripts', 'tools_page_triage' );
		$this->assertTrue( wp_script_is( 'triage-admin', 'enqueued' ) );
		$this->assertTrue( wp_style_is( 'triage-admin', 'enqueued' ) );
		$this->assertContains( 'wp-components', wp_styles()->registered['triage-admin']->deps );
	}

	public function test_built_script_depends_on_wordpress_packages_not_bundles() {
		$asset = require TRIAGE_DIR . '/build/index.asset.php';
		foreach ( array( 'wp-element', 'wp-components', 'wp-api-fetch', 'wp-i18n' ) as $handle ) {
			$this->assertContains( $handle, $asset['dependencies'] );
		}
		$bundle = file_get_contents( TRIAGE_DIR . '/build/index.js' );
		$this->assertStringNotContainsString( 'react-dom.production', $bundle, 'React is bundled instead of taken from WordPress.' );
	}

	public function test_every_script_dependency_is_registered() {
		$this->log_in_as_site_owner();
		$this->register_page();
		do_action( 'load-tools_page_triage' );
		do_action( 'admin_enqueue_scripts', 'tools_page_triage' );
		foreach ( wp_scripts()->registered['triage-admin']->deps as $handle ) {
			$this->assertTrue( wp_script_is( $handle, 'registered' ), "$handle is not registered on WordPress " . get_bloginfo( 'version' ) );
		}
	}

	public function test_boot_data_is_printed_before_the_app() {
		$this->log_in_as_site_owner();
		$this->register_page();
		do_action( 'load-tools_page_triage' );
		do_action( 'admin_enqueue_scripts', 'tools_page_triage' );
		$before = implode( '', (array) wp_scripts()->get_data( 'triage-admin', 'before' ) );
		$this->assertSame( 1, preg_match( '/window\.triageBoot = (\{.*?\});/', $before, $match ) );
		$boot = json_decode( $match[1], true );
		$this->assertSame( array( 'restPath', 'capabilities' ), array_keys( $boot ), 'Only fields the app reads.' );
		$this->assertSame( '/triage/v1', $boot['restPath'] );
		// Which controls to show (the recorder switch): the site owner may configure.
		$this->assertSame( array( 'configure' => current_user_can( 'edit_files' ) ), $boot['capabilities'] );
		// Finding 8: the REST nonce travels only in apiFetch's header, never in data a link could carry.
		$this->assertStringNotContainsString( wp_create_nonce( 'wp_rest' ), $before );
	}

	public function test_render_prints_the_mount_point() {
		$this->log_in_as_site_owner();
		ob_start();
		$this->register_page()->render();
		$html = ob_get_clean();
		$this->assertStringContainsString( '<div id="triage-root">', $html );
		$this->assertStringContainsString( '<h1>Triage</h1>', $html );
	}

	public function test_render_refuses_users_without_the_capability() {
		$this->log_in_as( 'editor' );
		add_filter(
			'wp_die_handler',
			static function () {
				return static function ( $message ) {
					throw new RuntimeException( is_string( $message ) ? $message : 'wp_die' );
				};
			}
		);
		$this->expectException( RuntimeException::class );
		$this->register_page()->render();
	}
}
