<?php
/**
 * Bisection sessions and their REST resource, with probes answered as the must-use loader would.
 *
 * @package Triage
 */

use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Candidates;
use Triage\Bisect\Culprit_Deactivator;
use Triage\Bisect\Probe_Runner;
use Triage\Bisect\Suspects;
use Triage\Files\Atomic_Writer;
use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Tail_Reader;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;

Safe_Mode_Sessions::load_codec();

/**
 * Sessions, probes, guided steps, undo, expiry, and the REST routes.
 */
class Bisect_Test extends Triage_REST_TestCase {

	const PLUGINS = array( 'alpha/alpha.php', 'bad/bad.php', 'gamma/gamma.php', 'keep/keep.php' );

	/**
	 * Requests the probes sent.
	 *
	 * @var array
	 */
	private $requests = array();

	/**
	 * What each accepted probe loaded, as the loader read it.
	 *
	 * @var array
	 */
	private $loads = array();

	/**
	 * Deactivator built by the last bisect() call, on the same safe mode sessions.
	 *
	 * @var Culprit_Deactivator
	 */
	private $deactivator;

	/**
	 * Safe mode cookies sent.
	 *
	 * @var array
	 */
	private $sent = array();

	protected function set_up() {
		$plugins = array();
		foreach ( self::PLUGINS as $file ) {
			$plugins[ $file ] = array( 'Name' => ucfirst( dirname( $file ) ) );
		}
		wp_cache_set( 'plugins', array( '' => $plugins ), 'plugins' );
		update_option( 'active_plugins', self::PLUGINS );
		$this->requests = array();
		$this->loads    = array();
		$this->sent     = array();
		add_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10, 3 );
	}

	protected function tear_down() {
		remove_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10 );
		wp_cache_delete( 'plugins', 'plugins' );
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
	}

	/**
	 * Stands in for the site: checks the override as the loader does; the site fails when bad/bad.php loads.
	 *
	 * @param mixed  $pre  Short-circuit value.
	 * @param array  $args Request arguments.
	 * @param string $url  URL.
	 * @return array
	 */
	public function answer_as_the_loader( $pre, $args, $url ) {
		$this->requests[] = array(
			'url'  => $url,
			'args' => $args,
		);
		$probe            = Triage_Safe_Mode_Loader::verify_probe( (string) $args['headers']['X-Triage-Probe'], time() );
		$load             = null !== $probe ? Triage_Safe_Mode_Loader::consume_probe( $probe, time() ) : null;
		$accepted         = null !== $load;
		$fails            = $accepted && in_array( 'bad/bad.php', $load['k'], true );
		if ( $accepted ) {
			$this->loads[] = $load + array( 'u' => $probe['u'] );
		}
		return array(
			'headers'  => array( 'x-triage-probe' => $accepted ? 'accepted' : '' ),
			'body'     => $fails ? 'There has been a critical error on this website.' : '<html>ok</html>',
			'response' => array(
				'code'    => $fails ? 500 : 200,
				'message' => '',
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	/**
	 * The service, with the loader "installed" in a temp folder.
	 *
	 * @param bool $installed Whether the loader is installed.
	 * @return Bisect_Sessions
	 */
	private function bisect( $installed = true ) {
		$mu        = sys_get_temp_dir() . '/triage-bisect-' . uniqid( '', true );
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
		$safe_mode         = new Safe_Mode_Sessions(
			$installer,
			new Rescue_Links(),
			function ( $value, $expires ) {
				$this->sent[] = array( $value, $expires );
			}
		);
		$this->deactivator = new Culprit_Deactivator( $safe_mode );
		return new Bisect_Sessions( $safe_mode, new Probe_Runner( new Debug_Log_Location() ), new Candidates( $safe_mode, $this->suspects(), new Debug_Log_Location() ), $installer );
	}

	/**
	 * Suspects read with the log's own tail reader and attribution.
	 *
	 * @return Suspects
	 */
	private function suspects() {
		return new Suspects( new Log_Tail_Reader( new Log_Attributor( WP_PLUGIN_DIR, WPMU_PLUGIN_DIR, array( get_theme_root() ), ABSPATH ) ) );
	}

	/**
	 * An automatic session's input.
	 *
	 * @param array $symptom Symptom fields to change.
	 * @return array
	 */
	private function auto_input( array $symptom = array() ) {
		return array(
			'mode'      => 'auto',
			'must_keep' => array( 'keep/keep.php' ),
			'symptom'   => $symptom + array(
				'url'   => '/shop/',
				'tests' => array( 'status' => true ),
			),
		);
	}

	public function test_candidates_are_the_active_plugins_and_the_theme_but_not_must_keep_ones() {
		$owner   = $this->log_in_as_site_owner();
		$session = $this->bisect()->start( $owner, $this->auto_input() );
		$this->assertIsArray( $session );
		$plugins = array_values(
			array_filter(
				$session['candidates'],
				static function ( $id ) {
					return 0 !== strpos( $id, Candidates::THEME_PREFIX );
				}
			)
		);
		$this->assertSame( array( 'alpha/alpha.php', 'bad/bad.php', 'gamma/gamma.php' ), $plugins );
		$this->assertNotContains( 'keep/keep.php', $session['candidates'] );
		$this->assertSame( 'http://example.org/shop/', $session['symptom']['url'] );
	}

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

	public function test_recent_fatals_and_updates_make_suspects() {
		$log = sys_get_temp_dir() . '/triage-bisect-log-' . uniqid( '', true );
		file_put_contents(
			$log,
			"[20-Nov-2026 10:00:00 UTC] PHP Warning:  x in /srv/wp-content/plugins/alpha/a.php on line 2\n" .
			"[23-Nov-2026 10:00:00 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function f() in /srv/wp-content/plugins/gamma/gamma.php:3\n"
		);
		$suspects = $this->suspects();
		$suspects->record_update(
			null,
			array(
				'type'    => 'plugin',
				'action'  => 'update',
				'plugins' => array( 'alpha/alpha.php' ),
			)
		);
		$suspects->record_update(
			null,
			array(
				'type'   => 'theme',
				'action' => 'update',
				'themes' => array( 'x' ),
			)
		);
		$found = $suspects->find( self::PLUGINS, $log, time() );
		unlink( $log );
		$this->assertSame( array( 'gamma/gamma.php', 'alpha/alpha.php' ), wp_list_pluck( $found, 'id' ) );
		$this->assertSame( array( 'fatal', 'updated' ), wp_list_pluck( $found, 'reason' ) );
		$this->assertSame( array(), $suspects->find( self::PLUGINS, $log, time() + 2 * WEEK_IN_SECONDS ), 'Old updates and a missing log name nobody.' );
	}

	public function test_rest_get_describes_candidates_and_the_session_in_the_documented_shape() {
		$owner = $this->log_in_as_site_owner();
		$this->bisect()->start( $owner, $this->auto_input() );
		$bisect = $this->bisect();
		$bisect->probe( $owner, array( 'bad/bad.php' ), 0 );
		$response = $this->dispatch( 'GET', '/triage/v1/bisect' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'auto', $data['session']['mode'] );
		$this->assertCount( 1, $data['session']['observations'] );
		$this->assertContains( 'bad/bad.php', wp_list_pluck( $data['candidates'], 'id' ) );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/bisect' ), $data );
	}

	public function test_rest_refuses_a_probe_url_on_another_host() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch(
			'POST',
			'/triage/v1/bisect',
			array(
				'mode'    => 'auto',
				'symptom' => array(
					'url'   => 'http://169.254.169.254/latest/meta-data/',
					'tests' => array( 'status' => true ),
				),
			)
		);
		$this->assert_error_response( 400, 'triage_bisect_foreign_url', $response );
		$this->assertCount( 0, $this->requests );
	}

	public function test_rest_deactivates_a_culprit_for_everyone_but_never_triage() {
		$this->log_in_as_site_owner();
		if ( is_multisite() ) {
			$this->markTestSkipped( 'Single-site deactivation.' );
		}
		$response = $this->dispatch( 'POST', '/triage/v1/bisect/deactivate', array( 'plugins' => array( 'bad/bad.php' ) ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'bad/bad.php' ), $response->get_data()['deactivated'] );
		$this->assertNotContains( 'bad/bad.php', get_option( 'active_plugins' ) );
		$this->assert_error_response( 400, 'triage_bisect_unknown_plugin', $this->dispatch( 'POST', '/triage/v1/bisect/deactivate', array( 'plugins' => array( plugin_basename( TRIAGE_FILE ) ) ) ) );
	}

	public function test_deactivating_honours_cores_per_plugin_capability() {
		$this->log_in_as_site_owner();
		$this->bisect();
		$before = is_multisite() ? get_site_option( 'active_sitewide_plugins' ) : get_option( 'active_plugins' );
		$this->assertContains( 'bad/bad.php', array_keys( $this->deactivator_plugins() ) );
		// A plugin (or a security plugin's policy) that forbids deactivating one plugin through map_meta_cap.
		$deny = static function ( $caps, $cap, $user_id, $args ) {
			return 'deactivate_plugin' === $cap && isset( $args[0] ) && 'bad/bad.php' === $args[0] ? array( 'do_not_allow' ) : $caps;
		};
		add_filter( 'map_meta_cap', $deny, 10, 4 );
		$result = $this->deactivator->deactivate( array( 'bad/bad.php' ) );
		remove_filter( 'map_meta_cap', $deny, 10 );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_bisect_plugin_forbidden', $result->get_error_code() );
		$this->assertSame( 403, $result->get_error_data()['status'] );
		$this->assertSame( $before, is_multisite() ? get_site_option( 'active_sitewide_plugins' ) : get_option( 'active_plugins' ), 'Nothing was deactivated.' );
	}

	/**
	 * The active plugins the deactivator sees.
	 *
	 * @return array<string, array{name: string, network: bool}>
	 */
	private function deactivator_plugins() {
		return ( new Triage\Safe_Mode\Safe_Mode_Sessions( Triage\Safe_Mode\Loader_Installer::for_this_site(), new Triage\Safe_Mode\Rescue_Links() ) )->active_plugins();
	}

	public function test_deactivating_works_from_inside_a_safe_mode_session_that_hides_the_plugin() {
		if ( is_multisite() ) {
			$this->markTestSkipped( 'Single-site deactivation.' );
		}
		$owner  = $this->log_in_as_site_owner();
		$loader = new Triage_Safe_Mode_Loader(
			Triage_Safe_Mode_Loader::normalize(
				array(
					'u' => $owner,
					'e' => time() + 60,
					'k' => array(),
				)
			)
		);
		$loader->hook();
		$current = new ReflectionProperty( Triage_Safe_Mode_Loader::class, 'current' );
		$current->setAccessible( true );
		$current->setValue( null, $loader );
		$this->assertNotContains( 'bad/bad.php', get_option( 'active_plugins' ), 'Hidden by safe mode.' );
		$this->bisect();
		$this->deactivator->deactivate( array( 'bad/bad.php' ) );
		$current->setValue( null, null );
		$loader->suspend();
		$real = get_option( 'active_plugins' );
		$loader->resume();
		remove_all_filters( 'option_active_plugins' );
		remove_all_filters( 'pre_update_option_active_plugins' );
		$this->assertSame( array( 'alpha/alpha.php', 'gamma/gamma.php', 'keep/keep.php' ), array_values( $real ) );
	}

	public function test_the_active_theme_is_a_candidate_replaced_by_a_default_theme_when_off() {
		update_option( 'stylesheet', 'twentytwentytwo' );
		update_option( 'template', 'twentytwentytwo' );
		$owner   = $this->log_in_as_site_owner();
		$bisect  = $this->bisect();
		$session = $bisect->start( $owner, $this->auto_input() );
		$this->assertContains( 'theme:twentytwentytwo', $session['candidates'] );
		$bisect->probe( $owner, array( 'alpha/alpha.php' ), 0 );
		$bisect->probe( $owner, array( 'alpha/alpha.php', 'theme:twentytwentytwo' ), 1 );
		$this->assertSame( 1, $this->loads[0]['t'], 'Theme off: the default theme stands in.' );
		$this->assertSame( 0, $this->loads[1]['t'], 'Theme on: the active theme loads.' );
		$this->assertSame( array( 'keep/keep.php', 'alpha/alpha.php' ), $this->loads[1]['k'], 'The theme is not a plugin to load.' );
	}
}
