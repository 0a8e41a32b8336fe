<?php
/**
 * Bisection candidates, suspects, deactivation and the REST resource.
 *
 * @package Triage
 */

use Triage\Bisect\Candidates;
use Triage\Bisect\Suspects;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;

require_once __DIR__ . '/Bisect_Test_Case.php';

/**
 * What a bisection tests (the plugins, the theme, suspects from the log) and what it deactivates, through
 * the service and the REST routes.
 */
class Bisect_Candidates_Test extends Bisect_Test_Case {

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

	public function test_recent_fatals_and_updates_make_suspects() {
		$log    = sys_get_temp_dir() . '/triage-bisect-log-' . uniqid( '', true );
		$recent = gmdate( 'd-M-Y H:i:s', time() - HOUR_IN_SECONDS );
		file_put_contents(
			$log,
			"[$recent UTC] PHP Warning:  x in /srv/wp-content/plugins/alpha/a.php on line 2\n" .
			"[$recent UTC] PHP Fatal error:  Uncaught Error: Call to undefined function f() in /srv/wp-content/plugins/gamma/gamma.php:3\n"
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

	public function test_fatals_older_than_a_day_or_than_the_plugins_update_name_no_suspect() {
		$log   = sys_get_temp_dir() . '/triage-bisect-log-' . uniqid( '', true );
		$old   = gmdate( 'd-M-Y H:i:s', time() - 2 * DAY_IN_SECONDS );
		$hour  = gmdate( 'd-M-Y H:i:s', time() - HOUR_IN_SECONDS );
		$fresh = gmdate( 'd-M-Y H:i:s', time() - 60 );
		file_put_contents(
			$log,
			// Days ago: a fault since fixed must not be "tested first" now.
			"[$old UTC] PHP Fatal error:  Uncaught Error: x() in /srv/wp-content/plugins/gamma/gamma.php:3\n" .
			// An hour ago, but alpha was updated since: says nothing about the version installed now.
			"[$hour UTC] PHP Fatal error:  Uncaught Error: y() in /srv/wp-content/plugins/alpha/alpha.php:3\n" .
			// A minute ago, after bad's update: a suspect.
			"[$fresh UTC] PHP Fatal error:  Uncaught Error: z() in /srv/wp-content/plugins/bad/bad.php:3\n" .
			"[$fresh UTC] PHP Fatal error:  Uncaught Error: t() in /srv/wp-content/themes/parent-theme/functions.php:3\n"
		);
		update_option(
			Suspects::UPDATES_OPTION,
			array(
				'alpha/alpha.php' => time() - 30 * MINUTE_IN_SECONDS,
				'bad/bad.php'     => time() - 2 * HOUR_IN_SECONDS,
			),
			false
		);
		$found = $this->suspects()->find( array_merge( self::PLUGINS, array( 'theme:child-theme' ) ), $log, time(), 'parent-theme' );
		unlink( $log );
		$reasons = array_combine( wp_list_pluck( $found, 'id' ), wp_list_pluck( $found, 'reason' ) );
		$this->assertSame( 'fatal', $reasons['bad/bad.php'] );
		// A child theme's parent is part of the theme.
		$this->assertSame( 'fatal', $reasons['theme:child-theme'] );
		// Updated half an hour ago: still a suspect, for its update, not for the older fatal error.
		$this->assertSame( 'updated', $reasons['alpha/alpha.php'] );
		$this->assertArrayNotHasKey( 'gamma/gamma.php', $reasons );
	}

	public function test_a_plugin_files_modification_time_counts_as_its_update() {
		$dir = WP_PLUGIN_DIR . '/triage-suspect-' . wp_generate_password( 6, false );
		mkdir( $dir );
		file_put_contents( $dir . '/main.php', "<?php\n" );
		$id  = basename( $dir ) . '/main.php';
		$log = sys_get_temp_dir() . '/triage-bisect-log-' . uniqid( '', true );
		file_put_contents( $log, '[' . gmdate( 'd-M-Y H:i:s', time() - HOUR_IN_SECONDS ) . ' UTC] PHP Fatal error:  Uncaught Error: z() in ' . $dir . "/main.php:1\n" );
		touch( $dir . '/main.php', time() - 2 * HOUR_IN_SECONDS );
		$before = $this->suspects()->find( array( $id ), $log, time() );
		// Replaced by an update (files written now) after the fatal error.
		touch( $dir . '/main.php', time() - 60 );
		$after = $this->suspects()->find( array( $id ), $log, time() );
		unlink( $log );
		unlink( $dir . '/main.php' );
		rmdir( $dir );
		$this->assertSame( array( $id ), wp_list_pluck( $before, 'id' ) );
		$this->assertSame( array(), $after );
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

	/**
	 * The active plugins the deactivator sees.
	 *
	 * @return array<string, array{name: string, network: bool}>
	 */
	private function deactivator_plugins() {
		return ( new Safe_Mode_Sessions( Loader_Installer::for_this_site(), new Rescue_Links() ) )->active_plugins();
	}
}
