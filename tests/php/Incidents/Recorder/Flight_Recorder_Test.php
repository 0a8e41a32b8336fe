<?php
/**
 * Markers left behind become killed requests only when their worker died: pid gone, pid reused, too old.
 *
 * @package Triage
 */

require_once __DIR__ . '/Recorder_Test_Case.php';

use Triage\Incidents\Recorder\Recorder_Settings;

/**
 * Flight_Recorder on a fixture /proc and a temp private folder.
 */
class Flight_Recorder_Test extends Recorder_Test_Case {

	/**
	 * The killed requests, keyed by pid.
	 *
	 * @param array $killed killed_requests().
	 * @return array<int, array>
	 */
	private function by_pid( array $killed ) {
		return array_column( $killed, null, 'pid' );
	}

	public function test_a_marker_whose_pid_is_gone_is_a_killed_request() {
		$this->add_marker( 4242, self::NOW - 100.25, '/shop/?p=7', 'POST', true );
		$killed = $this->recorder()->killed_requests( 0 );
		$this->assertCount( 1, $killed );
		$this->assertSame(
			array(
				'started'   => self::NOW - 101,
				'pid'       => 4242,
				'method'    => 'POST',
				'uri'       => '/shop/?p=7',
				'logged_in' => true,
				'ran_for'   => null,
				'why'       => 'pid_gone',
			),
			$killed[0]
		);
	}

	public function test_a_pid_now_held_by_a_younger_process_or_another_program_is_reused() {
		// 100: a PHP worker started 50 s after the marker; 101: an old process, but not a PHP server.
		$this->add_process( 100, self::NOW - 50 );
		$this->add_marker( 100, self::NOW - 100 );
		$this->add_process( 101, self::NOW - 5000, 'postgres' );
		$this->add_marker( 101, self::NOW - 100 );
		$killed = $this->by_pid( $this->recorder()->killed_requests( 0 ) );
		$this->assertEqualsCanonicalizing( array( 100, 101 ), array_keys( $killed ) );
		$this->assertSame( 'pid_reused', $killed[100]['why'] );
		$this->assertSame( 'pid_reused', $killed[101]['why'] );
	}

	public function test_a_request_still_running_in_its_worker_is_ignored_and_kept() {
		// The worker started long before the request, which is young.
		$this->add_process( 200, self::NOW - 5000 );
		$file = $this->add_marker( 200, self::NOW - 10 );
		// A worker that started within a second before the request it serves (ondemand spawning).
		$this->add_process( 201, self::NOW - 10.5 );
		$this->add_marker( 201, self::NOW - 10 );
		$recorder = $this->recorder();
		$this->assertSame( array(), $recorder->killed_requests( 0 ) );
		$this->assertFileExists( $file );
		$this->assertSame( 2, $recorder->state()['markers'] );
	}

	public function test_a_marker_far_older_than_the_time_limit_in_a_living_worker_is_too_old() {
		$this->add_process( 300, self::NOW - 5000 );
		// Limit 30 s: a living worker's marker counts only past 2 × 30 + 60 s (max_execution_time is CPU time).
		$this->add_marker( 300, self::NOW - 119 );
		$this->assertSame( array(), $this->recorder( 30 )->killed_requests( 0 ) );
		$this->add_marker( 300, self::NOW - 121 );
		$killed = $this->recorder( 30 )->killed_requests( 0 );
		$this->assertCount( 1, $killed );
		$this->assertSame( 'too_old', $killed[0]['why'] );
		$this->assertSame( 121, $killed[0]['ran_for'] );
	}

	public function test_without_proc_only_markers_older_than_the_limit_count() {
		$hidden = $this->temp_dir();
		$this->add_marker( 400, self::NOW - 80 );
		$this->add_marker( 401, self::NOW - 200 );
		$killed = $this->recorder( 30, null, $hidden )->killed_requests( 0 );
		$this->assertSame( array( 401 ), array_column( $killed, 'pid' ) );
		$this->assertSame( 'too_old', $killed[0]['why'] );
		// No limit known: an hour.
		$this->assertSame( array(), $this->recorder( 0, null, $hidden, self::NOW - 200 + 3600 )->killed_requests( 0 ) );
	}

