<?php
/**
 * GET /triage/v1/cron, /cron/heartbeat, /cron/fix, /cron/spawn-test; POST /cron/run; DELETE /cron/event, /cron/lock
 *
 * @package Triage
 */

use Triage\Cron\Cron_Events;
use Triage\Cron\Event_Runner;

/**
 * Cron endpoints through the real REST server and the plugin's own wiring. Each test uses its own hook
 * names: the schedule service is built once per request, as in production, and so is its callback lookup.
 */
class Cron_Controller_Test extends Triage_REST_TestCase {

	/**
	 * Hooks the tests scheduled, removed afterwards.
	 *
	 * @var string[]
	 */
	private $hooks = array();

	protected function tear_down() {
		delete_transient( 'doing_cron' );
		delete_option( Event_Runner::OPTION );
		foreach ( $this->hooks as $hook ) {
			remove_all_actions( $hook );
		}
		update_option( 'cron', array( 'version' => 2 ) );
	}

	/**
	 * Schedules events straight into the option.
	 *
	 * @param array<int, array{0: int, 1: string, 2?: array}> $events Time, hook, args.
	 * @return void
	 */
	private function schedule( array $events ) {
		$cron = array();
		foreach ( $events as $event ) {
			$args          = $event[2] ?? array();
			$this->hooks[] = $event[1];
			$cron[ $event[0] ][ $event[1] ][ Cron_Events::key_of( $args ) ] = array(
				'schedule' => false,
				'args'     => $args,
			);
		}
		ksort( $cron );
		$cron['version'] = 2;
		update_option( 'cron', $cron );
	}

	/**
	 * A unique hook name.
	 *
	 * @param string $what Part of the name.
	 * @return string
	 */
	private function hook( $what ) {
		return 'triage_rest_' . $what . '_' . wp_generate_password( 6, false );
	}

