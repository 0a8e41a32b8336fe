<?php
/**
 * The safe mode REST routes and the sessions service.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';
require_once dirname( __DIR__ ) . '/framework/class-triage-rest-testcase.php';

use Triage\Files\Atomic_Writer;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;

/**
 * Routes answer with the documented shape; sessions are per user and never write active_plugins.
 */
class Safe_Mode_Controller_Test extends Triage_REST_TestCase {

	/**
	 * Cookies "sent".
	 *
	 * @var array<int, array{0: string, 1: int}>
	 */
	private $sent = array();

	protected function set_up() {
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
		$this->sent = array();
	}

	protected function tear_down() {
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
	}

	/**
	 * Sessions with a loader "installed" in a temp folder and a recording cookie sender.
	 *
	 * @param bool $installed Whether the loader is installed.
	 * @return Safe_Mode_Sessions
	 */
	private function sessions( $installed = true ) {
		$mu        = sys_get_temp_dir() . '/triage-safe-ctl-' . uniqid( '', true );
		$installer = new Loader_Installer( new Atomic_Writer(), $mu, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', 'triage/plugin.php' );
		if ( $installed ) {
			mkdir( $mu );
			$installer->install();
			register_shutdown_function(
				static function () use ( $mu ) {
					if ( file_exists( $mu . '/triage-loader.php' ) ) {
						unlink( $mu . '/triage-loader.php' );
					}
					if ( is_dir( $mu ) ) {
						rmdir( $mu );
					}
				}
			);
		}
		return new Safe_Mode_Sessions(
			$installer,
			new Rescue_Links(),
			function ( $value, $expires ) {
				$this->sent[] = array( $value, $expires );
			}
		);
	}

	public function test_get_describes_no_session_and_the_loader() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/safe-mode' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertFalse( $data['active'] );
		$this->assertNull( $data['expires_at'] );
		$this->assertSame( WPMU_PLUGIN_DIR . '/triage-loader.php', $data['loader']['path'] );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/safe-mode' ), $data );
	}

