<?php
/**
 * The rescue link: only its creator benefits, a prefetch does not spend it, and nobody can lock it out.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';

use Triage\Safe_Mode\Rescue_Links;

/**
 * Security review findings 2 (a rescue session turned off login protection for every account) and 3 (a
 * global failure counter let anyone keep the genuine link unusable).
 */
class Rescue_Hardening_Test extends Safe_Mode_Test_Case {

	const SITE_PLUGINS = array( 'alpha/alpha.php', 'beta/beta.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME );

	/**
	 * The page WordPress is serving, restored after each test.
	 *
	 * @var mixed
	 */
	private $pagenow;

	protected function set_up() {
		parent::set_up();
		$this->pagenow = isset( $GLOBALS['pagenow'] ) ? $GLOBALS['pagenow'] : null;
	}

	protected function tear_down() {
		$GLOBALS['pagenow'] = $this->pagenow;
		parent::tear_down();
	}

	/**
	 * An administrator (a super admin on multisite) with a known password.
	 *
	 * @param string $login Login.
	 * @return int
	 */
	private function admin( $login ) {
		$id = self::factory()->user->create(
			array(
				'role'       => 'administrator',
				'user_login' => $login,
				'user_pass'  => 'correct horse battery staple',
			)
		);
		if ( is_multisite() ) {
			grant_super_admin( $id );
		}
		return $id;
	}

	/**
	 * The token of a new link.
	 *
	 * @param int $user_id    Creator.
	 * @param int $expires_in Seconds.
	 * @return string
	 */
	private function token_for( $user_id, $expires_in = 3600 ) {
		$link = ( new Rescue_Links() )->create( $user_id, $expires_in, false );
		return substr( $link['url'], -64 );
	}

	/**
	 * A hooked rescue session for a user, as the loader starts it on wp-login.php, logged out.
	 *
	 * @param int $user_id Creator.
	 * @return Triage_Safe_Mode_Loader
	 */
	private function rescue_session_for( $user_id ) {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$session = Triage_Safe_Mode_Loader::consume_rescue( $this->token_for( $user_id ), time() );
		$this->assertNotNull( $session );
		$loader = new Triage_Safe_Mode_Loader( $session );
		$loader->hook();
		$GLOBALS['pagenow'] = 'wp-login.php';
		wp_set_current_user( 0 );
		return $loader;
	}

	public function test_during_a_rescue_session_only_the_creator_may_log_in() {
		$creator = $this->admin( 'rescuer' );
		$this->admin( 'someone-else' );
		$this->rescue_session_for( $creator );

		$other = wp_authenticate( 'someone-else', 'correct horse battery staple' );
		$this->assertInstanceOf( WP_Error::class, $other, 'Another account\'s password alone must not get in while login protection is off.' );
		$this->assertSame( 'triage_rescue_other_user', $other->get_error_code() );

		$own = wp_authenticate( 'rescuer', 'correct horse battery staple' );
		$this->assertInstanceOf( WP_User::class, $own );
		$this->assertSame( $creator, $own->ID );
	}

	public function test_a_rescue_session_ends_when_its_creator_may_no_longer_use_safe_mode() {
		$creator = $this->admin( 'demoted' );
		$loader  = $this->rescue_session_for( $creator );
		if ( is_multisite() ) {
			revoke_super_admin( $creator );
		}
		( new WP_User( $creator ) )->set_role( 'subscriber' );
		$loader->verify_user();
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ), 'The session is ignored: every plugin (login protection too) loads again.' );
	}

	public function test_a_rescue_session_ends_when_its_creator_was_deleted() {
		$creator = $this->admin( 'gone' );
		$loader  = $this->rescue_session_for( $creator );
		require_once ABSPATH . 'wp-admin/includes/user.php';
		if ( is_multisite() ) {
			require_once ABSPATH . 'wp-admin/includes/ms.php';
			revoke_super_admin( $creator );
			wpmu_delete_user( $creator );
		} else {
			wp_delete_user( $creator );
		}
		$loader->verify_user();
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ) );
	}

	public function test_the_creator_keeps_the_rescue_session_on_the_login_screen() {
		$creator = $this->admin( 'keeper' );
		$loader  = $this->rescue_session_for( $creator );
		$loader->verify_user();
		$this->assertSame( array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
	}

	/**
	 * An administrator of this site only (not a super admin on multisite), who may activate plugins there
	 * because the network lets site admins use the Plugins screen.
	 *
	 * @param string $login Login.
	 * @return int
	 */
	private function site_admin( $login ) {
		if ( is_multisite() ) {
			update_site_option( 'menu_items', array( 'plugins' => '1' ) );
		}
		$id = self::factory()->user->create(
			array(
				'role'       => 'administrator',
				'user_login' => $login,
				'user_pass'  => 'correct horse battery staple',
			)
		);
		$this->assertTrue( user_can( $id, 'activate_plugins' ), 'The old hard-coded check would have let this user keep the session.' );
		return $id;
	}

	public function test_a_creator_the_filter_narrowed_out_loses_the_rescue_link() {
		add_filter(
			'triage_safe_mode_capability',
			static function () {
				return 'triage_rescue_operator';
			}
		);
		$creator = $this->site_admin( 'narrowed' );
		$loader  = $this->rescue_session_for( $creator );
		$this->assertSame( 'triage_rescue_operator', $loader->session()['c'], 'The link stored the filtered capability.' );
		$this->assertInstanceOf( WP_Error::class, wp_authenticate( 'narrowed', 'correct horse battery staple' ), 'The creator may not log in through it.' );
		$loader->verify_user();
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ), 'The creator lacks the filtered capability: the session is ignored.' );
	}

	public function test_a_creator_who_holds_the_filtered_capability_keeps_the_rescue_link() {
		add_filter(
			'triage_safe_mode_capability',
			static function () {
				return 'triage_rescue_operator';
			}
		);
		$creator = $this->site_admin( 'operator' );
		( new WP_User( $creator ) )->add_cap( 'triage_rescue_operator' );
		$loader = $this->rescue_session_for( $creator );
		$loader->verify_user();
		$this->assertSame( array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
	}

	public function test_on_multisite_a_site_admin_without_manage_network_plugins_cannot_keep_one() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only.' );
		}
		$creator = $this->site_admin( 'site-admin' );
		$this->assertFalse( user_can( $creator, 'manage_network_plugins' ) );
		$loader = $this->rescue_session_for( $creator );
		$loader->verify_user();
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ), 'Safe mode is a network capability on multisite.' );
	}

	public function test_a_record_from_an_older_loader_asks_for_activate_plugins() {
		$creator = $this->site_admin( 'legacy' );
		$token   = $this->token_for( $creator );
		$stored  = get_option( Triage_Safe_Mode_Loader::RESCUE_OPTION );
		unset( $stored['c'] );
		update_option( Triage_Safe_Mode_Loader::RESCUE_OPTION, $stored, false );
		$session = Triage_Safe_Mode_Loader::consume_rescue( $token, time() );
		$this->assertSame( 'activate_plugins', $session['c'] );
		$this->assertSame( 'activate_plugins', Triage_Safe_Mode_Loader::normalize( array( 'u' => 1 ) )['c'], 'An old cookie too.' );
	}

	public function test_links_live_seven_days_at_most() {
		$user = $this->admin( 'long-lived' );
		$link = ( new Rescue_Links() )->create( $user, 30 * DAY_IN_SECONDS, false );
		$this->assertLessThanOrEqual( time() + 7 * DAY_IN_SECONDS, $link['expires_at'] );

		// A link stored with a longer life (before this limit existed) is refused.
		$token  = $this->token_for( $user );
		$stored = get_option( Triage_Safe_Mode_Loader::RESCUE_OPTION );
		update_option( Triage_Safe_Mode_Loader::RESCUE_OPTION, array( 'expires' => time() + 30 * DAY_IN_SECONDS ) + $stored, false );
		$this->assertNull( Triage_Safe_Mode_Loader::consume_rescue( $token, time() ) );
	}

	/**
	 * @dataProvider prefetch_methods
	 *
	 * @param string $method HTTP method a mail scanner or link preview uses.
	 */
	public function test_opening_the_link_asks_for_a_click_and_does_not_spend_it( $method ) {
		$user  = $this->admin( 'clicker-' . strtolower( $method ) );
		$token = $this->token_for( $user );
		$this->assertSame( 'confirm', Triage_Safe_Mode_Loader::rescue_step( $method, $token, time() ) );
		$this->assertTrue( ( new Rescue_Links() )->status()['exists'], 'Still usable after being opened.' );

		$session = Triage_Safe_Mode_Loader::rescue_step( 'POST', $token, time() );
		$this->assertIsArray( $session );
		$this->assertSame( $user, $session['u'] );
		$this->assertNull( Triage_Safe_Mode_Loader::rescue_step( 'POST', $token, time() ), 'Spent by the click.' );
		$this->assertNull( Triage_Safe_Mode_Loader::rescue_step( $method, $token, time() ), 'A spent link shows no confirmation.' );
	}

	/**
	 * Methods that must never spend a link.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function prefetch_methods() {
		return array(
			'GET'  => array( 'GET' ),
			'HEAD' => array( 'HEAD' ),
		);
	}

	public function test_the_confirmation_page_posts_back_to_the_link_and_cannot_be_framed_or_cached() {
		$url  = site_url( 'wp-login.php?triage-rescue=' . str_repeat( 'ab', 32 ) );
		$html = Triage_Safe_Mode_Loader::confirm_page( $url );
		$this->assertMatchesRegularExpression( '/<form method="post" action="' . preg_quote( esc_url( $url ), '/' ) . '">/', $html );
		$this->assertStringContainsString( '<button type="submit"', $html );
		$this->assertStringNotContainsString( '<script', $html );
		$headers = Triage_Safe_Mode_Loader::confirm_headers();
		$this->assertContains( 'Cache-Control: no-store', $headers );
		$this->assertContains( 'X-Frame-Options: DENY', $headers );
		$this->assertContains( 'Referrer-Policy: no-referrer', $headers );
	}

	public function test_failed_attempts_never_block_the_genuine_link() {
		$token = $this->token_for( $this->admin( 'patient' ) );
		for ( $i = 0; $i < 100; $i++ ) {
			$this->assertNull( Triage_Safe_Mode_Loader::consume_rescue( bin2hex( random_bytes( 32 ) ), time() ) );
		}
		$this->assertNotNull( Triage_Safe_Mode_Loader::consume_rescue( $token, time() ), 'The genuine token still works.' );
	}

	public function test_a_wrong_token_writes_nothing() {
		$this->token_for( $this->admin( 'quiet' ) );
		global $wpdb;
		$before = $wpdb->num_queries;
		$writes = array();
		$watch  = static function ( $query ) use ( &$writes ) {
			if ( preg_match( '/^\s*(INSERT|UPDATE|DELETE|REPLACE)/i', $query ) ) {
				$writes[] = $query;
			}
			return $query;
		};
		add_filter( 'query', $watch );
		for ( $i = 0; $i < 5; $i++ ) {
			Triage_Safe_Mode_Loader::consume_rescue( str_repeat( 'f', 64 ), time() );
			Triage_Safe_Mode_Loader::rescue_step( 'GET', str_repeat( 'e', 64 ), time() );
		}
		remove_filter( 'query', $watch );
		$this->assertSame( array(), $writes, 'A visitor with a wrong token causes no database write.' );
		$this->assertGreaterThanOrEqual( $before, $wpdb->num_queries );
	}
}
