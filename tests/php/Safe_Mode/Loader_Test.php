<?php
/**
 * The must-use loader: signed sessions, option filters, user re-check, rescue tokens.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';

use Triage\Safe_Mode\Rescue_Links;

/**
 * Calls the loader's class directly, as the loader file is plain PHP loaded before plugins.
 */
class Loader_Test extends Safe_Mode_Test_Case {

	const SITE_PLUGINS = array( 'alpha/alpha.php', 'beta/beta.php', 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME );

	public function test_a_signed_cookie_round_trips() {
		$session = Triage_Safe_Mode_Loader::decode( $this->cookie_for( 7, array( 'alpha/alpha.php' ) ), time() );
		$this->assertNotNull( $session );
		$this->assertSame( 7, $session['u'] );
		$this->assertSame( array( 'alpha/alpha.php' ), $session['k'] );
		$this->assertSame( 0, $session['t'] );
	}

	public function test_forged_tampered_expired_and_malformed_cookies_are_refused() {
		$good              = $this->cookie_for( 7 );
		list( $payload )   = explode( '.', $good );
		$other_user        = rtrim(
			strtr(
				base64_encode(
					wp_json_encode(
						array(
							'u' => 1,
							'e' => time() + 3600,
							'k' => array(),
						)
					)
				),
				'+/',
				'-_'
			),
			'='
		);
		$forged_with_wrong = $payload . '.' . hash_hmac( 'sha256', $payload, 'a guessed key' );
		$cases             = array(
			'forged signature'      => $forged_with_wrong,
			'payload swapped'       => $other_user . '.' . explode( '.', $good )[1],
			'one character changed' => substr( $good, 0, 5 ) . ( 'A' === $good[5] ? 'B' : 'A' ) . substr( $good, 6 ),
			'expired'               => $this->cookie_for( 7, array(), -1 ),
			'no signature'          => $payload,
			'two dots'              => $good . '.x',
			'too long'              => str_repeat( 'a', 5000 ) . '.' . hash_hmac( 'sha256', str_repeat( 'a', 5000 ), Triage_Safe_Mode_Loader::key() ),
			'empty'                 => '',
		);
		foreach ( $cases as $name => $value ) {
			$this->assertNull( Triage_Safe_Mode_Loader::decode( $value, time() ), $name );
		}
		$this->assertNotNull( Triage_Safe_Mode_Loader::decode( $good, time() ) );
	}

	public function test_a_signed_payload_without_a_user_or_expiry_is_refused() {
		$payload = rtrim( strtr( base64_encode( wp_json_encode( array( 'e' => time() + 60 ) ) ), '+/', '-_' ), '=' );
		$this->assertNull( Triage_Safe_Mode_Loader::decode( $payload . '.' . hash_hmac( 'sha256', $payload, Triage_Safe_Mode_Loader::key() ), time() ) );
	}

	public function test_the_key_is_derived_from_the_secret_and_the_salts_and_never_equals_them() {
		$key = Triage_Safe_Mode_Loader::key();
		$this->assertSame( Triage_Safe_Mode_Loader::derive_key( 'safe-mode', Triage_Safe_Mode_Loader::ensure_secret(), AUTH_KEY, AUTH_SALT ), $key );
		$this->assertStringNotContainsString( AUTH_KEY, $key );
		$this->assertStringNotContainsString( Triage_Safe_Mode_Loader::ensure_secret(), $key );
	}

