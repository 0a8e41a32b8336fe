<?php
/**
 * The must-use loader's single-request override for bisection probes.
 *
 * @package Triage
 */

require_once dirname( __DIR__ ) . '/Safe_Mode/Safe_Mode_Test_Case.php';

/**
 * Forged, tampered, replayed, expired and other-user overrides are ignored.
 */
class Probe_Override_Test extends Safe_Mode_Test_Case {

	const SITE_PLUGINS = array( 'alpha/alpha.php', 'beta/beta.php', 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME );

	/**
	 * A signed override with a stored nonce.
	 *
	 * @param int   $user_id User.
	 * @param array $fields  Fields to change (k, t, a, e).
	 * @param bool  $store   Store the nonce as the site does.
	 * @return array{0: string, 1: string} Header value and nonce.
	 */
	private function override_for( $user_id, array $fields = array(), $store = true ) {
		$nonce = bin2hex( random_bytes( 16 ) );
		$probe = $fields + array(
			'u' => $user_id,
			'e' => time() + 60,
			'n' => $nonce,
		);
		if ( $store ) {
			add_option(
				Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX . $nonce,
				array(
					'u' => $user_id,
					'e' => time() + 60,
					'k' => array( 'alpha/alpha.php' ),
					't' => 1,
					'a' => 0,
				),
				'',
				'no'
			);
		}
		return array( Triage_Safe_Mode_Loader::sign_probe( $probe ), $nonce );
	}

	public function test_a_signed_override_verifies_and_its_nonce_works_once() {
		list( $header, $nonce ) = $this->override_for( 3 );
		$probe                  = Triage_Safe_Mode_Loader::verify_probe( $header, time() );
		$this->assertSame( $nonce, $probe['n'] );
		$this->assertLessThan( 200, strlen( $header ), 'The header names the probe; the plugin set stays on the server.' );
		$this->assertSame(
			array(
				'k' => array( 'alpha/alpha.php' ),
				't' => 1,
				'a' => 0,
				// A record without c (stored before the loader kept one) asks for the old default.
				'c' => Triage_Safe_Mode_Loader::CAPABILITY,
			),
			Triage_Safe_Mode_Loader::consume_probe( $probe, time() )
		);
		$this->assertNull( Triage_Safe_Mode_Loader::consume_probe( $probe, time() ), 'Replayed.' );
	}

	public function test_forged_tampered_expired_and_malformed_overrides_are_refused() {
		list( $header )        = $this->override_for( 3 );
		list( $payload, $mac ) = explode( '.', $header );
		$data                  = json_decode( base64_decode( strtr( $payload, '-_', '+/' ) ), true );
		$data['k'][]           = 'beta/beta.php';
		$tampered              = rtrim( strtr( base64_encode( wp_json_encode( $data ) ), '+/', '-_' ), '=' ) . '.' . $mac;
		list( $expired )       = $this->override_for( 3, array( 'e' => time() - 1 ) );
		list( $too_long )      = $this->override_for( 3, array( 'e' => time() + Triage_Safe_Mode_Loader::PROBE_MAX_TTL + 60 ) );
		list( $bad_nonce )     = $this->override_for( 3, array( 'n' => 'not-hex' ) );
		$cookie_signed         = $payload . '.' . hash_hmac( 'sha256', $payload, Triage_Safe_Mode_Loader::key() );
		$cases                 = array(
			'forged'                               => $payload . '.' . str_repeat( 'a', 64 ),
			'tampered'                             => $tampered,
			'expired'                              => $expired,
			'lives too long'                       => $too_long,
			'bad nonce'                            => $bad_nonce,
			'signed with the safe mode cookie key' => $cookie_signed,
			'empty'                                => '',
			'no dot'                               => 'abc',
			'two dots'                             => 'a.b.c',
			'huge'                                 => str_repeat( 'a', 20000 ) . '.b',
		);
		foreach ( $cases as $name => $value ) {
			$this->assertNull( Triage_Safe_Mode_Loader::verify_probe( $value, time() ), $name );
			$this->assertFalse( Triage_Safe_Mode_Loader::boot_probe( $value ), $name );
		}
	}

