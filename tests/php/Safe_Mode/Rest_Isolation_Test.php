<?php
/**
 * The cookie that keeps other plugins off for one admin's requests to Triage's REST routes.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';

use Triage\Capabilities;
use Triage\Files\Atomic_Writer;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Rest_Isolation;

/**
 * Forged, expired, too long, other-user and other-capability cookies are ignored; only Triage's REST routes
 * are affected; visitors are untouched; nothing is written.
 */
// phpcs:disable WordPress.Security.NonceVerification -- tests set up requests by hand.
class Rest_Isolation_Test extends Safe_Mode_Test_Case {

	const SITE_PLUGINS = array( 'alpha/alpha.php', 'broken/broken.php', Triage_Safe_Mode_Loader::PLUGIN_BASENAME );

	/**
	 * Cookies "sent" by Rest_Isolation.
	 *
	 * @var array<int, array{0: string, 1: int}>
	 */
	private $sent = array();

	/**
	 * $_SERVER, $_GET and $_POST as they were.
	 *
	 * @var array<string, array<string, mixed>>
	 */
	private $saved = array();

	protected function set_up() {
		parent::set_up();
		$this->sent  = array();
		$this->saved = array(
			'server' => $_SERVER,
			'get'    => $_GET, // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- restored after the test.
			'post'   => $_POST, // phpcs:ignore WordPress.Security.NonceVerification.Missing -- restored after the test.
		);
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] );
		update_option( 'active_plugins', self::SITE_PLUGINS );
	}

	protected function tear_down() {
		$_SERVER = $this->saved['server'];
		$_GET    = $this->saved['get'];
		$_POST   = $this->saved['post'];
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] );
		$this->forget_current();
		parent::tear_down();
	}

	/**
	 * Clears the loader's instance for this request, so the next test starts without one.
	 *
	 * @return void
	 */
	private function forget_current() {
		$property = new ReflectionProperty( Triage_Safe_Mode_Loader::class, 'current' );
		$property->setAccessible( true );
		$property->setValue( null, null );
	}

	/**
	 * A signed grant.
	 *
	 * @param int   $user_id User.
	 * @param array $fields  Fields to change (e, c, t).
	 * @return string
	 */
	private function grant_for( $user_id, array $fields = array() ) {
		return Triage_Safe_Mode_Loader::sign_rest(
			$fields + array(
				'u' => $user_id,
				'e' => time() + 600,
				'c' => 'activate_plugins',
			)
		);
	}

	/**
	 * An administrator (a super admin on multisite).
	 *
	 * @return int
	 */
	private function admin() {
		$id = self::factory()->user->create( array( 'role' => 'administrator' ) );
		if ( is_multisite() ) {
			grant_super_admin( $id );
		}
		return $id;
	}

	/**
	 * The service, with a loader installed (or not) in a temp folder and a recording cookie sender.
	 *
	 * @param bool $installed Whether the loader is installed.
	 * @return Rest_Isolation
	 */
	private function service( $installed = true ) {
		$mu        = $this->temp_dir() . '/mu-plugins';
		$installer = new Loader_Installer( new Atomic_Writer(), $mu, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', 'triage/plugin.php' );
		if ( $installed ) {
			mkdir( $mu );
			$installer->install();
		}
		return new Rest_Isolation(
			$installer,
			new Capabilities(),
			function ( $value, $expires ) {
				$this->sent[] = array( $value, $expires );
			}
		);
	}

	/**
	 * Runs the loader's entry point as a request for $uri would, with Triage's plugin file in place.
	 *
	 * @param string $uri    Request URI.
	 * @param string $cookie REST cookie value ('' for none).
	 * @return Triage_Safe_Mode_Loader|null The instance in effect.
	 */
	private function boot_for( $uri, $cookie ) {
		$_SERVER['REQUEST_URI'] = $uri;
		$query                  = (string) wp_parse_url( $uri, PHP_URL_QUERY );
		parse_str( $query, $_GET );
		if ( '' !== $cookie ) {
			$_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] = $cookie;
		}
		$file    = WP_PLUGIN_DIR . '/' . Triage_Safe_Mode_Loader::PLUGIN_BASENAME;
		$created = ! is_file( $file );
		if ( $created ) {
			wp_mkdir_p( dirname( $file ) );
			file_put_contents( $file, "<?php\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- test fixture.
		}
		try {
			Triage_Safe_Mode_Loader::boot();
		} finally {
			if ( $created ) {
				unlink( $file );
				rmdir( dirname( $file ) );
			}
		}
		return Triage_Safe_Mode_Loader::current();
	}

	public function test_a_grant_round_trips_and_forgeries_are_refused() {
		$now   = time();
		$value = $this->grant_for( 7, array( 't' => 1 ) );
		$this->assertSame(
			array(
				'u' => 7,
				'e' => $now + 600,
				'c' => 'activate_plugins',
				't' => 1,
			),
			Triage_Safe_Mode_Loader::verify_rest( $value, $now )
		);
		list( $payload, $mac ) = explode( '.', $value );
		$forged_payload        = rtrim(
			strtr(
				base64_encode(
					(string) wp_json_encode(
						array(
							'u' => 1,
							'e' => $now + 600,
							'c' => 'read',
							't' => 0,
						)
					)
				),
				'+/',
				'-_'
			),
			'='
		); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- building a forgery.
		$probe                 = array(
			'u' => 7,
			'e' => $now + 60,
			'n' => str_repeat( 'a', 32 ),
		);
		$refused               = array(
			'tampered payload'          => $forged_payload . '.' . $mac,
			'tampered signature'        => $payload . '.' . str_repeat( '0', 64 ),
			'signed with a made-up key' => $forged_payload . '.' . hash_hmac( 'sha256', $forged_payload, str_repeat( 'a', 64 ) ),
			'expired'                   => $this->grant_for( 7, array( 'e' => $now - 1 ) ),
			'longer than an hour'       => $this->grant_for( 7, array( 'e' => $now + Triage_Safe_Mode_Loader::REST_MAX_TTL + 60 ) ),
			'no user'                   => $this->grant_for( 0 ),
			// Another key: neither a safe mode session nor a probe header can stand in for it.
			'a safe mode cookie'        => $this->cookie_for( 7 ),
			'a probe header'            => Triage_Safe_Mode_Loader::sign_probe(
				array(
					'u' => 7,
					'e' => $now + 60,
					'n' => str_repeat(
						'a',
						32
					),
				)
			),
			'not a string'              => array( $value ),
			'two dots'                  => $value . '.x',
			'empty'                     => '',
		);
		foreach ( $refused as $why => $candidate ) {
			$this->assertNull( Triage_Safe_Mode_Loader::verify_rest( $candidate, $now ), $why );
		}
		$this->assertNull( Triage_Safe_Mode_Loader::decode( $value, $now ), 'Nor can it stand in for a safe mode session.' );
	}

	public function test_only_triage_rest_routes_are_recognised() {
		$cases = array(
			'/wp-json/triage/v1/bisect'                    => true,
			'/blog/wp-json/triage/v1/safe-mode?x=1'        => true,
			'/wp-json/triage/v1'                           => true,
			'/?rest_route=/triage/v1/bisect'               => true,
			'/index.php?rest_route=%2Ftriage%2Fv1%2Fenvironment' => true,
			'/wp-json/triage/v10/x'                        => false,
			'/wp-json/wp/v2/users'                         => false,
			'/?rest_route=/wp/v2/users'                    => false,
			// WordPress routes by rest_route when it is given, whatever the path says.
			'/wp-json/triage/v1/x?rest_route=/wp/v2/users' => false,
			'/wp-json/triage/v1/../../wp/v2/users'         => false,
			'/wp-admin/tools.php?page=triage'              => false,
			'/triage/v1/'                                  => false,
			'/'                                            => false,
			'/shop/?s=/wp-json/triage/v1'                  => false,
		);
		$seen  = array();
		foreach ( array_keys( $cases ) as $uri ) {
			$_SERVER['REQUEST_URI'] = $uri;
			$_GET                   = array();
			parse_str( (string) wp_parse_url( $uri, PHP_URL_QUERY ), $_GET );
			$seen[ $uri ] = Triage_Safe_Mode_Loader::is_triage_rest_request();
		}
		$this->assertSame( $cases, $seen );
		$_SERVER['REQUEST_URI'] = '/wp-json/triage/v1/bisect';
		$_GET                   = array();
		$_POST['rest_route']    = '/wp/v2/settings';
		$this->assertFalse( Triage_Safe_Mode_Loader::is_triage_rest_request(), 'A rest_route form field wins too.' );
	}

	public function test_a_valid_grant_turns_every_other_plugin_off_on_triage_rest_routes_only() {
		$admin  = $this->admin();
		$loader = $this->boot_for( '/wp-json/triage/v1/bisect', $this->grant_for( $admin ) );
		$this->assertNotNull( $loader );
		$this->assertTrue( $loader->for_rest() );
		$this->assertSame( array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ) );
		wp_set_current_user( $admin );
		$loader->verify_user();
		$this->assertSame( array( Triage_Safe_Mode_Loader::PLUGIN_BASENAME ), get_option( 'active_plugins' ), 'Its owner keeps it.' );
		$this->assertSame( self::SITE_PLUGINS, $loader->real_plugins() );

		foreach ( array( '/', '/wp-admin/', '/wp-admin/tools.php?page=triage', '/wp-json/wp/v2/posts', '/wp-login.php' ) as $uri ) {
			$this->forget_current();
			$this->assertNull( $this->boot_for( $uri, $this->grant_for( $admin ) ), $uri );
		}
	}

	public function test_a_grant_with_the_theme_swaps_it_too() {
		$admin  = $this->admin();
		$loader = $this->boot_for( '/?rest_route=/triage/v1/environment', $this->grant_for( $admin, array( 't' => 1 ) ) );
		$this->assertNotNull( $loader );
		$this->assertSame( 1, $loader->session()['t'] );
	}

	public function test_visitors_and_forged_cookies_get_nothing() {
		$this->assertNull( $this->boot_for( '/wp-json/triage/v1/bisect', '' ), 'No cookie: nothing.' );
		$this->assertNull( $this->boot_for( '/wp-json/triage/v1/bisect', 'eyJ1IjoxfQ.' . str_repeat( 'f', 64 ) ), 'A forged cookie: nothing.' );
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ) );
	}

	public function test_another_user_or_a_lost_capability_drops_the_grant_and_its_cookie() {
		$owner  = $this->admin();
		$other  = $this->admin();
		$loader = $this->boot_for( '/wp-json/triage/v1/bisect', $this->grant_for( $owner ) );
		wp_set_current_user( $other );
		$loader->verify_user();
		$this->assertNull( Triage_Safe_Mode_Loader::current() );
		$this->assertSame( self::SITE_PLUGINS, get_option( 'active_plugins' ), 'Another admin holding the cookie gets every plugin.' );

		$this->forget_current();
		$loader = $this->boot_for( '/wp-json/triage/v1/bisect', $this->grant_for( $owner, array( 'c' => 'do_not_allow' ) ) );
		wp_set_current_user( $owner );
		$loader->verify_user();
		$this->assertNull( Triage_Safe_Mode_Loader::current(), 'The owner without the signed capability.' );

		$this->forget_current();
		$loader = $this->boot_for( '/wp-json/triage/v1/bisect', $this->grant_for( $owner ) );
		wp_set_current_user( 0 );
		$loader->verify_user();
		$this->assertNull( Triage_Safe_Mode_Loader::current(), 'Logged out (say, the admin logged out in another tab).' );
	}

	public function test_start_needs_the_safe_mode_capability() {
		$subscriber = self::factory()->user->create( array( 'role' => 'subscriber' ) );
		wp_set_current_user( $subscriber );
		$result = $this->service()->start( $subscriber, false );
		$this->assertSame( 403, $result['status'] );
		$this->assertSame( array(), $this->sent );
	}

	public function test_start_without_the_loader_says_what_to_copy() {
		$admin = $this->admin();
		wp_set_current_user( $admin );
		$result = $this->service( false )->start( $admin, false );
		$this->assertSame( 409, $result['status'] );
		$this->assertStringContainsString( 'triage-loader.php', $result['error'] );
		$this->assertSame( array(), $this->sent );
	}

	public function test_start_sends_a_grant_for_this_admin_for_an_hour_at_most_and_writes_nothing() {
		global $wpdb;
		$admin = $this->admin();
		wp_set_current_user( $admin );
		$service = $this->service();
		$before  = $wpdb->get_var( "SELECT MD5( GROUP_CONCAT( option_name, option_value ORDER BY option_name ) ) FROM {$wpdb->options}" );
		$result  = $service->start( $admin, true );
		$after   = $wpdb->get_var( "SELECT MD5( GROUP_CONCAT( option_name, option_value ORDER BY option_name ) ) FROM {$wpdb->options}" );
		$this->assertSame( $before, $after, 'Nothing is written, so DISALLOW_FILE_MODS and read-only sites make no difference.' );
		$this->assertCount( 1, $this->sent );
		list( $value, $expires ) = $this->sent[0];
		$this->assertSame( $result['until'], $expires );
		$this->assertLessThanOrEqual( time() + Triage_Safe_Mode_Loader::REST_MAX_TTL, $expires );
		$grant = Triage_Safe_Mode_Loader::verify_rest( $value, time() );
		$this->assertSame( $admin, $grant['u'] );
		$this->assertSame( 1, $grant['t'] );
		$this->assertSame( ( new Capabilities() )->capability( Capabilities::SAFE_MODE ), $grant['c'] );
		$this->assertSame( $grant, $service->grant_for( $admin ) );
		$this->assertNull( $service->grant_for( $admin + 1 ), 'Another user has none.' );

		$boot = $service->boot_data( $admin );
		$this->assertSame( $expires, $boot['until'] );
		$this->assertTrue( $boot['theme'] );
		$this->assertSame( 1, wp_verify_nonce( $boot['nonce'], Rest_Isolation::ACTION ) );

		$service->stop();
		$this->assertSame( array( '', 1 ), $this->sent[1] );
		$this->assertNull( $service->grant_for( $admin ) );
	}

	public function test_the_page_is_offered_the_action_only_with_the_safe_mode_capability() {
		$editor = self::factory()->user->create( array( 'role' => 'editor' ) );
		wp_set_current_user( $editor );
		$this->assertNull( $this->service()->boot_data( $editor ) );
	}

	public function test_the_ajax_action_checks_its_nonce() {
		$admin = $this->admin();
		wp_set_current_user( $admin );
		$service = $this->service();
		add_filter( 'wp_doing_ajax', '__return_true' );
		add_filter(
			'wp_die_ajax_handler',
			static function () {
				return static function ( $message ) {
					throw new RuntimeException( 'died: ' . $message );
				};
			}
		);
		$_REQUEST['_ajax_nonce'] = 'forged';
		ob_start();
		try {
			$service->handle_ajax();
			$this->fail( 'A forged nonce must stop the action.' );
		} catch ( RuntimeException $e ) {
			$this->assertStringStartsWith( 'died', $e->getMessage() );
		} finally {
			unset( $_REQUEST['_ajax_nonce'] );
			ob_end_clean();
		}
		$this->assertSame( array(), $this->sent );
	}

	public function test_the_admin_bar_says_while_a_grant_lasts_and_offers_to_end_it() {
		require_once ABSPATH . WPINC . '/class-wp-admin-bar.php';
		$admin = $this->admin();
		wp_set_current_user( $admin );
		$service = $this->service();
		$bar     = new WP_Admin_Bar();
		$service->add_node( $bar );
		$this->assertNull( $bar->get_node( 'triage-rest-isolation' ), 'No grant, no node.' );

		$service->start( $admin, false );
		$service->add_node( $bar );
		$this->assertStringContainsString( 'other plugins off for its requests until', $bar->get_node( 'triage-rest-isolation' )->title );
		$this->assertStringContainsString( 'action=' . Rest_Isolation::STOP_ACTION, $bar->get_node( 'triage-rest-isolation-stop' )->href );

		$other = $this->admin();
		wp_set_current_user( $other );
		$other_bar = new WP_Admin_Bar();
		$service->add_node( $other_bar );
		$this->assertNull( $other_bar->get_node( 'triage-rest-isolation' ), 'Only for the admin it names.' );
	}

	public function test_visitors_pay_only_the_presence_check() {
		$source = (string) file_get_contents( TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- reading the source under test.
		$this->assertSame( 1, preg_match( '/^if \( (.+) \) \{ \/\/ phpcs:ignore.*$/m', $source, $match ) );
		$this->assertSame( 3, substr_count( $match[1], 'isset(' ), 'The REST cookie adds no check: the page marks its calls with the probe header.' );
		$this->assertStringNotContainsString( 'REST_COOKIE', $match[1] );
	}
}