	public function test_a_worker_php_fpm_shows_idle_or_on_a_newer_request_ended_it_and_the_marker_goes() {
		$this->add_process( 500, self::NOW - 5000 );
		$idle = $this->add_marker( 500, self::NOW - 20 );
		$this->add_process( 501, self::NOW - 5000 );
		$newer = $this->add_marker( 501, self::NOW - 20 );
		$this->add_process( 502, self::NOW - 5000 );
		$running = $this->add_marker( 502, self::NOW - 20 );
		$status  = static function () {
			return array(
				'pool'  => 'www',
				'procs' => array(
					array(
						'pid'              => 500,
						'state'            => 'Idle',
						'request-duration' => 1000,
					),
					array(
						'pid'              => 501,
						'state'            => 'Running',
						'request-duration' => 3000000,
					),
					array(
						'pid'              => 502,
						'state'            => 'Running',
						'request-duration' => 20000000,
					),
				),
			);
		};
		$this->assertSame( array(), $this->recorder( 30, $status )->killed_requests( 0 ) );
		$this->assertFileDoesNotExist( $idle );
		$this->assertFileDoesNotExist( $newer );
		$this->assertFileExists( $running );
	}

	public function test_since_filters_and_half_written_markers_are_skipped() {
		$this->add_marker( 600, self::NOW - 7200 );
		$this->add_marker( 601, self::NOW - 60 );
		file_put_contents( $this->private . '/recorder_602_1-' . self::KEY . '.run', "v1\t17000" );
		file_put_contents( $this->private . '/recorder_603_1-' . str_repeat( 'f', 32 ) . '.run', Triage_Flight_Recorder_Loader::marker_line( self::NOW - 60, 603, 'GET', '/', false ) );
		$this->assertSame( array( 601 ), array_column( $this->recorder()->killed_requests( self::NOW - 3600 ), 'pid' ) );
		$this->assertSame( array( 600, 601 ), array_column( $this->recorder()->killed_requests( 0 ), 'pid' ) );
	}

	public function test_real_proc_sees_this_process_as_live_and_a_finished_child_as_gone() {
		if ( ! is_readable( '/proc/stat' ) || ! function_exists( 'pcntl_fork' ) ) {
			$this->markTestSkipped( 'Needs /proc and pcntl.' );
		}
		$child = pcntl_fork();
		if ( 0 === $child ) {
			exit( 0 ); // phpcs:ignore -- the child only has to exist and end.
		}
		pcntl_waitpid( $child, $status );
		$this->add_marker( getmypid(), microtime( true ) - 1 );
		$this->add_marker( $child, microtime( true ) - 1 );
		$recorder = new Triage\Incidents\Recorder\Flight_Recorder(
			new Recorder_Settings(),
			$this->installer(),
			static function () {
				return new WP_Error( 'none', 'none' );
			},
			new Triage\Incidents\Recorder\Process_Table(),
			null,
			static function () {
				return 30;
			},
			static function () {
				return null;
			}
		);
		$killed   = $recorder->killed_requests( 0 );
		$this->assertSame( array( $child ), array_column( $killed, 'pid' ) );
		$this->assertSame( 'pid_gone', $killed[0]['why'] );
	}

