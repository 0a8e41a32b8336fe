<?php
/**
 * The real prober against a real HTTP server on loopback.
 *
 * @package Triage
 */

use Triage\Health\Loopback_Prober;
use Triage\Health\Probe_Token;

/**
 * Parallel loopbacks: statuses, timings, the probe token, timeouts, no PHP warnings.
 */
class Loopback_Prober_Test extends WP_UnitTestCase {

	/**
	 * The php -S process.
	 *
	 * @var resource|null
	 */
	private static $server = null;

	/**
	 * Its base URL.
	 *
	 * @var string
	 */
	private static $url = '';

	/**
	 * A second server for the hung front page, so the other probes never queue behind it on the
	 * test server's own workers.
	 *
	 * @var resource|null
	 */
	private static $slow_server = null;

	/**
	 * Its base URL.
	 *
	 * @var string
	 */
	private static $slow_url = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		$router = get_temp_dir() . 'triage-prober-router.php';
		// Stands in for the site: the front page hangs when asked to, every page echoes the probe header it got.
		file_put_contents(
			$router,
			'<?php $path = parse_url( $_SERVER["REQUEST_URI"], PHP_URL_PATH );' .
			'if ( "/wp-admin/admin-ajax.php" === $path ) { http_response_code( 400 ); echo "0"; return; }' .
			'if ( "/" === $path && file_exists( sys_get_temp_dir() . "/triage-prober-slow" ) ) { sleep( 5 ); }' .
			'if ( "/wp-admin/" === $path ) { http_response_code( 500 ); echo "<p>There has been a critical error on this website.</p>"; return; }' .
			'echo "<html>ok</html>";' .
			'if ( isset( $_SERVER["HTTP_X_TRIAGE_PROBE"] ) ) { echo "\n<!-- triage-probe {\"peak\":1048576,\"limit\":\"128M\"} -->"; }'
		);
		list( self::$server, self::$url )           = self::serve( $router );
		list( self::$slow_server, self::$slow_url ) = self::serve( $router );
	}

	/**
	 * Starts a php -S server on a free loopback port and waits for a real answer.
	 *
	 * @param string $router Router script.
	 * @return array{0: resource, 1: string}
	 */
	private static function serve( $router ) {
		$socket = stream_socket_server( 'tcp://127.0.0.1:0' );
		$port   = (int) substr( strrchr( stream_socket_get_name( $socket, false ), ':' ), 1 );
		fclose( $socket );
		$process = proc_open(
			array( PHP_BINARY, '-S', "127.0.0.1:$port", $router ),
			array(
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			null,
			array( 'PHP_CLI_SERVER_WORKERS' => '6' )
		);
		$url     = "http://127.0.0.1:$port";
		for ( $i = 0; $i < 100; $i++ ) {
			if ( false !== @file_get_contents( $url . '/ready' ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions -- polling a local test server.
				break;
			}
			usleep( 100000 );
		}
		return array( $process, $url );
	}

	public static function tearDownAfterClass(): void {
		foreach ( array( self::$server, self::$slow_server ) as $process ) {
			if ( $process ) {
				proc_terminate( $process );
				proc_close( $process );
			}
		}
		parent::tearDownAfterClass();
	}

	protected function set_up() {
		update_option( 'home', self::$url );
		update_option( 'siteurl', self::$url );
		$this->log_in_as_site_owner();
	}

	protected function tear_down() {
		@unlink( get_temp_dir() . 'triage-prober-slow' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
	}

	private function probe() {
		$warnings = array();
		set_error_handler(
			static function ( $errno, $message ) use ( &$warnings ) {
				$warnings[] = $message;
				return true;
			}
		);
		$results = ( new Loopback_Prober( new Probe_Token() ) )->probe_all();
		restore_error_handler();
		$this->assertSame( array(), $warnings );
		return $results;
	}

	public function test_probes_answer_with_status_timings_and_the_memory_report() {
		$results = $this->probe();
		$this->assertSame( 200, $results['front']->status );
		$this->assertNotNull( $results['front']->ttfb, 'Time to first byte comes from curl.' );
		$this->assertGreaterThan( 0, $results['front']->ttfb );
		$this->assertSame(
			array(
				'peak'  => 1048576,
				'limit' => '128M',
			),
			$results['front']->memory,
			'The probe token header was sent.'
		);
		$this->assertNull( $results['rest']->memory, 'Only the front page and admin carry a token.' );
		$this->assertSame( 400, $results['ajax']->status );
		$this->assertFalse( $results['ajax']->failed() );
		$this->assertSame( 500, $results['admin']->status );
		$this->assertTrue( $results['admin']->failed() );
		$this->assertSame( 'There has been a critical error on this website.', $results['admin']->first_line );
	}

	public function test_tls_verification_follows_cores_https_local_ssl_verify() {
		$prober   = new Loopback_Prober( new Probe_Token() );
		$timings  = array();
		$requests = $prober->requests( $prober->targets(), 5.0, $timings );
		$this->assertNotEmpty( $requests );
		foreach ( $requests as $name => $request ) {
			$this->assertFalse( $request['options']['verify'], $name . ': core\'s default for loopbacks.' );
		}
		add_filter( 'https_local_ssl_verify', '__return_true' );
		foreach ( $prober->requests( $prober->targets(), 5.0, $timings ) as $name => $request ) {
			$this->assertTrue( $request['options']['verify'], $name . ': a site that asks for verification gets it, admin cookies included.' );
		}
	}

	public function test_a_hung_page_times_out_without_holding_the_others() {
		// home (front page, REST root) on the server whose front page hangs; siteurl (admin, admin-ajax) on the other.
		update_option( 'home', self::$slow_url );
		touch( get_temp_dir() . 'triage-prober-slow' );
		add_filter(
			'triage_loopback_timeout',
			static function () {
				return 2.0;
			}
		);
		$started = microtime( true );
		$results = $this->probe();
		$elapsed = microtime( true ) - $started;
		$this->assertTrue( $results['front']->timed_out );
		$this->assertSame( 0, $results['front']->status );
		$this->assertSame( 400, $results['ajax']->status, 'The other probes still answered: ' . $results['ajax']->error );
		$this->assertSame( 500, $results['admin']->status );
		$this->assertLessThan( 4.5, $elapsed, 'Bounded by the 2 s timeout, not the 5 s page.' );
	}
}
