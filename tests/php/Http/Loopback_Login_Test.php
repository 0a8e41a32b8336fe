<?php
/**
 * Login cookies for loopback requests.
 *
 * @package Triage
 */

use Triage\Health\Loopback_Prober;
use Triage\Health\Probe_Token;
use Triage\Http\Loopback_Login;

/**
 * Minted on the current session, valid for wp-admin, none for visitors.
 */
class Loopback_Login_Test extends WP_UnitTestCase {

	public function test_a_visitor_gets_no_cookies() {
		wp_set_current_user( 0 );
		$this->assertSame( array(), Loopback_Login::cookies_for( 'http://example.org/wp-admin/' ) );
	}

	public function test_the_cookies_log_the_current_user_into_wp_admin() {
		$admin = self::factory()->user->create( array( 'role' => 'administrator' ) );
		wp_set_current_user( $admin );
		$cookies = Loopback_Login::cookies_for( 'http://example.org/wp-admin/' );
		$this->assertSame( $admin, wp_validate_auth_cookie( $cookies[ AUTH_COOKIE ], 'auth' ) );
		$this->assertSame( $admin, wp_validate_auth_cookie( $cookies[ LOGGED_IN_COOKIE ], 'logged_in' ) );
		$secure = Loopback_Login::cookies_for( 'https://example.org/wp-admin/' );
		$this->assertSame( $admin, wp_validate_auth_cookie( $secure[ SECURE_AUTH_COOKIE ], 'secure_auth' ) );
	}

	public function test_the_health_checks_dashboard_probe_runs_logged_in() {
		$admin = self::factory()->user->create( array( 'role' => 'administrator' ) );
		wp_set_current_user( $admin );
		$targets = ( new Loopback_Prober( new Probe_Token() ) )->targets();
		$this->assertSame( $admin, wp_validate_auth_cookie( $targets['admin']['cookies'][ AUTH_COOKIE ], 'auth' ), 'The browser never sends its wp-admin cookie to the REST API: it is minted.' );
		$this->assertSame( array(), $targets['front']['cookies'] );
	}
}