	public function test_finished_requests_name_the_plugin_and_hide_secrets() {
		$done = $this->private . '/recorder_700-' . self::KEY . '.done';
		Triage_Flight_Recorder_Loader::keep_in_file( $done, Triage_Flight_Recorder_Loader::record_line( self::NOW - 30, self::NOW - 25, 700, 'GET', '/slow', 52428800, null ) );
		Triage_Flight_Recorder_Loader::keep_in_file(
			$done,
			Triage_Flight_Recorder_Loader::record_line(
				self::NOW - 10,
				self::NOW - 9.5,
				700,
				'POST',
				'/checkout',
				134217728,
				array(
					'message' => 'Uncaught Exception: password=hunter2 rejected',
					'file'    => WP_PLUGIN_DIR . '/shop-helper/includes/pay.php',
					'line'    => 12,
				)
			)
		);
		$finished = $this->recorder()->finished( 0 );
		$this->assertCount( 2, $finished );
		$this->assertSame( '/checkout', $finished[0]['uri'] );
		$this->assertSame( 500, $finished[0]['duration_ms'] );
		$this->assertSame( 134217728, $finished[0]['peak_memory'] );
		$this->assertSame( 'shop-helper', $finished[0]['fatal']['plugin'] );
		$this->assertSame( 12, $finished[0]['fatal']['line'] );
		$this->assertStringNotContainsString( 'hunter2', $finished[0]['fatal']['message'] );
		$this->assertNull( $finished[1]['fatal'] );
		$this->assertSame( 5000, $finished[1]['duration_ms'] );
		$this->assertCount( 1, $this->recorder()->finished( self::NOW - 20 ) );
	}

	/**
	 * Plugin attribution from a fatal error's file.
	 *
	 * @return array
	 */
	public function plugin_files() {
		return array(
			'folder plugin'      => array( WP_PLUGIN_DIR . '/akismet/class.akismet.php', 'akismet' ),
			'single-file plugin' => array( WP_PLUGIN_DIR . '/hello.php', 'hello' ),
			'must-use plugin'    => array( WPMU_PLUGIN_DIR . '/site-tweaks.php', 'site-tweaks' ),
			'elsewhere'          => array( '/srv/other/wp-content/plugins/woo/x.php', 'woo' ),
			'core'               => array( ABSPATH . 'wp-includes/class-wpdb.php', null ),
			'theme'              => array( WP_CONTENT_DIR . '/themes/twentytwentyfour/functions.php', null ),
		);
	}

	/**
	 * The plugin a file belongs to.
	 *
	 * @dataProvider plugin_files
	 *
	 * @param string      $file   File.
	 * @param string|null $plugin Expected slug.
	 */
	public function test_plugin_of( $file, $plugin ) {
		$this->assertSame( $plugin, Triage\Incidents\Recorder\Flight_Recorder::plugin_of( $file ) );
	}

	public function test_clean_up_removes_old_markers_and_records_and_keeps_recent_ones() {
		$old    = $this->add_marker( 800, self::NOW - 800000 );
		$recent = $this->add_marker( 801, self::NOW - 100 );
		$done   = $this->private . '/recorder_800-' . self::KEY . '.done';
		file_put_contents( $done, "{}\n" );
		touch( $done, self::NOW - 800000 );
		$state = $this->recorder()->state();
		$this->assertFileDoesNotExist( $old );
		$this->assertFileDoesNotExist( $done );
		$this->assertFileExists( $recent );
		$this->assertSame( 1, $state['killed'] );
	}

	public function test_records_of_a_worker_stay_bounded() {
		$done   = $this->private . '/recorder_900-' . self::KEY . '.done';
		$record = Triage_Flight_Recorder_Loader::record_line( self::NOW - 10, self::NOW, 900, 'GET', '/' . str_repeat( 'a', 200 ), 1, null );
		for ( $i = 0; $i < 400; $i++ ) {
			Triage_Flight_Recorder_Loader::keep_in_file( $done, $record );
		}
		$this->assertLessThanOrEqual( Triage_Flight_Recorder_Loader::FILE_BYTES + strlen( $record ) + 1, filesize( $done ) );
		foreach ( file( $done, FILE_IGNORE_NEW_LINES ) as $line ) {
			$this->assertSame( $record, $line );
		}
	}

