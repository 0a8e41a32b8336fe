<?php
/**
 * Bisection sessions, with probes answered as the must-use loader would.
 *
 * @package Triage
 */

use Triage\Bisect\Bisect_Sessions;

require_once __DIR__ . '/Bisect_Test_Case.php';

/**
 * Sessions: probes and their verdicts, guided steps, undo, expiry, ownership and refused starts.
 */
class Bisect_Sessions_Test extends Bisect_Test_Case {

	public function test_a_probe_carries_a_signed_single_use_override_and_records_the_verdict() {
		$owner   = $this->log_in_as_site_owner();
		$bisect  = $this->bisect();
		$session = $bisect->start( $owner, $this->auto_input() );
		$failing = $bisect->probe( $owner, array( 'bad/bad.php' ), 0 );
		$passing = $bisect->probe( $owner, array( 'alpha/alpha.php' ), 1 );

		$this->assertSame( 'fail', $failing['observation']['verdict'] );
		$this->assertSame( array( 'status' ), $failing['observation']['probe']['failed'] );
		$this->assertSame( 500, $failing['observation']['probe']['status'] );
		$this->assertTrue( $failing['observation']['probe']['accepted'] );
		$this->assertSame( 'pass', $passing['observation']['verdict'] );
		$this->assertCount( 2, $passing['session']['observations'] );

		$this->assertSame( array( 'keep/keep.php', 'bad/bad.php' ), $this->loads[0]['k'], 'Must-keep plugins load in every probe.' );
		$this->assertSame( $owner, $this->loads[0]['u'] );
		$this->assertSame( 1, $this->loads[0]['a'], 'The symptom is checked logged out.' );
		$this->assertSame( is_multisite() ? 'manage_network_plugins' : 'activate_plugins', $this->loads[0]['c'], 'The probe names the safe mode capability its owner must hold.' );
		$this->assertSame( 0, $this->requests[0]['args']['redirection'] );
		$this->assertStringStartsWith( 'http://example.org/shop/?triage-probe=', $this->requests[0]['url'] );
		$this->assertSame( array(), $this->requests[0]['args']['cookies'] );

		global $wpdb;
		$left = $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM $wpdb->options WHERE option_name LIKE %s", $wpdb->esc_like( Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX ) . '%' ) );
		$this->assertSame( '0', $left, 'No nonce is left behind.' );
		$this->assertIsArray( $session );
	}

