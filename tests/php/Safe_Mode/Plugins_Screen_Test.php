<?php
/**
 * The Plugins screen during a safe mode session.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';

use Triage\Safe_Mode\Plugins_Screen;

require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
require_once ABSPATH . 'wp-admin/includes/screen.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

/**
 * Plugins off for this admin only are listed and counted as active, marked, and never offered for Delete or
 * Activate; nothing changes without a session.
 */
// phpcs:disable WordPress.Security.NonceVerification -- tests set up requests by hand.
class Plugins_Screen_Test extends Safe_Mode_Test_Case {

	const SITE_PLUGINS = array( 'alpha/alpha.php', 'broken/broken.php', 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME );

	/**
	 * $_GET, $_POST, $_REQUEST as they were.
	 *
	 * @var array<string, array<string, mixed>>
	 */
	private $saved = array();

	protected function set_up() {
		parent::set_up();
		$this->saved = array(
			'get'     => $_GET,
			'post'    => $_POST,
			'request' => $_REQUEST,
		);
		update_option( 'active_plugins', self::SITE_PLUGINS );
		// wp_die() ends the request; here it throws what it would have said.
		add_filter(
			'wp_die_handler',
			static function () {
				return static function ( $message ) {
					throw new RuntimeException( is_string( $message ) ? $message : 'wp_die' );
				};
			}
		);
		if ( is_multisite() ) {
			update_site_option(
				'active_sitewide_plugins',
				array(
					'netwide/netwide.php' => 100,
					'netkept/netkept.php' => 101,
				)
			);
		}
	}

	protected function tear_down() {
		$_GET     = $this->saved['get'];
		$_POST    = $this->saved['post'];
		$_REQUEST = $this->saved['request'];
		$this->set_current( null );
		if ( is_multisite() ) {
			delete_site_option( 'active_sitewide_plugins' );
		}
		set_current_screen( 'front' );
		parent::tear_down();
	}

	/**
	 * Sets the loader's instance for this request.
	 *
	 * @param Triage_Safe_Mode_Loader|null $loader Instance.
	 * @return void
	 */
	private function set_current( $loader ) {
		$property = new ReflectionProperty( Triage_Safe_Mode_Loader::class, 'current' );
		$property->setAccessible( true );
		$property->setValue( null, $loader );
	}