	public function test_keep_mode_filters_to_the_set_and_keeps_triage() {
		$session = Triage_Safe_Mode_Loader::normalize(
			array(
				'u' => 1,
				'e' => time() + 60,
				'k' => array( 'beta/beta.php' ),
			)
		);
		$this->assertSame( array( 'beta/beta.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), Triage_Safe_Mode_Loader::filter_list( self::SITE_PLUGINS, $session, Triage_Safe_Mode_Loader::PLUGIN_BASENAME ) );
	}

	public function test_off_mode_removes_only_the_named_plugins() {
		$session = Triage_Safe_Mode_Loader::normalize(
			array(
				'u' => 1,
				'e' => time() + 60,
				'k' => null,
				'o' => array(
					'gamma.php',
					Triage_Safe_Mode_Loader::PLUGIN_BASENAME,
				),
			)
		);
		$this->assertSame( array( 'alpha/alpha.php', 'beta/beta.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), Triage_Safe_Mode_Loader::filter_list( self::SITE_PLUGINS, $session, Triage_Safe_Mode_Loader::PLUGIN_BASENAME ) );
	}

	public function test_network_plugins_map_is_filtered_by_key() {
		$session = Triage_Safe_Mode_Loader::normalize(
			array(
				'u' => 1,
				'e' => time() + 60,
				'k' => array( 'alpha/alpha.php' ),
			)
		);
		$map     = array(
			'alpha/alpha.php'                        => 111,
			'beta/beta.php'                          => 222,
			Triage_Safe_Mode_Loader::PLUGIN_BASENAME => 333,
		);
		$this->assertSame(
			array(
				'alpha/alpha.php'                        => 111,
				Triage_Safe_Mode_Loader::PLUGIN_BASENAME => 333,
			),
			Triage_Safe_Mode_Loader::filter_map( $map, $session, Triage_Safe_Mode_Loader::PLUGIN_BASENAME )
		);
		$this->assertSame( 'not an array', Triage_Safe_Mode_Loader::filter_map( 'not an array', $session, 'x' ) );
	}

	public function test_hooked_session_filters_the_option_for_this_request_without_writing_it() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$loader = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1, array( 'alpha/alpha.php' ) ), time() ) );
		$loader->hook();
		$this->assertSame( array( 'alpha/alpha.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
		$this->assertSame( self::SITE_PLUGINS, $loader->real_plugins() );
		global $wpdb;
		$stored = maybe_unserialize( $wpdb->get_var( "SELECT option_value FROM {$wpdb->options} WHERE option_name = 'active_plugins'" ) );
		$this->assertSame( self::SITE_PLUGINS, $stored, 'The real option is untouched.' );
	}

	public function test_activating_a_plugin_during_a_session_keeps_the_hidden_plugins_active() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$loader = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1, array( 'alpha/alpha.php' ) ), time() ) );
		$loader->hook();
		$seen = get_option( 'active_plugins' );
		// The plugins screen saves what it saw plus the new plugin, and minus one it deactivated.
		update_option( 'active_plugins', array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME, 'delta/delta.php' ) );
		remove_all_filters( 'option_active_plugins' );
		wp_cache_delete( 'alloptions', 'options' );
		$real = get_option( 'active_plugins' );
		sort( $real );
		$this->assertSame( array( 'alpha/alpha.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), $seen );
		$this->assertSame( array( 'beta/beta.php', 'delta/delta.php', 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), $real, 'alpha was deactivated, delta activated, beta and gamma untouched.' );
	}

	public function test_network_changes_during_a_session_merge_into_the_real_map() {
		$loader = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1, array( 'alpha/alpha.php' ) ), time() ) );
		$loader->on_sitewide_plugins(
			array(
				'alpha/alpha.php' => 1,
				'beta/beta.php'   => 2,
			)
		);
		$this->assertSame(
			array(
				'beta/beta.php' => 2,
				'new/new.php'   => 3,
			),
			$loader->before_sitewide_saved( array( 'new/new.php' => 3 ), array( 'alpha/alpha.php' => 1 ) )
		);
	}

	public function test_another_users_cookie_is_ignored_once_the_user_is_known() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$owner    = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$intruder = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$loader   = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( $owner, array() ), time() ) );
		$loader->hook();
		$this->assertSame( array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
		wp_set_current_user( $intruder );
		$loader->verify_user();
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ), 'After the mismatch the session has no effect.' );
	}

	public function test_the_owner_keeps_the_session_after_the_check() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$owner  = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$loader = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( $owner, array( 'gamma.php' ) ), time() ) );
		$loader->hook();
		wp_set_current_user( $owner );
		if ( is_multisite() ) {
			grant_super_admin( $owner );
		}
		$loader->verify_user();
		$this->assertSame( array( 'gamma.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
	}

	public function test_who_may_use_a_session() {
		$session = Triage_Safe_Mode_Loader::decode( $this->cookie_for( 5 ), time() );
		$loader  = new Triage_Safe_Mode_Loader( $session );
		$this->assertTrue( $loader->user_matches( 5, true, 'index.php' ) );
		$this->assertFalse( $loader->user_matches( 5, false, 'index.php' ), 'Lost the capability.' );
		$this->assertFalse( $loader->user_matches( 6, true, 'index.php' ), 'Another admin.' );
		$this->assertFalse( $loader->user_matches( 0, false, 'index.php' ), 'A visitor.' );
		$this->assertFalse( $loader->user_matches( 0, true, 'wp-login.php' ), 'Only rescue sessions reach the login logged out.' );
		$session['r'] = 1;
		$rescue       = new Triage_Safe_Mode_Loader( $session );
		$this->assertTrue( $rescue->user_matches( 0, true, 'wp-login.php' ) );
		$this->assertFalse( $rescue->user_matches( 0, false, 'wp-login.php' ), 'Its creator may no longer use safe mode.' );
		$this->assertFalse( $rescue->user_matches( 0, true, 'index.php' ) );
		$this->assertFalse( $rescue->clears_cookie_on_mismatch( 0 ), 'A logged-out rescue browser keeps its cookie for the login.' );
		$this->assertTrue( $rescue->clears_cookie_on_mismatch( 6 ), 'Another user ends it.' );
		$this->assertTrue( $loader->clears_cookie_on_mismatch( 0 ) );
	}

	public function test_two_admins_sessions_are_isolated() {
		update_option( 'active_plugins', self::SITE_PLUGINS );
		$first  = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 11, array( 'alpha/alpha.php' ) ), time() ) );
		$second = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 12, array( 'beta/beta.php' ) ), time() ) );
		$this->assertSame( array( 'alpha/alpha.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), $first->on_active_plugins( self::SITE_PLUGINS ) );
		$this->assertSame( array( 'beta/beta.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), $second->on_active_plugins( self::SITE_PLUGINS ) );
		$this->assertTrue( $first->user_matches( 11, true, 'index.php' ) );
		$this->assertFalse( $first->user_matches( 12, true, 'index.php' ) );
		$this->assertFalse( $second->user_matches( 11, true, 'index.php' ) );
	}

	public function test_the_newest_installed_default_theme_is_picked() {
		$themes = $this->temp_dir();
		$this->assertSame( '', Triage_Safe_Mode_Loader::default_theme( $themes ) );
		foreach ( array( 'twentytwentythree', 'twentytwentyfour', 'my-theme' ) as $slug ) {
			mkdir( $themes . '/' . $slug );
			file_put_contents( $themes . '/' . $slug . '/style.css', "/*\nTheme Name: $slug\n*/" );
		}
		$this->assertSame( 'twentytwentyfour', Triage_Safe_Mode_Loader::default_theme( $themes ) );
	}

	public function test_a_theme_session_switches_template_and_stylesheet() {
		$session      = Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1 ), time() );
		$session['t'] = 1;
		$loader       = new Triage_Safe_Mode_Loader( $session );
		$loader->hook();
		// Another theme than the active one (and its parent) stands in, so the theme is really left out.
		$expected = Triage_Safe_Mode_Loader::stand_in_theme( WP_CONTENT_DIR . '/themes', get_option( 'stylesheet' ), get_option( 'template' ), Triage_Safe_Mode_Loader::own_themes_dir() );
		$this->assertNotSame( '', $expected );
		$this->assertNotSame( get_option( 'stylesheet' ), $expected );
		$this->assertSame( $expected, apply_filters( 'template', 'some-theme' ) );
		$this->assertSame( $expected, apply_filters( 'stylesheet', 'some-theme' ) );
		$loader->ignore();
		$this->assertSame( 'some-theme', apply_filters( 'template', 'some-theme' ) );
	}

	public function test_a_rescue_token_works_exactly_once() {
		$user  = self::factory()->user->create( array( 'role' => 'administrator' ) );
		$link  = ( new Rescue_Links() )->create( $user, 3600, false );
		$query = array();
		wp_parse_str( (string) wp_parse_url( $link['url'], PHP_URL_QUERY ), $query );
		$token = $query[ Triage_Safe_Mode_Loader::RESCUE_PARAM ];
		$this->assertSame( 64, strlen( $token ) );
		$this->assertStringNotContainsString( $token, maybe_serialize( get_option( Triage_Safe_Mode_Loader::RESCUE_OPTION ) ), 'Only the hash is stored.' );

		$session = Triage_Safe_Mode_Loader::consume_rescue( $token, time() );
		$this->assertSame( $user, $session['u'] );
		$this->assertSame( array(), $session['k'], 'All plugins off.' );
		$this->assertSame( 1, $session['r'] );
		$this->assertNull( Triage_Safe_Mode_Loader::consume_rescue( $token, time() ), 'Used once, then invalid.' );
		$this->assertFalse( ( new Rescue_Links() )->status()['exists'] );
	}

	public function test_a_rescue_token_expires() {
		$link  = ( new Rescue_Links() )->create( 1, 600, false );
		$token = substr( $link['url'], -64 );
		$this->assertNull( Triage_Safe_Mode_Loader::consume_rescue( $token, time() + 601 ) );
	}

	public function test_core_recovery_mode_keeps_a_paused_plugin_off_inside_a_session_and_safe_mode_never_unpauses_it() {
		// Three real plugins on disk, all active for the site.
		$plugins = array( 'triage-test-alpha', 'triage-test-beta', 'triage-test-gamma' );
		foreach ( $plugins as $slug ) {
			wp_mkdir_p( WP_PLUGIN_DIR . "/$slug" );
			file_put_contents( WP_PLUGIN_DIR . "/$slug/$slug.php", "<?php\n/* Plugin Name: $slug */\n" );
		}
		$active = array( 'triage-test-alpha/triage-test-alpha.php', 'triage-test-beta/triage-test-beta.php', 'triage-test-gamma/triage-test-gamma.php' );
		update_option( 'active_plugins', $active );

		// Core's recovery mode, active for this request, with beta paused after a fatal error.
		$recovery = wp_recovery_mode();
		$state    = array();
		foreach ( array(
			'is_active'  => true,
			'session_id' => 'triagetestsession',
		) as $name => $value ) {
			$property = new ReflectionProperty( $recovery, $name );
			$property->setAccessible( true );
			$state[ $name ] = $property->getValue( $recovery );
			$property->setValue( $recovery, $value );
		}
		try {
			$this->assertTrue( wp_is_recovery_mode() );
			$this->assertTrue(
				wp_paused_plugins()->set(
					'triage-test-beta',
					array(
						'type'    => E_ERROR,
						'message' => 'boom',
						'file'    => WP_PLUGIN_DIR . '/triage-test-beta/triage-test-beta.php',
						'line'    => 2,
					)
				)
			);
			$names = static function () {
				return array_values( array_map( 'basename', wp_get_active_and_valid_plugins() ) );
			};
			$this->assertSame( array( 'triage-test-alpha.php', 'triage-test-gamma.php' ), $names(), 'Without safe mode, core skips the paused plugin.' );

			// A safe session that keeps alpha and beta: gamma is off by safe mode, beta stays off by core.
			$loader = new Triage_Safe_Mode_Loader( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1, array( 'triage-test-alpha/triage-test-alpha.php', 'triage-test-beta/triage-test-beta.php' ) ), time() ) );
			$loader->hook();
			$this->assertSame( array( 'triage-test-alpha.php' ), $names() );
			$this->assertArrayHasKey( 'triage-test-beta', wp_paused_plugins()->get_all(), 'Safe mode never un-pauses a plugin.' );
			$this->assertSame( serialize( $active ), $GLOBALS['wpdb']->get_var( "SELECT option_value FROM {$GLOBALS['wpdb']->options} WHERE option_name = 'active_plugins'" ), 'The stored list is untouched.' );
		} finally {
			wp_paused_plugins()->delete( 'triage-test-beta' );
			foreach ( $state as $name => $value ) {
				$property = new ReflectionProperty( $recovery, $name );
				$property->setAccessible( true );
				$property->setValue( $recovery, $value );
			}
			foreach ( $plugins as $slug ) {
				wp_delete_file( WP_PLUGIN_DIR . "/$slug/$slug.php" );
				rmdir( WP_PLUGIN_DIR . "/$slug" );
			}
		}
	}
}