	public function test_an_answer_that_ignored_the_override_is_refused_not_recorded() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start( $owner, $this->auto_input() );
		remove_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10 );
		$cached = static function () {
			return array(
				'headers'  => array(),
				'body'     => 'cached page',
				'response' => array( 'code' => 200 ),
				'cookies'  => array(),
				'filename' => null,
			);
		};
		add_filter( 'pre_http_request', $cached );
		$result = $bisect->probe( $owner, array( 'bad/bad.php' ), 0 );
		remove_filter( 'pre_http_request', $cached );
		$this->assertSame( 'triage_bisect_probe_ignored', $result->get_error_code() );
		$this->assertSame( array(), $bisect->get( $owner )['observations'] );
	}

	public function test_a_probe_that_another_tab_overtook_is_not_recorded() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start( $owner, $this->auto_input() );
		$meddle = static function ( $pre ) use ( $owner ) {
			$key                       = Bisect_Sessions::META_PREFIX . get_current_blog_id();
			$session                   = get_user_meta( $owner, $key, true );
			$session['observations'][] = array(
				'set'     => array(),
				'verdict' => 'pass',
				'source'  => 'probe',
				'at'      => time(),
				'probe'   => null,
			);
			update_user_meta( $owner, $key, $session );
			return $pre;
		};
		add_filter( 'pre_http_request', $meddle, 5 );
		$result = $bisect->probe( $owner, array( 'bad/bad.php' ), 0 );
		remove_filter( 'pre_http_request', $meddle, 5 );
		$this->assertSame( 'triage_bisect_moved_on', $result->get_error_code() );
		$this->assertCount( 1, $bisect->get( $owner )['observations'], 'Only the other tab’s observation.' );
		$this->assertSame( 'triage_bisect_moved_on', $bisect->undo( $owner, 0 )->get_error_code() );
	}

	public function test_a_damaged_session_is_dropped() {
		$owner = $this->log_in_as_site_owner();
		update_user_meta(
			$owner,
			Bisect_Sessions::META_PREFIX . get_current_blog_id(),
			array(
				'id'           => 'x',
				'expires_at'   => time() + 60,
				'mode'         => 'auto',
				'observations' => 'not a list',
			)
		);
		$this->assertNull( $this->bisect()->get( $owner ) );
		$this->assertSame( '', get_user_meta( $owner, Bisect_Sessions::META_PREFIX . get_current_blog_id(), true ) );
	}

	public function test_no_answer_is_a_failure() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start( $owner, $this->auto_input() );
		remove_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10 );
		$timeout = static function () {
			return new WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out after 4001 milliseconds' );
		};
		add_filter( 'pre_http_request', $timeout );
		$result = $bisect->probe( $owner, array(), 0 );
		remove_filter( 'pre_http_request', $timeout );
		$this->assertSame( 'fail', $result['observation']['verdict'] );
		$this->assertTrue( $result['observation']['probe']['timed_out'] );
		$this->assertSame( array( 'no-answer' ), $result['observation']['probe']['failed'] );
	}

	public function test_a_probe_never_puts_a_time_limit_on_a_process_that_has_none() {
		// WP-CLI and test runs have no limit: a probe's 45 s would end them later, in the middle of other work.
		$this->assertSame( '0', ini_get( 'max_execution_time' ) );
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start( $owner, $this->auto_input() );
		$bisect->probe( $owner, array( 'bad/bad.php' ), 0 );
		$this->assertSame( '0', ini_get( 'max_execution_time' ) );
	}

	public function test_a_logged_in_symptom_sends_fresh_login_cookies_but_not_the_safe_mode_cookie() {
		$owner                                      = $this->log_in_as_site_owner();
		$_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] = 'anything';
		$bisect                                     = $this->bisect();
		$bisect->start( $owner, $this->auto_input( array( 'logged_in' => true ) ) );
		$bisect->probe( $owner, array(), 0 );
		$cookies = $this->requests[0]['args']['cookies'];
		$this->assertEqualsCanonicalizing( array( LOGGED_IN_COOKIE, AUTH_COOKIE ), array_keys( $cookies ) );
		$this->assertSame( $owner, wp_validate_auth_cookie( $cookies[ AUTH_COOKIE ], 'auth' ) );
		$this->assertSame( $owner, wp_validate_auth_cookie( $cookies[ LOGGED_IN_COOKIE ], 'logged_in' ) );
		$this->assertSame( 0, $this->loads[0]['a'] );
	}

	public function test_another_tab_that_moved_on_is_refused_and_sets_must_be_candidates() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start( $owner, $this->auto_input() );
		$this->assertSame( 'triage_bisect_moved_on', $bisect->probe( $owner, array(), 3 )->get_error_code() );
		$this->assertSame( 'triage_bisect_unknown_candidate', $bisect->probe( $owner, array( 'keep/keep.php' ), 0 )->get_error_code() );
		$this->assertSame( 'triage_bisect_wrong_mode', $bisect->step( $owner, array(), 0 )->get_error_code() );
		$this->assertCount( 0, $this->requests );
	}

	public function test_guided_mode_puts_my_safe_mode_on_each_set_and_undo_drops_the_last_answer() {
		$owner   = $this->log_in_as_site_owner();
		$bisect  = $this->bisect();
		$session = $bisect->start(
			$owner,
			array(
				'mode'      => 'guided',
				'check_url' => '/contact/',
			)
		);
		$this->assertSame( 'http://example.org/contact/', $session['check_url'] );
		$this->assertSame( 'triage_bisect_nothing_pending', $bisect->answer( $owner, 'fail', 0 )->get_error_code() );
		$session = $bisect->step( $owner, array( 'alpha/alpha.php' ), 0 );
		$this->assertSame( array( 'alpha/alpha.php' ), $session['pending'] );
		$cookie = Triage_Safe_Mode_Loader::decode( end( $this->sent )[0], time() );
		$this->assertSame( array( 'alpha/alpha.php' ), $cookie['k'] );
		$this->assertSame( array(), $cookie['m'], 'Triage’s own screens load only the must-keep plugins (none here).' );
		$session = $bisect->answer( $owner, 'fail', 0 );
		$this->assertSame( 'fail', $session['observations'][0]['verdict'] );
		$this->assertSame( 'admin', $session['observations'][0]['source'] );
		$this->assertNull( $session['pending'] );
		$session = $bisect->undo( $owner, 1 );
		$this->assertSame( array(), $session['observations'] );
		$this->assertSame( 'triage_bisect_nothing_to_undo', $bisect->undo( $owner, 0 )->get_error_code() );
		$bisect->end( $owner );
		$this->assertNull( $bisect->get( $owner ) );
		$this->assertSame( 1, end( $this->sent )[1], 'Ending a guided bisection ends the safe mode session it drove.' );
	}

	public function test_a_session_expires_when_idle() {
		$owner                 = $this->log_in_as_site_owner();
		$bisect                = $this->bisect();
		$session               = $bisect->start( $owner, $this->auto_input() );
		$session['expires_at'] = time() - 1;
		update_user_meta( $owner, Bisect_Sessions::META_PREFIX . get_current_blog_id(), $session );
		$this->assertNull( $bisect->get( $owner ) );
		$this->assertSame( '', get_user_meta( $owner, Bisect_Sessions::META_PREFIX . get_current_blog_id(), true ) );
	}

	public function test_sessions_belong_to_one_user() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start( $owner, $this->auto_input() );
		$other = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$this->assertNull( $bisect->get( $other ) );
		$this->assertSame( 'triage_bisect_no_session', $bisect->probe( $other, array(), 0 )->get_error_code() );
	}

	public function test_bad_starts_are_refused() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$this->assertSame( 'triage_bisect_foreign_url', $bisect->start( $owner, $this->auto_input( array( 'url' => 'http://evil.example/' ) ) )->get_error_code() );
		$this->assertSame( 'triage_bisect_unknown_candidate', $bisect->start( $owner, array( 'candidates' => array( 'not/active.php' ) ) + $this->auto_input() )->get_error_code() );
		$kept = $bisect->start(
			$owner,
			array(
				'must_keep' => array( 'keep/keep.php' ),
			) + $this->auto_input()
		);
		$this->assertNotContains( 'keep/keep.php', $kept['candidates'] );
		$this->assertSame(
			'triage_bisect_no_candidates',
			$bisect->start(
				$owner,
				array(
					'candidates' => array( 'keep/keep.php' ),
					'must_keep'  => array( 'keep/keep.php' ),
				) + $this->auto_input()
			)->get_error_code()
		);
		$this->assertSame( 'triage_loader_missing', $this->bisect( false )->start( $owner, $this->auto_input() )->get_error_code() );
	}
}