	/**
	 * A safe mode session keeping alpha (and netkept on multisite) on, hooked as the loader does.
	 *
	 * @return Triage_Safe_Mode_Loader
	 */
	private function session() {
		$loader = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1, array( 'alpha/alpha.php', 'netkept/netkept.php' ) ), time() ) );
		$loader->hook();
		$this->set_current( $loader );
		// WordPress reads both lists while loading plugins: the loader sees the real ones there.
		get_option( 'active_plugins' );
		if ( is_multisite() ) {
			get_site_option( 'active_sitewide_plugins' );
		}
		return $loader;
	}

	/**
	 * Lists as WP_Plugins_List_Table::prepare_items() builds them before its plugins_list filter, with the
	 * session's filtered option: held plugins land under inactive.
	 *
	 * @return array<string, array<string, array<string, string>>>
	 */
	private function core_lists() {
		$data  = static function ( $name ) {
			return array( 'Name' => $name );
		};
		$lists = array(
			'all'                => array(),
			'search'             => array(),
			'active'             => array(),
			'inactive'           => array(),
			'recently_activated' => array(),
			'upgrade'            => array(),
		);
		foreach ( array( 'alpha/alpha.php', 'broken/broken.php', 'gamma.php', 'idle/idle.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME, 'netwide/netwide.php', 'netkept/netkept.php' ) as $file ) {
			$lists['all'][ $file ]     = $data( $file );
			$status                    = is_plugin_active( $file ) ? 'active' : 'inactive';
			$lists[ $status ][ $file ] = $data( $file );
		}
		return $lists;
	}

	public function test_without_a_session_nothing_is_hooked() {
		$screen = new Plugins_Screen();
		$this->assertSame( array(), $screen->held() );
		$screen->register();
		$this->assertFalse( has_action( 'load-plugins.php', array( $screen, 'on_load' ) ) );
		$this->assertFalse( has_action( 'delete_plugin', array( $screen, 'refuse_delete' ) ) );
	}

	public function test_probes_and_the_rest_cookie_are_not_safe_mode() {
		$probe = new Triage_Safe_Mode_Loader(
			Triage_Safe_Mode_Loader::normalize(
				array(
					'u' => 1,
					'e' => time() + 60,
					'k' => array(),
				)
			),
			array(
				'n' => str_repeat( 'a', 32 ),
				'a' => 0,
			)
		);
		$this->set_current( $probe );
		$this->assertSame( array(), ( new Plugins_Screen() )->held() );
	}

	public function test_held_plugins_are_those_active_but_off_for_this_admin() {
		$this->session();
		$expected = array(
			'broken/broken.php' => false,
			'gamma.php'         => false,
		);
		if ( is_multisite() ) {
			$expected = array( 'netwide/netwide.php' => true ) + $expected;
		}
		$this->assertSame( $expected, ( new Plugins_Screen() )->held() );
	}

	public function test_held_plugins_are_listed_and_counted_as_active() {
		$this->session();
		set_current_screen( 'plugins' );
		$screen = new Plugins_Screen();
		$lists  = $this->core_lists();
		$this->assertArrayHasKey( 'broken/broken.php', $lists['inactive'], 'Core alone would call it inactive.' );
		$fixed = $screen->plugins_list( $lists );
		$this->assertArrayHasKey( 'broken/broken.php', $fixed['active'] );
		$this->assertArrayHasKey( 'gamma.php', $fixed['active'] );
		$this->assertArrayNotHasKey( 'broken/broken.php', $fixed['inactive'] );
		$this->assertArrayHasKey( 'idle/idle.php', $fixed['inactive'], 'A plugin inactive for everyone stays inactive.' );
		$active = array_keys( $fixed['active'] );
		sort( $active );
		$expected = array( 'alpha/alpha.php', 'broken/broken.php', 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME );
		if ( is_multisite() ) {
			// Nobody is logged in: core lists network-active plugins on a site's screen only to network admins,
			// so the held one is left out as core would, and the kept one is listed as core does.
			$expected[] = 'netkept/netkept.php';
			$this->assertArrayNotHasKey( 'netwide/netwide.php', $fixed['all'] );
		}
		sort( $expected );
		$this->assertSame( $expected, $active, 'Counted under Active: "Active (4)", not "Inactive".' );
	}

	public function test_held_rows_offer_no_delete_or_activate_and_say_why() {
		$this->session();
		set_current_screen( 'plugins' );
		$screen  = new Plugins_Screen();
		$actions = array(
			'activate' => '<a href="plugins.php?action=activate">Activate</a>',
			'details'  => '<a href="#">View details</a>',
			'delete'   => '<a href="plugins.php?action=delete-selected">Delete</a>',
		);
		$held    = $screen->action_links( $actions, 'broken/broken.php' );
		$this->assertArrayNotHasKey( 'delete', $held );
		$this->assertArrayNotHasKey( 'activate', $held );
		$this->assertArrayHasKey( 'details', $held );
		$this->assertStringContainsString( 'off for you only', $held['triage_held'] );
		$this->assertSame( $actions, $screen->action_links( $actions, 'idle/idle.php' ), 'An inactive plugin keeps its links.' );

		ob_start();
		$screen->row_note( 'broken/broken.php', array( 'Name' => 'Broken <b>Thing</b>' ) );
		$note = (string) ob_get_clean();
		$this->assertStringContainsString( 'Off for you — active for visitors', $note );
		$this->assertStringContainsString( 'Broken Thing', $note );
		$this->assertStringContainsString( 'class="plugin-update-tr active triage-held-row"', $note );
		$this->assertStringContainsString( '#/safe-mode', $note );
		ob_start();
		$screen->row_note( 'idle/idle.php', array( 'Name' => 'Idle' ) );
		$this->assertSame( '', ob_get_clean() );

		ob_start();
		$screen->print_styles();
		$styles = (string) ob_get_clean();
		$this->assertStringContainsString( 'tr.inactive[data-plugin="broken/broken.php"]', $styles );
		$this->assertStringNotContainsString( 'idle', $styles );
	}

	public function test_bulk_actions_leave_held_plugins_out_and_a_single_activate_is_refused() {
		$this->session();
		set_current_screen( 'plugins' );
		$screen              = new Plugins_Screen();
		$_REQUEST['action']  = 'delete-selected';
		$_POST['checked']    = array( 'broken/broken.php', 'idle/idle.php', 'gamma.php' );
		$_REQUEST['checked'] = $_POST['checked'];
		$screen->drop_held_from_request();
		$this->assertSame( array( 'idle/idle.php' ), $_REQUEST['checked'] );
		$this->assertSame( array( 'idle/idle.php' ), $_POST['checked'] );

		$_REQUEST = array(
			'action' => 'activate',
			'plugin' => 'broken/broken.php',
		);
		$this->expectException( RuntimeException::class );
		$screen->drop_held_from_request();
	}

	public function test_deleting_a_held_plugin_is_refused_whatever_the_request() {
		$this->session();
		$screen = new Plugins_Screen();
		$screen->register();
		$this->assertNotFalse( has_action( 'pre_uninstall_plugin', array( $screen, 'refuse_delete' ) ), 'Refused before its uninstaller erases its data.' );
		$this->assertNotFalse( has_action( 'delete_plugin', array( $screen, 'refuse_delete' ) ) );
		$screen->refuse_delete( 'idle/idle.php' );
		$this->expectException( RuntimeException::class );
		$this->expectExceptionMessage( 'active for visitors' );
		$screen->refuse_delete( 'broken/broken.php' );
	}

	public function test_the_network_screen_marks_held_network_plugins() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only.' );
		}
		$this->session();
		set_current_screen( 'plugins-network' );
		$screen = new Plugins_Screen();
		$lists  = array(
			'all'      => array(
				'netwide/netwide.php' => array( 'Name' => 'Netwide' ),
				'netkept/netkept.php' => array( 'Name' => 'Netkept' ),
				'broken/broken.php'   => array( 'Name' => 'Broken' ),
			),
			'active'   => array( 'netkept/netkept.php' => array( 'Name' => 'Netkept' ) ),
			'inactive' => array(
				'netwide/netwide.php' => array( 'Name' => 'Netwide' ),
				'broken/broken.php'   => array( 'Name' => 'Broken' ),
			),
		);
		$fixed  = $screen->plugins_list( $lists );
		$this->assertSame( array( 'netkept/netkept.php', 'netwide/netwide.php' ), array_keys( $fixed['active'] ) );
		$this->assertSame( array( 'broken/broken.php' ), array_keys( $fixed['inactive'] ), 'A site plugin is not network-active: it stays inactive on the network screen.' );
		$links = $screen->action_links(
			array(
				'activate' => 'Network Activate',
				'delete'   => 'Delete',
			),
			'netwide/netwide.php'
		);
		$this->assertSame( array( 'triage_held' ), array_keys( $links ) );
		$this->assertStringContainsString( 'Network active', $links['triage_held'] );
	}
}