	public function test_a_nonce_the_site_never_stored_or_stored_for_another_user_is_refused() {
		list( $header ) = $this->override_for( 3, array(), false );
		$this->assertNull( Triage_Safe_Mode_Loader::consume_probe( Triage_Safe_Mode_Loader::verify_probe( $header, time() ), time() ), 'Never stored.' );

		$nonce = bin2hex( random_bytes( 16 ) );
		add_option(
			Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX . $nonce,
			array(
				'u' => 4,
				'e' => time() + 60,
				'k' => array(),
			)
		);
		$probe = Triage_Safe_Mode_Loader::verify_probe(
			Triage_Safe_Mode_Loader::sign_probe(
				array(
					'u' => 3,
					'e' => time() + 60,
					'n' => $nonce,
				)
			),
			time()
		);
		$this->assertNull( Triage_Safe_Mode_Loader::consume_probe( $probe, time() ), 'Stored for user 4, signed for user 3.' );
		$this->assertNotFalse( get_option( Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX . $nonce ), 'A refused attempt does not spend another user’s nonce.' );
	}

	public function test_a_replayed_header_has_no_effect() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		list( $header ) = $this->override_for( 3 );
		$this->assertFalse( has_filter( 'pre_wp_mail', '__return_false' ) );
		$this->assertTrue( Triage_Safe_Mode_Loader::boot_probe( $header ) );
		restore_error_handler(); // The probe's own, chained to PHPUnit's.
		$this->assertNotFalse( has_filter( 'pre_wp_mail', '__return_false' ), 'A probe sends no mail.' );
		$this->assertSame( array( 'alpha/alpha.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
		Triage_Safe_Mode_Loader::current()->ignore();
		remove_all_filters( 'option_active_plugins' );
		remove_filter( 'pre_wp_mail', '__return_false', PHP_INT_MAX );
		$this->assertFalse( Triage_Safe_Mode_Loader::boot_probe( $header ), 'The nonce is spent.' );
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ) );
	}

	public function test_the_override_loads_exactly_the_set() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$loader = new Triage_Safe_Mode_Loader(
			Triage_Safe_Mode_Loader::normalize(
				array(
					'u' => 3,
					'e' => time() + 60,
					'k' => array( 'beta/beta.php', 'gamma.php' ),
				)
			),
			array(
				'n' => str_repeat( 'a', 32 ),
				'a' => 0,
			)
		);
		$loader->hook();
		$this->assertSame( array( 'beta/beta.php', 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
	}

	public function test_an_override_carried_by_another_user_is_ignored() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$owner    = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$intruder = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$loader   = new Triage_Safe_Mode_Loader(
			Triage_Safe_Mode_Loader::normalize(
				array(
					'u' => $owner,
					'e' => time() + 60,
					'k' => array(),
				)
			),
			array(
				'n' => str_repeat( 'b', 32 ),
				'a' => 0,
			)
		);
		$loader->hook();
		wp_set_current_user( $intruder );
		$loader->verify_user();
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ), 'Another admin’s request loads every plugin.' );
	}

	public function test_who_may_use_a_probe() {
		$session   = Triage_Safe_Mode_Loader::normalize(
			array(
				'u' => 5,
				'e' => time() + 60,
				'k' => array(),
			)
		);
		$logged_in = new Triage_Safe_Mode_Loader(
			$session,
			array(
				'n' => str_repeat( 'c', 32 ),
				'a' => 0,
			)
		);
		$anonymous = new Triage_Safe_Mode_Loader(
			$session,
			array(
				'n' => str_repeat( 'd', 32 ),
				'a' => 1,
			)
		);
		$this->assertTrue( $logged_in->user_matches( 5, true, 'index.php' ) );
		$this->assertFalse( $logged_in->user_matches( 6, true, 'index.php' ), 'Another admin.' );
		$this->assertFalse( $logged_in->user_matches( 5, false, 'index.php' ), 'Lost the capability.' );
		$this->assertFalse( $logged_in->user_matches( 0, true, 'index.php' ), 'Asked for logged in, arrived logged out.' );
		$this->assertTrue( $anonymous->user_matches( 0, true, 'index.php' ), 'A logged-out probe of an owner who still may.' );
		$this->assertFalse( $anonymous->user_matches( 0, false, 'index.php' ), 'The owner lost the capability.' );
		$this->assertFalse( $anonymous->user_matches( 6, true, 'index.php' ), 'Another admin.' );
	}

	public function test_the_probe_key_differs_from_the_cookie_key_and_from_the_salts() {
		$this->assertNotSame( Triage_Safe_Mode_Loader::key(), Triage_Safe_Mode_Loader::probe_key() );
		$this->assertNotSame( AUTH_SALT, Triage_Safe_Mode_Loader::probe_key() );
		$this->assertSame( 64, strlen( Triage_Safe_Mode_Loader::probe_key() ) );
	}

	public function test_the_report_says_what_happened_inside_the_probe() {
		$nonce  = str_repeat( 'e', 32 );
		$loader = new Triage_Safe_Mode_Loader(
			Triage_Safe_Mode_Loader::normalize(
				array(
					'u' => 5,
					'e' => time() + 60,
					'k' => array(),
				)
			),
			array(
				'n' => $nonce,
				'a' => 0,
			)
		);
		$loader->report_probe();
		$report = get_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );
		$this->assertIsArray( $report );
		$this->assertGreaterThan( 1048576, $report['peak_memory'] );
		$this->assertFalse( $report['ignored'] );
	}

	/**
	 * A loader serving a probe.
	 *
	 * @param string $nonce Nonce.
	 * @return Triage_Safe_Mode_Loader
	 */
	private function probe_loader( $nonce ) {
		return new Triage_Safe_Mode_Loader(
			Triage_Safe_Mode_Loader::normalize(
				array(
					'u' => 5,
					'e' => time() + 60,
					'k' => array(),
				)
			),
			array(
				'n' => $nonce,
				'a' => 0,
			)
		);
	}

	public function test_the_probe_records_its_own_errors_and_hands_them_on() {
		$loader = $this->probe_loader( str_repeat( 'a', 32 ) );
		$passed = array();
		// Whatever handled errors before (a plugin, or PHPUnit) still gets every one.
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- the handler before the probe's.
			static function ( $type, $message ) use ( &$passed ) {
				$passed[] = $message;
				return true;
			}
		);
		$loader->collect_errors();
		trigger_error( 'own notice', E_USER_NOTICE ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_trigger_error -- the probe's own error.
		trigger_error( 'own deprecation', E_USER_DEPRECATED ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_trigger_error -- the probe's own error.
		@trigger_error( 'silenced', E_USER_WARNING ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.PHP.DevelopmentFunctions.error_log_trigger_error -- silenced errors are not logged, so not evidence.
		restore_error_handler();
		restore_error_handler();

		$this->assertSame( array( 'own notice', 'own deprecation', 'silenced' ), $passed );
		$this->assertSame( array( 'notice', 'deprecated' ), wp_list_pluck( $loader->errors(), 'level' ) );
		$this->assertSame( __FILE__, $loader->errors()[0]['file'] );
		$this->assertSame( 'fatal', Triage_Safe_Mode_Loader::error_level( E_USER_ERROR ) );
		$this->assertSame( 'warning', Triage_Safe_Mode_Loader::error_level( E_WARNING ) );
	}

	public function test_the_report_keeps_a_bounded_list_and_always_the_fatal_error() {
		$nonce  = str_repeat( 'b', 32 );
		$loader = $this->probe_loader( $nonce );
		for ( $i = 0; $i < Triage_Safe_Mode_Loader::PROBE_MAX_ERRORS + 5; $i++ ) {
			$this->assertFalse( $loader->record_error( E_WARNING, "warning $i", '/srv/wp-content/plugins/alpha/alpha.php', $i ), 'PHP logs it as usual.' );
		}
		// The same error again is not kept twice.
		$loader->record_error( E_WARNING, 'warning 0', '/srv/wp-content/plugins/alpha/alpha.php', 0 );
		$loader->record_error( E_USER_ERROR, 'the end', '/srv/wp-content/plugins/bad/bad.php', 3 );
		$loader->report_probe();
		$report = get_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );

		$this->assertCount( Triage_Safe_Mode_Loader::PROBE_MAX_ERRORS, $report['errors'] );
		$this->assertSame( 6, $report['more_errors'] );
		$this->assertSame(
			array(
				'level'   => 'fatal',
				'message' => 'the end',
				'file'    => '/srv/wp-content/plugins/bad/bad.php',
				'line'    => 3,
			),
			end( $report['errors'] )
		);
		$this->assertSame( 'warning 1', $report['errors'][0]['message'], 'The fatal error took the oldest one’s place.' );
	}

	public function test_the_fatal_core_handled_is_reported_even_after_its_error_page_raised_notices() {
		$nonce  = str_repeat( 'c', 32 );
		$loader = $this->probe_loader( $nonce );
		$fatal  = array(
			'type'    => E_ERROR,
			'message' => 'Uncaught Error: Call to undefined function gone()',
			'file'    => ABSPATH . 'wp-content/plugins/bad/bad.php',
			'line'    => 3,
		);
		$this->assertSame( array( 'response' => 500 ), $loader->note_fatal( array( 'response' => 500 ), $fatal ), 'Core\'s error page is unchanged.' );
		// Core's error page calls is_search() too early: error_get_last() is now that notice.
		$loader->record_error( E_USER_NOTICE, 'Function is_search was called incorrectly.', ABSPATH . 'wp-includes/functions.php', 135 );
		$loader->report_probe();
		$report = get_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );

		$this->assertSame( 'Uncaught Error: Call to undefined function gone()', $report['fatal']['message'] );
		$this->assertSame( 'wp-content/plugins/bad/bad.php', $report['fatal']['file'] );
		$this->assertSame( array( 'notice', 'fatal' ), wp_list_pluck( $report['errors'], 'level' ) );
	}

	public function test_triage_own_screens_are_recognised_for_guided_bisection() {
		$uri  = isset( $_SERVER['REQUEST_URI'] ) ? $_SERVER['REQUEST_URI'] : null;
		$page = isset( $_GET['page'] ) ? $_GET['page'] : null;  // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- restoring the test request.
		$seen = array();
		foreach ( array( '/wp-json/triage/v1/bisect/answer', '/?rest_route=%2Ftriage%2Fv1%2Fbisect', '/wp-admin/tools.php?page=triage', '/', '/wp-admin/plugins.php', '/shop/?page=triage' ) as $path ) {
			$_SERVER['REQUEST_URI'] = $path;
			$_GET['page']           = false !== strpos( $path, 'page=triage' ) ? 'triage' : '';
			$seen[ $path ]          = Triage_Safe_Mode_Loader::is_triage_request();
		}
		$_SERVER['REQUEST_URI'] = $uri;
		$_GET['page']           = $page;
		$this->assertSame(
			array(
				'/wp-json/triage/v1/bisect/answer'     => true,
				'/?rest_route=%2Ftriage%2Fv1%2Fbisect' => true,
				'/wp-admin/tools.php?page=triage'      => true,
				'/'                                    => false,
				'/wp-admin/plugins.php'                => false,
				'/shop/?page=triage'                   => false,
			),
			$seen
		);
	}

	public function test_a_guided_session_keeps_its_plugins_for_triage_screens_in_the_cookie() {
		$session = Triage_Safe_Mode_Loader::decode(
			Triage_Safe_Mode_Loader::encode(
				array(
					'u' => 3,
					'e' => time() + 60,
					'k' => array( 'alpha/alpha.php', 'keep/keep.php' ),
					'm' => array( 'keep/keep.php' ),
				)
			),
			time()
		);
		$this->assertSame( array( 'keep/keep.php' ), $session['m'] );
		$this->assertNull( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 3 ), time() )['m'], 'Plain safe mode has none.' );
	}
}