	public function test_a_worker_s_file_is_reused_and_a_marker_found_there_is_kept_aside() {
		$this->add_process( 1200, self::NOW - 5000 );
		$first = Triage_Flight_Recorder_Loader::write_marker( $this->private, self::KEY, 1200, Triage_Flight_Recorder_Loader::marker_line( self::NOW - 60, 1200, 'GET', '/first', false ) );
		$this->assertSame( $this->private . '/recorder_1200-' . self::KEY . '.run', $first );
		// The request ended: its file is emptied, not removed, and is no marker.
		file_put_contents( $first, '' );
		$this->assertSame( $first, Triage_Flight_Recorder_Loader::write_marker( $this->private, self::KEY, 1200, Triage_Flight_Recorder_Loader::marker_line( self::NOW - 50, 1200, 'GET', '/second', false ) ) );
		$this->assertSame( array(), glob( $this->private . '/*.left' ) );
		// /second never ended (its shutdown did not run), and the same worker starts /third.
		Triage_Flight_Recorder_Loader::write_marker( $this->private, self::KEY, 1200, Triage_Flight_Recorder_Loader::marker_line( self::NOW - 10, 1200, 'GET', '/third', false ) );
		$left = glob( $this->private . '/recorder_1200_*-' . self::KEY . '.left' );
		$this->assertCount( 1, $left );
		$this->assertStringContainsString( '/second', file_get_contents( $left[0] ) );
		$this->assertStringContainsString( '/third', file_get_contents( $first ) );
		// The same process went on: /second was not killed, and its kept-aside marker goes.
		$this->assertSame( array(), $this->recorder()->killed_requests( 0 ) );
		$this->assertFileDoesNotExist( $left[0] );
	}

	public function test_a_marker_kept_aside_by_a_younger_process_with_the_same_pid_is_killed() {
		// Pid 1300 died in /a; a new worker got pid 1300 and started /b.
		$this->add_process( 1300, self::NOW - 30 );
		Triage_Flight_Recorder_Loader::write_marker( $this->private, self::KEY, 1300, Triage_Flight_Recorder_Loader::marker_line( self::NOW - 100, 1300, 'GET', '/a', false ) );
		Triage_Flight_Recorder_Loader::write_marker( $this->private, self::KEY, 1300, Triage_Flight_Recorder_Loader::marker_line( self::NOW - 20, 1300, 'GET', '/b', false ) );
		$killed = $this->recorder()->killed_requests( 0 );
		$this->assertSame( array( '/a' ), array_column( $killed, 'uri' ) );
		$this->assertSame( 'pid_reused', $killed[0]['why'] );
	}

	public function test_empty_worker_files_idle_for_an_hour_are_removed() {
		$idle  = $this->private . '/recorder_1400-' . self::KEY . '.run';
		$fresh = $this->private . '/recorder_1401-' . self::KEY . '.run';
		file_put_contents( $idle, '' );
		file_put_contents( $fresh, '' );
		touch( $idle, self::NOW - 3700 );
		touch( $fresh, self::NOW - 60 );
		$this->recorder()->state();
		$this->assertFileDoesNotExist( $idle );
		$this->assertFileExists( $fresh );
	}

	public function test_uninstalling_removes_markers_and_records_with_triage_s_other_files() {
		$marker = $this->add_marker( 1000, self::NOW - 10 );
		$done   = $this->private . '/recorder_1000-' . self::KEY . '.done';
		file_put_contents( $done, "{}\n" );
		$this->assertTrue( Triage\Files\Private_Directory::remove_triage_files( $this->private ) );
		$this->assertFileDoesNotExist( $marker );
		$this->assertFileDoesNotExist( $done );
	}

	public function test_forget_all_removes_what_the_recorder_wrote_and_nothing_else() {
		$marker = $this->add_marker( 1100, self::NOW - 10 );
		$done   = $this->private . '/recorder_1100-' . self::KEY . '.done';
		$other  = $this->private . '/debug-' . str_repeat( 'a', 32 ) . '.log';
		file_put_contents( $done, "{}\n" );
		file_put_contents( $other, 'x' );
		$this->recorder()->forget_all();
		$this->assertFileDoesNotExist( $marker );
		$this->assertFileDoesNotExist( $done );
		$this->assertFileExists( $other );
	}