	public function test_starting_without_the_loader_is_refused_with_instructions() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'POST', '/triage/v1/safe-mode', array( 'keep' => array() ) );
		$this->assert_error_response( 409, 'triage_loader_missing', $response );
		$this->assertStringContainsString( 'triage-loader.php', $response->get_data()['message'] );
	}

	public function test_unknown_parameters_and_inactive_plugins_are_refused() {
		$this->log_in_as_site_owner();
		$this->assert_error_response(
			400,
			'rest_invalid_param',
			$this->dispatch(
				'POST',
				'/triage/v1/safe-mode',
				array(
					'dry_run' => true,
					'path'    => '/etc',
				)
			)
		);
		$this->assert_error_response(
			400,
			'triage_safe_mode_unknown_plugin',
			$this->dispatch(
				'POST',
				'/triage/v1/safe-mode',
				array(
					'dry_run' => true,
					'keep'    => array( 'not/active.php' ),
				)
			)
		);
	}

	public function test_a_session_is_a_signed_cookie_for_this_user_only_and_never_writes_active_plugins() {
		update_option( 'active_plugins', array( 'hello.php' ) );
		$before   = get_option( 'active_plugins' );
		$owner    = $this->log_in_as_site_owner();
		$sessions = $this->sessions();
		$state    = $sessions->start( $owner, array(), true, 3600, false );
		$this->assertIsArray( $state );
		$this->assertTrue( $state['active'] );
		$this->assertTrue( $state['use_default_theme'] );
		$this->assertSame( 0, $state['kept'] );
		$this->assertSame( 1, $state['total'] );
		$this->assertEqualsWithDelta( time() + 3600, $state['expires_at'], 5 );
		$this->assertCount( 1, $this->sent );
		$cookie = Triage_Safe_Mode_Loader::decode( $this->sent[0][0], time() );
		$this->assertSame( $owner, $cookie['u'] );
		$this->assertSame( $before, get_option( 'active_plugins' ) );

		// Another admin in the same browser sees no session of theirs.
		$other = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$this->assertNull( $sessions->session_for( $other ) );
		$this->assertFalse( $sessions->state( $other )['active'] );

		// Toggle one plugin back on, then exit.
		$state = $sessions->toggle( $owner, 'hello.php', true, false );
		$this->assertSame( 1, $state['kept'] );
		$this->assertTrue( $state['plugins'][0]['kept'] );
		$state = $sessions->stop( $owner );
		$this->assertFalse( $state['active'] );
		$this->assertSame( array( '', 1 ), end( $this->sent ) );
	}

	public function test_the_admin_bar_shows_the_counts_only_to_the_session_user() {
		update_option( 'active_plugins', array( 'hello.php', 'other/other.php' ) );
		$owner    = $this->log_in_as_site_owner();
		$sessions = $this->sessions();
		$sessions->start( $owner, array( 'hello.php' ), false, 3600, false );
		$bar = new Triage\Safe_Mode\Admin_Bar(
			static function () use ( $sessions ) {
				return $sessions;
			},
			new Triage\Capabilities()
		);
		require_once ABSPATH . WPINC . '/class-wp-admin-bar.php';
		$admin_bar = new WP_Admin_Bar();
		$bar->add_node( $admin_bar );
		$node = $admin_bar->get_node( 'triage-safe-mode' );
		$this->assertNotNull( $node );
		$this->assertSame( 'Safe mode: 1 of 2 plugins', $node->title );
		$this->assertNotNull( $admin_bar->get_node( 'triage-safe-mode-exit' ) );
		$this->assertStringContainsString( 'action=triage_safe_mode_exit', $admin_bar->get_node( 'triage-safe-mode-exit' )->href );

		wp_set_current_user( self::factory()->user->create( array( 'role' => 'administrator' ) ) );
		$other_bar = new WP_Admin_Bar();
		$bar->add_node( $other_bar );
		$this->assertNull( $other_bar->get_node( 'triage-safe-mode' ) );
	}

	public function test_toggle_needs_a_session_unless_dry_run() {
		update_option( 'active_plugins', array( 'hello.php' ) );
		$owner    = $this->log_in_as_site_owner();
		$sessions = $this->sessions();
		$error    = $sessions->toggle( $owner, 'hello.php', false, false );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'triage_safe_mode_not_active', $error->get_error_code() );
		$this->assertTrue( $sessions->toggle( $owner, 'hello.php', false, true )['dry_run'] );
		$this->assertSame( array(), $this->sent );
	}

	public function test_dry_run_start_sends_no_cookie() {
		update_option( 'active_plugins', array( 'hello.php' ) );
		$owner = $this->log_in_as_site_owner();
		$state = $this->sessions( false )->start( $owner, array( 'hello.php' ), false, 3600, true );
		$this->assertTrue( $state['dry_run'] );
		$this->assertSame( 1, $state['kept'] );
		$this->assertSame( array(), $this->sent );
	}

	public function test_creating_a_rescue_link_shows_the_url_once() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'POST', '/triage/v1/safe-mode/rescue', array( 'expires_in' => 3600 ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertStringContainsString( 'wp-login.php?triage-rescue=', $data['rescue_url'] );
		$this->assertTrue( $data['rescue']['exists'] );
		$this->assertSame( 'no-store', $response->get_headers()['Cache-Control'] );
		$again = $this->dispatch( 'GET', '/triage/v1/safe-mode' )->get_data();
		$this->assertNull( $again['rescue_url'] );
		$this->assertTrue( $again['rescue']['exists'] );
		$this->dispatch( 'DELETE', '/triage/v1/safe-mode/rescue' );
		$this->assertFalse( $this->dispatch( 'GET', '/triage/v1/safe-mode' )->get_data()['rescue']['exists'] );
	}

	public function test_the_cookie_signs_the_site_safe_mode_capability_for_the_loader() {
		$owner    = $this->log_in_as_site_owner();
		$expected = is_multisite() ? 'manage_network_plugins' : 'activate_plugins';
		$this->sessions()->start( $owner, array(), false, 3600, false );
		$this->assertSame( $expected, Triage_Safe_Mode_Loader::decode( $this->sent[0][0], time() )['c'] );

		// Narrowed by the filter: the next cookie names the new capability, and the loader holds the owner to it.
		add_filter(
			'triage_safe_mode_capability',
			static function () {
				return 'triage_safe_mode_operator';
			}
		);
		$this->sessions()->start( $owner, array(), false, 3600, false );
		$session = Triage_Safe_Mode_Loader::decode( $this->sent[1][0], time() );
		$this->assertSame( 'triage_safe_mode_operator', $session['c'] );
		$loader = new Triage_Safe_Mode_Loader( $session );
		$this->assertSame( array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), $loader->on_active_plugins( array( 'hello.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ) ), 'Before the user check the session filters.' );
		if ( is_multisite() ) {
			// Super admins hold every capability; a site admin activates plugins when the network allows it.
			revoke_super_admin( $owner );
			update_site_option( 'menu_items', array( 'plugins' => '1' ) );
		}
		$this->assertTrue( user_can( $owner, 'activate_plugins' ), 'The old hard-coded check would have kept the session.' );
		$loader->verify_user();
		$this->assertSame( array( 'hello.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), $loader->on_active_plugins( array( 'hello.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ) ), 'The owner lacks the narrowed capability: the session is ignored.' );
	}

	public function test_the_capability_is_filterable() {
		$this->log_in_as( 'editor' );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/safe-mode' ) );
		add_filter(
			'triage_safe_mode_capability',
			static function () {
				return 'edit_posts';
			}
		);
		$this->assertSame( 200, $this->dispatch( 'GET', '/triage/v1/safe-mode' )->get_status() );
	}
}
