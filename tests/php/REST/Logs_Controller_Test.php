<?php
/**
 * The log routes on real files.
 *
 * @package Triage
 */

use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Archiver;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;

require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';

/**
 * Logs controller.
 */
class Logs_Controller_Test extends Triage_REST_TestCase {

	/**
	 * Adds a log through the option and returns its id.
	 *
	 * @param string $name    File name.
	 * @param string $content Content.
	 * @param string $dir     Directory.
	 * @return string
	 */
	private function add_log( $name, $content, $dir = '' ) {
		$path = Log_Fixtures::write( $name, $content, $dir );
		$old  = get_option( Log_Sources::OPTION, array() );
		update_option( Log_Sources::OPTION, array_merge( (array) $old, array( $path ) ) );
		return Log_Sources::custom_id( $path );
	}

	/**
	 * Dispatches and asserts the body encodes as JSON.
	 *
	 * @param string $method Method.
	 * @param string $route  Route.
	 * @param array  $params Params.
	 * @return WP_REST_Response
	 */
	private function call( $method, $route, array $params = array() ) {
		$response = $this->dispatch( $method, $route, $params );
		$this->assertNotFalse( wp_json_encode( $response->get_data() ), "$route gave data that is not valid JSON." );
		return $response;
	}

	protected function set_up() {
		$this->log_in_as_site_owner();
	}