	public function test_start_writes_the_switch_into_the_loader_and_stop_clears_it() {
		$recorder = $this->recorder();
		$state    = $recorder->start( 3600 );
		$this->assertIsArray( $state );
		$this->assertTrue( $state['on'] );
		$this->assertSame( self::NOW + 3600, $state['until'] );
		$this->assertSame( self::NOW, $state['started'] );
		$this->assertSame( 'file', $state['storage'] );
		$loader = Recorder_Settings::read_from_loader( file_get_contents( $this->mu . '/triage-loader.php' ) );
		$this->assertSame( self::NOW + 3600, $loader['until'] );
		$this->assertSame( $this->private, $loader['dir'] );
		$this->assertSame( self::KEY, $loader['key'] );
		$this->assert_loader_lints();

		$state = $recorder->stop();
		$this->assertFalse( $state['on'] );
		$this->assertNull( $state['until'] );
		$this->assertSame( self::NOW, $state['started'] );
		$this->assertSame( 0, Recorder_Settings::read_from_loader( file_get_contents( $this->mu . '/triage-loader.php' ) )['until'] );
	}

	public function test_a_recording_past_its_time_is_off() {
		$this->recorder()->start( 3600 );
		$later = $this->recorder( 30, null, null, self::NOW + 3601 )->state();
		$this->assertFalse( $later['on'] );
		$this->assertNull( $later['until'] );
	}

	public function test_the_loader_being_updated_keeps_the_recorder_on() {
		$this->recorder()->start( 600 );
		$installer = $this->installer();
		$installer->install();
		$this->assertSame( self::NOW + 600, Recorder_Settings::read_from_loader( file_get_contents( $installer->target() ) )['until'] );
	}

	public function test_a_private_folder_the_loader_cannot_name_is_refused_without_apcu() {
		if ( function_exists( 'apcu_enabled' ) && apcu_enabled() ) {
			$this->markTestSkipped( 'With APCu the folder is not needed.' );
		}
		$this->private = $this->temp_dir() . "/it's";
		mkdir( $this->private );
		$result = $this->recorder()->start( 3600 );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_recorder_no_storage', $result->get_error_code() );
		$this->assertFileDoesNotExist( $this->mu . '/triage-loader.php' );
	}

	public function test_bad_durations_are_refused() {
		foreach ( array( 59, 604801, -1 ) as $seconds ) {
			$result = $this->recorder()->start( $seconds );
			$this->assertInstanceOf( WP_Error::class, $result );
			$this->assertSame( 400, $result->get_error_data()['status'] );
		}
		$this->assertFileDoesNotExist( $this->mu . '/triage-loader.php' );
	}

	public function test_a_site_that_forbids_installing_code_gets_the_lines_to_set_by_hand() {
		add_filter( 'file_mod_allowed', '__return_false' );
		$result = $this->recorder()->start( 3600 );
		$state  = $this->recorder()->state();
		remove_filter( 'file_mod_allowed', '__return_false' );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_recorder_file_mods', $result->get_error_code() );
		$this->assertSame( 409, $result->get_error_data()['status'] );
		$this->assertStringContainsString( 'const UNTIL = ' . ( self::NOW + 3600 ) . ';', $result->get_error_data()['manual'] );
		$this->assertStringContainsString( "const KEY = '" . self::KEY . "';", $result->get_error_data()['manual'] );
		$this->assertFileDoesNotExist( $this->mu . '/triage-loader.php' );
		$this->assertSame( 0, ( new Recorder_Settings() )->get()['until'] );
		$this->assertFalse( $state['on'] );
		$this->assertNotNull( $state['blocked'] );
	}

	/**
	 * The installed loader is valid PHP.
	 *
	 * @return void
	 */
	private function assert_loader_lints() {
		exec( escapeshellarg( PHP_BINARY ) . ' -l ' . escapeshellarg( $this->mu . '/triage-loader.php' ) . ' 2>&1', $output, $status );
		$this->assertSame( 0, $status, implode( "\n", $output ) );
	}
}