	public function test_logged_out_and_subscriber_are_refused_and_viewers_cannot_run() {
		$this->assert_error_response( 401, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/cron' ) );
		$this->log_in_as( 'subscriber' );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/cron' ) );

		// A user who may view diagnostics but not change the site reads the schedule and cannot run an event.
		foreach ( array( 'view', 'configure' ) as $action ) {
			add_filter(
				"triage_{$action}_capability",
				static function () use ( $action ) {
					return "triage_test_$action";
				}
			);
		}
		$viewer = self::factory()->user->create( array( 'role' => '' ) );
		get_userdata( $viewer )->add_cap( 'triage_test_view' );
		wp_set_current_user( $viewer );
		$this->assertSame( 200, $this->dispatch( 'GET', '/triage/v1/cron' )->get_status() );
		$this->assert_error_response(
			403,
			'rest_forbidden',
			$this->dispatch(
				'POST',
				'/triage/v1/cron/run',
				array(
					'hook'      => 'x',
					'timestamp' => 1,
					'key'       => 'y',
					'confirm'   => true,
				)
			)
		);
	}

	public function test_page_shape_filters_owner_and_paging() {
		$owned  = $this->hook( 'owned' );
		$orphan = $this->hook( 'orphan' );
		add_action( $owned, '__return_true' );
		$events = array( array( time() + 3600, $orphan ) );
		for ( $i = 0; $i < 5; $i++ ) {
			$events[] = array( time() - 600 - $i, $owned, array( $i ) );
		}
		$this->schedule( $events );
		$this->log_in_as_site_owner();

		$response = $this->dispatch( 'GET', '/triage/v1/cron', array( 'per_page' => 2 ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron' ), $data );
		$this->assertSame( 6, $data['total'] );
		$this->assertSame( 3, $data['total_pages'] );
		$this->assertCount( 2, $data['events'] );
		$this->assertSame( 5, $data['totals']['overdue'] );
		$this->assertSame( 1, $data['totals']['orphans'] );

		$overdue = $this->dispatch( 'GET', '/triage/v1/cron', array( 'overdue' => true ) )->get_data();
		$this->assertSame( 5, $overdue['total'] );
		$this->assertTrue( $overdue['events'][0]['overdue'] );
		$this->assertSame( array( 'core:wordpress' ), array_slice( $overdue['events'][0]['owners'], 0, 1 ) );

		$orphans = $this->dispatch( 'GET', '/triage/v1/cron', array( 'orphan' => true ) )->get_data();
		$this->assertSame( array( $orphan ), array_column( $orphans['events'], 'hook' ) );

		$this->assertSame( 5, $this->dispatch( 'GET', '/triage/v1/cron', array( 'owner' => 'core' ) )->get_data()['total'] );
		$this->assertSame( 1, $this->dispatch( 'GET', '/triage/v1/cron', array( 'hook' => strtoupper( substr( $orphan, -6 ) ) ) )->get_data()['total'] );

		$late = $this->dispatch(
			'GET',
			'/triage/v1/cron',
			array(
				'orderby'  => 'late',
				'order'    => 'desc',
				'per_page' => 1,
			)
		)->get_data();
		$this->assertStringContainsString( '4', $late['events'][0]['args']['preview'], 'Most late first: the oldest event, args [4].' );
		$this->assertSame( max( array_column( $overdue['events'], 'late' ) ), $late['events'][0]['late'] );
	}

	/**
	 * @dataProvider bad_queries
	 */
	public function test_bad_query_is_400( $params ) {
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/cron', $params ) );
	}

	public function bad_queries() {
		return array(
			'page size over 100' => array( array( 'per_page' => 500 ) ),
			'unknown sort'       => array( array( 'orderby' => 'owner' ) ),
			'page 0'             => array( array( 'page' => 0 ) ),
		);
	}

	public function test_run_needs_confirmation_and_known_params() {
		$hook = $this->hook( 'run' );
		$this->schedule( array( array( time() - 60, $hook ) ) );
		$this->log_in_as_site_owner();
		$ref = array(
			'hook'      => $hook,
			'timestamp' => time() - 60,
			'key'       => Cron_Events::key_of( array() ),
		);
		$this->assert_error_response( 400, 'triage_confirmation_required', $this->dispatch( 'POST', '/triage/v1/cron/run', $ref ) );
		$this->assert_error_response(
			400,
			'rest_invalid_param',
			$this->dispatch(
				'POST',
				'/triage/v1/cron/run',
				$ref + array(
					'confirm' => true,
					'args'    => 'x',
				)
			)
		);
		$this->assert_error_response( 400, 'rest_missing_callback_param', $this->dispatch( 'POST', '/triage/v1/cron/run', array( 'confirm' => true ) ) );
		$this->assertNotFalse( wp_next_scheduled( $hook ), 'Nothing ran.' );
	}

	public function test_run_now_runs_the_event_and_captures_its_output_and_warning() {
		$hook = $this->hook( 'run' );
		$time = time() - 120;
		$this->schedule( array( array( $time, $hook, array( 'job-7' ) ) ) );
		$ran = array();
		add_action(
			$hook,
			static function ( $arg ) use ( &$ran ) {
				$ran[] = $arg;
				echo 'processed';
				trigger_error( 'slow feed', E_USER_WARNING ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_trigger_error
			}
		);
		$this->log_in_as_site_owner();
		// PHP still logs the warning (the runner lets it): not into this test run's output.
		$log = ini_set( 'error_log', '/dev/null' );
		try {
			$response = $this->dispatch(
				'POST',
				'/triage/v1/cron/run',
				array(
					'hook'      => $hook,
					'timestamp' => $time,
					'key'       => Cron_Events::key_of( array( 'job-7' ) ),
					'confirm'   => true,
				)
			);
		} finally {
			ini_set( 'error_log', (string) $log );
		}
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron/run' ), $data );
		$this->assertSame( array( 'job-7' ), $ran );
		$this->assertSame( 'errors', $data['outcome'] );
		$this->assertSame( 'processed', $data['output']['text'] );
		$this->assertSame( 'slow feed', $data['errors'][0]['message'] );
		$this->assertFalse( wp_next_scheduled( $hook, array( 'job-7' ) ), 'A single event leaves the schedule.' );
		$this->assertFalse( get_transient( 'doing_cron' ), 'The lock is given back.' );
	}

	public function test_run_refuses_while_the_lock_is_held_unless_forced() {
		$hook = $this->hook( 'run' );
		$time = time() - 60;
		$this->schedule( array( array( $time, $hook ) ) );
		add_action( $hook, '__return_null' );
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) - 5 ) );
		$this->log_in_as_site_owner();
		$ref = array(
			'hook'      => $hook,
			'timestamp' => $time,
			'key'       => Cron_Events::key_of( array() ),
			'confirm'   => true,
		);

		$refused = $this->dispatch( 'POST', '/triage/v1/cron/run', $ref );
		$this->assert_error_response( 409, 'triage_cron_locked', $refused );
		$this->assertTrue( $refused->get_data()['data']['lock']['held'], 'The refusal carries the lock for the confirmation.' );

		$forced = $this->dispatch( 'POST', '/triage/v1/cron/run', $ref + array( 'force' => true ) );
		$this->assertSame( 200, $forced->get_status() );
		$this->assertTrue( $forced->get_data()['forced'] );
	}

	public function test_run_of_a_gone_event_is_404() {
		$this->log_in_as_site_owner();
		$this->assert_error_response(
			404,
			'triage_cron_event_not_found',
			$this->dispatch(
				'POST',
				'/triage/v1/cron/run',
				array(
					'hook'      => $this->hook( 'gone' ),
					'timestamp' => time(),
					'key'       => Cron_Events::key_of( array() ),
					'confirm'   => true,
				)
			)
		);
	}

	public function test_delete_removes_an_orphan_and_refuses_an_event_in_use() {
		$orphan = $this->hook( 'orphan' );
		$live   = $this->hook( 'live' );
		$time   = time() + 300;
		add_action( $live, '__return_true' );
		$this->schedule( array( array( $time, $orphan ), array( $time, $live ) ) );
		$this->log_in_as_site_owner();
		$key = Cron_Events::key_of( array() );

		$this->assert_error_response(
			400,
			'triage_confirmation_required',
			$this->dispatch(
				'DELETE',
				'/triage/v1/cron/event',
				array(
					'hook'      => $orphan,
					'timestamp' => $time,
					'key'       => $key,
				)
			)
		);
		$this->assertSame( $time, wp_next_scheduled( $orphan ) );

		$deleted = $this->dispatch(
			'DELETE',
			'/triage/v1/cron/event',
			array(
				'hook'      => $orphan,
				'timestamp' => $time,
				'key'       => $key,
				'confirm'   => true,
			)
		);
		$this->assertSame( 200, $deleted->get_status() );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron/event' ), $deleted->get_data() );
		$this->assertSame( 'orphan', $deleted->get_data()['reason'] );
		$this->assertFalse( wp_next_scheduled( $orphan ) );

		$this->assert_error_response(
			409,
			'triage_cron_event_in_use',
			$this->dispatch(
				'DELETE',
				'/triage/v1/cron/event',
				array(
					'hook'      => $live,
					'timestamp' => $time,
					'key'       => $key,
					'confirm'   => true,
				)
			)
		);
		$this->assertSame( $time, wp_next_scheduled( $live ) );
	}

	public function test_lock_release_refuses_a_held_lock_unless_forced() {
		$this->log_in_as_site_owner();
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) - 3 ) );
		$this->assert_error_response( 400, 'triage_confirmation_required', $this->dispatch( 'DELETE', '/triage/v1/cron/lock' ) );
		$this->assert_error_response( 409, 'triage_cron_lock_held', $this->dispatch( 'DELETE', '/triage/v1/cron/lock', array( 'confirm' => true ) ) );
		$this->assertNotFalse( get_transient( 'doing_cron' ) );

		$released = $this->dispatch(
			'DELETE',
			'/triage/v1/cron/lock',
			array(
				'confirm' => true,
				'force'   => true,
			)
		);
		$this->assertSame( 200, $released->get_status() );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron/lock' ), $released->get_data() );
		$this->assertTrue( $released->get_data()['released'] );
		$this->assertSame( 'held', $released->get_data()['previous']['state'] );
		$this->assertFalse( get_transient( 'doing_cron' ) );
	}

	public function test_heartbeat_and_fix_shapes() {
		$this->log_in_as_site_owner();
		$heartbeat = $this->dispatch( 'GET', '/triage/v1/cron/heartbeat' );
		$this->assertSame( 200, $heartbeat->get_status() );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron/heartbeat' ), $heartbeat->get_data() );

		$fix = $this->dispatch( 'GET', '/triage/v1/cron/fix' )->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron/fix' ), $fix );
		$this->assertSame( untrailingslashit( ABSPATH ), $fix['abspath'] );
		$this->assertStringContainsString( untrailingslashit( ABSPATH ), $fix['wp_cli'] );
		$this->assertStringNotContainsString( '/path/to/wordpress', $fix['text'] );
	}

	public function test_spawn_test_reports_the_answer_or_what_blocked_it() {
		$this->log_in_as_site_owner();
		$sent = array();
		add_filter(
			'pre_http_request',
			static function ( $pre, $args, $url ) use ( &$sent ) {
				$sent[] = array( $url, $args['blocking'] );
				return new WP_Error( 'http_request_failed', 'cURL error 60: SSL certificate problem: self-signed certificate' );
			},
			10,
			3
		);
		$response = $this->dispatch( 'GET', '/triage/v1/cron/spawn-test' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/cron/spawn-test' ), $data );
		$this->assertSame( 'tls', $data['outcome'] );
		$this->assertFalse( $data['ok'] );
		$this->assertStringContainsString( 'wp-cron.php?doing_wp_cron=', $sent[0][0] );
		$this->assertTrue( $sent[0][1], 'The test waits for the answer core does not wait for.' );
	}
}
