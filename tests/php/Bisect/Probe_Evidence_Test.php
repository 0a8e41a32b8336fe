<?php
/**
 * A probe is judged by its own request: the loader's report, never the shared log.
 *
 * @package Triage
 */

use Triage\Bisect\Candidates;
use Triage\Bisect\Probe_Runner;
use Triage\Bisect\Symptom;

require_once __DIR__ . '/Bisect_Test_Case.php';

/**
 * Evidence, leads, dead workers, slow answers and the theme's place in a bisection.
 */
class Probe_Evidence_Test extends Bisect_Test_Case {

	/**
	 * PHP's error_log before the test.
	 *
	 * @var string
	 */
	private $error_log;

	protected function set_up() {
		parent::set_up();
		$this->error_log = (string) ini_get( 'error_log' );
	}

	protected function tear_down() {
		ini_set( 'error_log', $this->error_log ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- restores the test's own change.
		parent::tear_down();
	}

	/**
	 * An automatic session with the fatal error test on, started as the site owner.
	 *
	 * @return array{0: int, 1: \Triage\Bisect\Bisect_Sessions}
	 */
	private function started() {
		$owner  = $this->log_in_as_site_owner();
		$bisect = $this->bisect();
		$bisect->start(
			$owner,
			$this->auto_input(
				array(
					'tests' => array(
						'status' => true,
						'fatal'  => true,
					),
				)
			)
		);
		return array( $owner, $bisect );
	}

	public function test_a_visitors_fatal_in_the_shared_log_during_a_probe_is_not_the_probes() {
		list( $owner, $bisect ) = $this->started();
		$log                    = get_temp_dir() . 'triage-shared-' . wp_generate_password( 8, false ) . '.log';
		ini_set( 'error_log', $log ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- the shared log visitors write to.
		$visitor = static function ( $pre ) {
			// A visitor of the broken site hits it while the probe runs.
			error_log( 'PHP Fatal error:  Uncaught Error: Call to undefined function bad_helper() in ' . WP_PLUGIN_DIR . '/bad/bad.php:3' ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the visitor's line.
			return $pre;
		};
		add_filter( 'pre_http_request', $visitor, 5 );
		$result = $bisect->probe( $owner, array( 'alpha/alpha.php' ), 0 );
		remove_filter( 'pre_http_request', $visitor, 5 );
		$shared = (string) file_get_contents( $log );
		unlink( $log );

		$this->assertStringContainsString( 'bad_helper', $shared, 'The visitor did write to the shared log.' );
		$probe = $result['observation']['probe'];
		$this->assertSame( 'pass', $probe['verdict'] );
		$this->assertSame( array(), $probe['log'], 'No line of another request is shown as the probe’s.' );
		$this->assertTrue( $probe['reported'] );
		$this->assertNull( $probe['lead'] );
	}

	public function test_a_failing_probe_shows_its_own_errors_with_their_plugin_and_names_the_lead() {
		list( $owner, $bisect ) = $this->started();
		$probe                  = $bisect->probe( $owner, array( 'bad/bad.php', 'gamma/gamma.php' ), 0 )['observation']['probe'];

		$this->assertSame( array( 'status', 'fatal' ), $probe['failed'] );
		$this->assertCount( 1, $probe['log'] );
		$this->assertSame( 'fatal', $probe['log'][0]['level'] );
		$this->assertSame( 'bad', $probe['log'][0]['plugin'] );
		$this->assertNull( $probe['log'][0]['theme'] );
		$this->assertStringEndsWith( 'plugins/bad/bad.php', $probe['log'][0]['file'] );
		$this->assertStringStartsNotWith( '/', $probe['log'][0]['file'], 'Shown below the site’s folder.' );
		$this->assertSame(
			array(
				'type'      => 'plugin',
				'slug'      => 'bad',
				'file'      => $probe['log'][0]['file'],
				'candidate' => 'bad/bad.php',
			),
			$probe['lead']
		);
	}

	public function test_a_worker_that_died_is_evidence_not_a_borrowed_log_line() {
		list( $owner, $bisect ) = $this->started();
		$this->reports          = false;
		$probe                  = $bisect->probe( $owner, array( 'bad/bad.php' ), 0 )['observation']['probe'];

		$this->assertTrue( $probe['accepted'], 'The loader spent the nonce: the override applied.' );
		$this->assertFalse( $probe['reported'] );
		$this->assertSame( array(), $probe['log'] );
		$this->assertSame( 'The request ended without a report: the PHP worker died or was killed (the web server answered HTTP 500 for it).', $probe['note'] );
		$this->assertSame( array( 'status', 'fatal' ), $probe['failed'] );
	}

	public function test_the_note_says_what_a_missing_report_means() {
		$this->assertNull( Probe_Runner::note( false, false, 502, false ), 'Never reached WordPress: refused elsewhere, no note.' );
		$this->assertNull( Probe_Runner::note( true, true, 500, false ) );
		$this->assertStringContainsString( 'had not ended', Probe_Runner::note( true, false, null, true ) );
		$this->assertStringContainsString( 'without an answer: the PHP worker died', Probe_Runner::note( true, false, null, false ) );
		$this->assertStringContainsString( 'answered HTTP 200 but left no report', Probe_Runner::note( true, false, 200, false ) );
	}

	public function test_a_probe_that_never_reached_wordpress_is_not_accepted() {
		list( $owner, $bisect ) = $this->started();
		remove_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10 );
		$proxy = static function () {
			// A proxy that dropped the header answers 502 on its own: the nonce is never spent.
			return array(
				'headers'  => array(),
				'body'     => 'Bad gateway',
				'response' => array( 'code' => 502 ),
				'cookies'  => array(),
				'filename' => null,
			);
		};
		add_filter( 'pre_http_request', $proxy );
		$result = $bisect->probe( $owner, array( 'bad/bad.php' ), 0 );
		remove_filter( 'pre_http_request', $proxy );
		$this->assertSame( 'triage_bisect_probe_ignored', $result->get_error_code() );
	}

	public function test_only_a_real_no_answer_is_a_timeout() {
		$symptom = Symptom::from_array(
			array(
				'url'     => '/',
				'timeout' => 2,
				'tests'   => array( 'slower_than' => 3 ),
			),
			array( home_url( '/' ) )
		);
		$seen    = array();
		$slow    = static function ( $pre, $args ) use ( &$seen ) {
			$seen[] = $args['timeout'];
			return new WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out after 8001 milliseconds' );
		};
		remove_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10 );
		add_filter( 'pre_http_request', $slow, 5, 2 );
		$probe = ( new Probe_Runner( $this->attributor() ) )->run( $symptom, 1, array(), false );
		remove_filter( 'pre_http_request', $slow, 5 );

		$this->assertSame( array( 8.0 ), $seen, 'The probe waits past the 3 s limit, so a 4.07 s answer is measured.' );
		$this->assertTrue( $probe['timed_out'] );
		$this->assertSame( 'No answer within 8 s.', $probe['error'] );
	}

	public function test_a_fatal_in_a_theme_file_is_a_lead_for_the_theme_and_its_child() {
		$runner  = new Probe_Runner( $this->attributor() );
		$entries = $runner->entries(
			array(
				array(
					'level'   => 'deprecated',
					'message' => 'Function x is deprecated',
					'file'    => WP_PLUGIN_DIR . '/alpha/alpha.php',
					'line'    => 9,
				),
				array(
					'level'   => 'fatal',
					'message' => "Uncaught Error: Call to undefined function y() in\nStack trace: #0 {main}",
					'file'    => get_theme_root() . '/parent-theme/functions.php',
					'line'    => 12,
				),
				'not an entry',
			)
		);
		$this->assertSame( array( 'deprecated', 'fatal' ), wp_list_pluck( $entries, 'level' ) );
		$this->assertSame( 'alpha', $entries[0]['plugin'] );
		$this->assertSame( 'parent-theme', $entries[1]['theme'] );
		$lead = Probe_Runner::lead( $entries );
		$this->assertSame( 'theme', $lead['type'] );
		$this->assertSame( 'parent-theme', $lead['slug'] );
		// The parent of the active child theme is part of the theme candidate.
		$this->assertSame( 'theme:child-theme', Candidates::id_for( 'theme', 'parent-theme', array( 'alpha/alpha.php', 'theme:child-theme' ), 'parent-theme' ) );
		$this->assertNull( Candidates::id_for( 'theme', 'other-theme', array( 'theme:child-theme' ), 'parent-theme' ) );
		$this->assertSame( 'alpha/alpha.php', Candidates::id_for( 'plugin', 'alpha', array( 'alpha/alpha.php' ) ) );
	}

	public function test_the_newest_default_theme_is_tested_with_another_theme_standing_in() {
		// Each WordPress under test runs its own newest default theme (6.5: Twenty Twenty-Four, 7.1: Twenty
		// Twenty-Five); the one before it stands in.
		$active = get_option( 'stylesheet' );
		$this->assertContains( $active, array( 'twentytwentyfour', 'twentytwentyfive' ), 'The test site runs the newest default theme it has.' );
		$stand_in = 'twentytwentyfive' === $active ? 'twentytwentyfour' : 'twentytwentythree';
		$owner    = $this->log_in_as_site_owner();
		$bisect   = $this->bisect();
		$session  = $bisect->start( $owner, $this->auto_input() );

		$this->assertContains( 'theme:' . $active, $session['candidates'] );
		$this->assertSame(
			array(
				'id'       => 'theme:' . $active,
				'name'     => wp_get_theme( $active )->get( 'Name' ),
				'tested'   => true,
				'reason'   => 'tested',
				'stand_in' => $stand_in,
			),
			$session['theme']
		);
		$bisect->probe( $owner, array( 'alpha/alpha.php' ), 0 );
		$this->assertSame( 1, $this->loads[0]['t'], 'A probe without the theme loads the stand-in.' );

		$kept = $bisect->start( $owner, array_merge( $this->auto_input(), array( 'must_keep' => array( 'keep/keep.php', 'theme:' . $active ) ) ) );
		$this->assertFalse( $kept['theme']['tested'] );
		$this->assertSame( 'kept', $kept['theme']['reason'] );
	}

	public function test_the_stand_in_is_a_default_theme_other_than_the_active_one_or_its_parent_else_triages_own() {
		$themes = get_temp_dir() . 'triage-themes-' . wp_generate_password( 8, false );
		$own    = TRIAGE_TESTS_ROOT . '/themes';
		mkdir( $themes );
		$this->assertSame( Triage_Safe_Mode_Loader::STAND_IN_THEME, Triage_Safe_Mode_Loader::stand_in_theme( $themes, 'my-theme', 'my-theme', $own ) );
		$this->assertSame( '', Triage_Safe_Mode_Loader::stand_in_theme( $themes, 'my-theme', 'my-theme', $themes . '/nothing' ), 'Nothing can stand in: the theme cannot be tested.' );
		foreach ( array( 'twentytwentyfive', 'twentytwentyfour' ) as $slug ) {
			mkdir( $themes . '/' . $slug );
			file_put_contents( $themes . '/' . $slug . '/style.css', "/*\nTheme Name: $slug\n*/" );
		}
		$this->assertSame( 'twentytwentyfive', Triage_Safe_Mode_Loader::stand_in_theme( $themes, 'my-theme', 'my-theme', $own ) );
		$this->assertSame( 'twentytwentyfour', Triage_Safe_Mode_Loader::stand_in_theme( $themes, 'twentytwentyfive', 'twentytwentyfive', $own ) );
		// A child of Twenty Twenty-Four on a site that also has Twenty Twenty-Five.
		$this->assertSame( 'twentytwentyfive', Triage_Safe_Mode_Loader::stand_in_theme( $themes, 'my-child', 'twentytwentyfour', $own ) );
		// Only the active theme's own family is installed: Triage's stand-in.
		$this->assertSame( Triage_Safe_Mode_Loader::STAND_IN_THEME, Triage_Safe_Mode_Loader::stand_in_theme( $themes, 'twentytwentyfive', 'twentytwentyfour', $own ) );
		foreach ( array( 'twentytwentyfive', 'twentytwentyfour' ) as $slug ) {
			unlink( $themes . '/' . $slug . '/style.css' );
			rmdir( $themes . '/' . $slug );
		}
		rmdir( $themes );
		$this->assertFileExists( $own . '/' . Triage_Safe_Mode_Loader::STAND_IN_THEME . '/index.php', 'The stand-in is a complete classic theme.' );
	}

	public function test_a_session_stored_before_probes_reported_their_own_errors_reads_in_the_new_shape() {
		$owner   = $this->log_in_as_site_owner();
		$bisect  = $this->bisect();
		$session = $bisect->start( $owner, $this->auto_input() );
		unset( $session['theme'] );
		$session['observations'][] = array(
			'set'     => array(),
			'verdict' => 'fail',
			'source'  => 'probe',
			'at'      => time(),
			'probe'   => array(
				'verdict'     => 'fail',
				'failed'      => array( 'fatal' ),
				'status'      => 200,
				'time'        => 0.1,
				'error'       => null,
				'timed_out'   => false,
				'accepted'    => true,
				'fatal'       => null,
				'peak_memory' => 1,
				'log'         => array( '[02-Dec-2026 05:00:00 UTC] PHP Fatal error:  a visitor’s line' ),
			),
		);
		update_user_meta( $owner, \Triage\Bisect\Bisect_Sessions::META_PREFIX . get_current_blog_id(), $session );
		$read  = $bisect->get( $owner );
		$probe = $read['observations'][0]['probe'];
		$this->assertNull( $read['theme'] );
		$this->assertSame( array(), $probe['log'] );
		$this->assertFalse( $probe['reported'] );
		$this->assertSame( 0, $probe['log_more'] );
		$this->assertNull( $probe['lead'] );
	}
}