	public function test_sources_list_size_mtime_readable_and_host() {
		$id       = $this->add_log( 'app.log', Log_Fixtures::line( 'PHP Notice:  hi in /a.php on line 1' ) );
		$response = $this->call( 'GET', '/triage/v1/logs' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( gethostname(), $data['host'] );
		$source = wp_list_filter( $data['sources'], array( 'id' => $id ) );
		$source = reset( $source );
		$this->assertTrue( $source['readable'] );
		$this->assertSame( strlen( Log_Fixtures::line( 'PHP Notice:  hi in /a.php on line 1' ) ), $source['size'] );
		$this->assertIsInt( $source['modified'] );
		$this->assertTrue( $source['archivable'] );
	}

	public function test_tail_and_summary_attribute_to_the_plugin_by_name() {
		$file = WP_PLUGIN_DIR . '/hello.php';
		$log  = Log_Fixtures::line( "PHP Warning:  Undefined variable \$lyrics in $file on line 60" ) . Log_Fixtures::line( "PHP Warning:  Undefined variable \$lyrics in $file on line 60", 1 );
		$id   = $this->add_log( 'app.log', $log );

		$tail = $this->call( 'GET', "/triage/v1/logs/$id/tail" )->get_data();
		$this->assertCount( 2, $tail['entries'] );
		$this->assertSame( 'warning', $tail['entries'][0]['severity'] );
		$this->assertSame( 'plugin', $tail['entries'][0]['attribution']['type'] );
		$this->assertSame( 'hello', $tail['entries'][0]['attribution']['slug'] );
		$this->assertSame( 'Hello Dolly', $tail['entries'][0]['attribution']['name'] );
		$this->assert_matches_schema( $this->route_schema( "/triage/v1/logs/$id/tail" ), $tail );

		$summary = $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data();
		$this->assertTrue( $summary['done'] );
		$this->assertCount( 1, $summary['groups'] );
		$this->assertSame( 2, $summary['groups'][0]['count'] );
		$this->assertSame( 'Hello Dolly', $summary['groups'][0]['attribution']['name'] );
		$this->assert_matches_schema( $this->route_schema( "/triage/v1/logs/$id/summary" ), $summary );
	}

	public function test_grouped_errors_that_stand_for_a_cause_of_5xx_carry_its_label_and_fix() {
		$wpdb = ABSPATH . 'wp-includes/class-wpdb.php';
		$log  = Log_Fixtures::line( "PHP Warning:  mysqli_real_connect(): (HY000/2002): No such file or directory in $wpdb on line 1987" )
			. Log_Fixtures::line( 'PHP Fatal error:  Maximum execution time of 30 seconds exceeded in ' . ABSPATH . 'wp-includes/plugin.php on line 12', 1 )
			. Log_Fixtures::line( 'PHP Notice:  nothing to see in /a.php on line 1', 2 );
		$id   = $this->add_log( 'app.log', $log );

		$summary = $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data();
		$causes  = array();
		foreach ( $summary['groups'] as $group ) {
			$causes[ $group['severity'] ] = $group['cause'];
		}
		$this->assertSame( 'database_unreachable', $causes['warning']['cause'] );
		$this->assertSame( 'WordPress could not reach the database', $causes['warning']['label'] );
		$this->assertNotEmpty( $causes['warning']['fix'] );
		$this->assertSame( 'execution_timeout', $causes['fatal']['cause'] );
		$this->assertNull( $causes['notice'] );
		$this->assert_matches_schema( $this->route_schema( "/triage/v1/logs/$id/summary" ), $summary );
	}

	public function test_summary_continues_from_saved_state_after_growth() {
		$id    = $this->add_log( 'app.log', Log_Fixtures::line( 'PHP Notice:  one in /a.php on line 1' ) );
		$first = $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data();
		$this->assertSame( 1, $first['entries'] );
		$path = $this->get_path( $id );
		file_put_contents( $path, Log_Fixtures::line( 'PHP Notice:  two in /a.php on line 2', 1 ), FILE_APPEND );
		$second = $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data();
		$this->assertSame( 2, $second['entries'] );
		$this->assertCount( 2, $second['groups'] );
		$again = $this->call( 'GET', "/triage/v1/logs/$id/summary", array( 'restart' => true ) )->get_data();
		$this->assertSame( 2, $again['entries'] );
	}

	public function test_invalid_utf8_and_binary_give_valid_json() {
		$id   = $this->add_log( 'app.log', "\xff\xfe\x00garbage\n" . Log_Fixtures::line( "PHP Warning:  caf\xe9 \xC3\x28 \x01 in /a.php on line 1" ) . random_bytes( 2000 ) );
		$tail = $this->call( 'GET', "/triage/v1/logs/$id/tail" );
		$this->assertSame( 200, $tail->get_status() );
		$json = wp_json_encode( $tail->get_data() );
		$this->assertNotFalse( $json );
		$this->assertStringContainsString( 'caf', $json );
		$summary = $this->call( 'GET', "/triage/v1/logs/$id/summary" );
		$this->assertSame( 200, $summary->get_status() );
	}

	public function test_server_log_summary_lists_causes_with_fixes() {
		$log     = '2026/11/20 10:00:06 [error] 812#812: *46 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 127.0.0.1' . "\n";
		$id      = $this->add_log( 'nginx-error.log', $log . $log );
		$summary = $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data();
		$this->assertSame( 'server', $summary['kind'] );
		$this->assertSame( 'worker_killed', $summary['causes'][0]['cause'] );
		$this->assertSame( 2, $summary['causes'][0]['count'] );
		$this->assertSame(
			array(
				array(
					'hour'  => '2026-11-20T10:00:00Z',
					'count' => 2,
				),
			),
			$summary['causes'][0]['hours']
		);
		$this->assertNotEmpty( $summary['causes'][0]['fix'] );
		$this->assert_matches_schema( $this->route_schema( "/triage/v1/logs/$id/summary" ), $summary );
		$this->assert_error_response( 409, 'triage_log_not_archivable', $this->call( 'POST', "/triage/v1/logs/$id/archive", array( 'confirm' => true ) ) );
		$source = wp_list_filter( $this->call( 'GET', '/triage/v1/logs' )->get_data()['sources'], array( 'id' => $id ) );
		$this->assertFalse( reset( $source )['archivable'] );
	}

	public function test_server_log_causes_in_a_window_most_recent_first_with_the_newest_sample() {
		$now   = time();
		$line  = static function ( int $time, string $what ) {
			return gmdate( 'Y/m/d H:i:s', $time ) . ' [error] 812#812: *1 ' . $what . ', client: 127.0.0.1, request: "GET /t' . $time . ' HTTP/1.1"' . "\n";
		};
		$reset = 'recv() failed (104: Connection reset by peer) while reading response header from upstream';
		$big   = 'upstream sent too big header while reading response header from upstream';
		// Many old resets, one fresh header too big: the fresh one comes first.
		$log = '';
		for ( $i = 0; $i < 5; $i++ ) {
			$log .= $line( $now - 3 * HOUR_IN_SECONDS - $i, $reset );
		}
		$log .= $line( $now - 2 * HOUR_IN_SECONDS, $reset );
		$log .= $line( $now - 120, $big );
		$id   = $this->add_log( 'nginx-error.log', $log );

		$all = $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data();
		$this->assertSame( array( 'header_too_big', 'worker_killed' ), array_column( $all['causes'], 'cause' ) );
		$this->assertSame( 6, $all['causes'][1]['count'] );
		$this->assertStringContainsString( '/t' . ( $now - 2 * HOUR_IN_SECONDS ), $all['causes'][1]['sample'], 'The newest reset is the sample.' );
		$this->assert_matches_schema( $this->route_schema( "/triage/v1/logs/$id/summary" ), $all );

		$hour = $this->call( 'GET', "/triage/v1/logs/$id/summary", array( 'since' => $now - HOUR_IN_SECONDS ) )->get_data();
		$this->assertSame( array( 'header_too_big' ), array_column( $hour['causes'], 'cause' ) );
		$this->assertSame( 6, $hour['unmatched'], 'Lines outside the window are read, not counted.' );

		$day = $this->call( 'GET', "/triage/v1/logs/$id/summary", array( 'since' => $now - DAY_IN_SECONDS ) )->get_data();
		$this->assertSame( 6, array_column( $day['causes'], 'count', 'cause' )['worker_killed'] );
	}

	public function test_archive_needs_confirmation_then_archives() {
		$dir = Log_Fixtures::dir();
		$id  = $this->add_log( 'debug.log', Log_Fixtures::line( 'PHP Notice:  hi in /a.php on line 1' ), $dir );
		$this->assert_error_response( 400, 'triage_confirmation_required', $this->call( 'POST', "/triage/v1/logs/$id/archive" ) );
		$this->assertNotSame( '', file_get_contents( $dir . '/debug.log' ) );
		// One name for the operation: the pre-release /rotate alias is gone.
		$this->assert_error_response( 404, 'rest_no_route', $this->call( 'POST', "/triage/v1/logs/$id/rotate", array( 'confirm' => true ) ) );

		$this->call( 'GET', "/triage/v1/logs/$id/summary" );
		$service = new Log_Service( new Log_Sources( new Debug_Log_Location() ), new Log_Archiver() );
		$this->assertIsArray( $service->load_state( Log_Service::STATE_PREFIX . md5( $id ) ) );

		$response = $this->call( 'POST', "/triage/v1/logs/$id/archive", array( 'confirm' => true ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertTrue( $data['archived'] );
		$this->assertFileExists( $dir . '/' . $data['archive'] );
		$this->assertSame( '', file_get_contents( $dir . '/debug.log' ) );
		$this->assertFalse( $service->load_state( Log_Service::STATE_PREFIX . md5( $id ) ) );
		$this->assertSame( array(), $this->call( 'GET', "/triage/v1/logs/$id/summary" )->get_data()['groups'] );
	}

	public function test_errors_are_clear() {
		$this->assert_error_response( 404, 'triage_log_unknown_source', $this->call( 'GET', '/triage/v1/logs/nope/tail' ) );
		$this->assertSame( 404, $this->call( 'GET', '/triage/v1/logs/..%2Fetc%2Fpasswd/tail' )->get_status() );
		$id = $this->add_log( 'app.log', 'x' );
		$this->assert_error_response( 400, 'rest_invalid_param', $this->call( 'GET', "/triage/v1/logs/$id/tail", array( 'limit' => 0 ) ) );
		$this->assert_error_response( 400, 'rest_invalid_param', $this->call( 'GET', "/triage/v1/logs/$id/tail", array( 'severity' => array( 'loud' ) ) ) );
		unlink( $this->get_path( $id ) );
		$this->assert_error_response( 404, 'triage_log_missing', $this->call( 'GET', "/triage/v1/logs/$id/summary" ) );
		$this->assert_error_response( 404, 'triage_log_missing', $this->call( 'GET', "/triage/v1/logs/$id/download" ) );
	}

	public function test_download_describes_the_file_when_dispatched() {
		$id   = $this->add_log( 'app.log', 'abc' );
		$data = $this->call( 'GET', "/triage/v1/logs/$id/download" )->get_data();
		$this->assertSame( 3, $data['size'] );
		$this->assertStringEndsWith( '-app.log', $data['filename'] );
	}

	/**
	 * Path of an added source.
	 *
	 * @param string $id Id.
	 * @return string
	 */
	private function get_path( $id ) {
		foreach ( get_option( Log_Sources::OPTION ) as $path ) {
			if ( Log_Sources::custom_id( $path ) === $id ) {
				return $path;
			}
		}
		return '';
	}
}
