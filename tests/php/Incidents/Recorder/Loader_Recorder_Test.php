<?php
/**
 * The loader's flight recorder: its static helpers, its switch in the installed copy, and real requests
 * through php-cgi that end normally, with a fatal error, or killed.
 *
 * @package Triage
 */

require_once __DIR__ . '/Recorder_Test_Case.php';

use Triage\Incidents\Recorder\Marker_Store;
use Triage\Incidents\Recorder\Recorder_Settings;

/**
 * Calls Triage_Flight_Recorder_Loader directly, as the existing loader tests do.
 */
class Loader_Recorder_Test extends Recorder_Test_Case {

	/**
	 * What the last request printed (body, with errors displayed).
	 *
	 * @var string
	 */
	private $output = '';

	/**
	 * URIs and what is kept of them.
	 *
	 * @return array
	 */
	public function uris() {
		return array(
			'plain'                 => array( '/shop/item-7/?p=7&s=blue+shoes', '/shop/item-7/?p=7&s=blue+shoes' ),
			'password and token'    => array( '/wp-login.php?pwd=hunter2&user=ann&token=abc', '/wp-login.php?pwd=[redacted]&user=ann&token=[redacted]' ),
			'names in any case'     => array( '/?API_KEY=x1&Session_Id=9&nonce=1&code=77&auth=z', '/?API_KEY=[redacted]&Session_Id=[redacted]&nonce=[redacted]&code=[redacted]&auth=[redacted]' ),
			'encoded name'          => array( '/?my%5Fsecret=s', '/?my%5Fsecret=[redacted]' ),
			'random-looking value'  => array( '/reset/?id=5&u=Zx81kQ0pLm2Vb7Tr9Wc4Yd', '/reset/?id=5&u=[redacted]' ),
			'long words stay'       => array( '/?utm_campaign=spring-sale-for-everyone', '/?utm_campaign=spring-sale-for-everyone' ),
			'empty and bare values' => array( '/?token=&flag', '/?token=&flag' ),
			'control characters'    => array( "/a\tb\nc?x=1\r", '/abc?x=1' ),
		);
	}

	/**
	 * Secrets never reach a marker.
	 *
	 * @dataProvider uris
	 *
	 * @param string $uri      Request URI.
	 * @param string $expected Kept.
	 */
	public function test_clean_uri( $uri, $expected ) {
		$this->assertSame( $expected, Triage_Flight_Recorder_Loader::clean_uri( $uri ) );
	}

	public function test_a_long_uri_is_cut() {
		$clean = Triage_Flight_Recorder_Loader::clean_uri( '/' . str_repeat( 'a', 5000 ) );
		$this->assertSame( Triage_Flight_Recorder_Loader::MAX_URI + 3, strlen( $clean ) );
	}

	public function test_logged_in_is_the_presence_of_a_logged_in_cookie() {
		$this->assertTrue( Triage_Flight_Recorder_Loader::logged_in( array( 'wordpress_logged_in_0123abcd' => 'x' ) ) );
		$this->assertFalse(
			Triage_Flight_Recorder_Loader::logged_in(
				array(
					'wordpress_test_cookie' => 'x',
					'wp-settings-1'         => 'y',
				)
			)
		);
		$this->assertFalse( Triage_Flight_Recorder_Loader::logged_in( array( 7 => 'x' ) ) );
	}

	public function test_method_keeps_letters_only() {
		$this->assertSame( 'POST', Triage_Flight_Recorder_Loader::method( 'post' ) );
		$this->assertSame( 'OTHER', Triage_Flight_Recorder_Loader::method( "GET\tX" ) );
		$this->assertSame( 'OTHER', Triage_Flight_Recorder_Loader::method( '' ) );
	}

	public function test_a_marker_round_trips() {
		$line = Triage_Flight_Recorder_Loader::marker_line( 1700000000.1234, 77, 'GET', '/?a=1', true );
		$this->assertSame(
			array(
				'started'   => 1700000000.123,
				'pid'       => 77,
				'method'    => 'GET',
				'uri'       => '/?a=1',
				'logged_in' => true,
			),
			Marker_Store::parse_marker( $line )
		);
		$this->assertNull( Marker_Store::parse_marker( 'v2' . substr( $line, 2 ) ) );
		$this->assertNull( Marker_Store::parse_marker( substr( $line, 0, 12 ) ) );
	}

	public function test_only_fatal_errors_end_a_request() {
		$this->assertNull( Triage_Flight_Recorder_Loader::fatal( null ) );
		$this->assertNull(
			Triage_Flight_Recorder_Loader::fatal(
				array(
					'type'    => E_WARNING,
					'message' => 'w',
					'file'    => 'f',
					'line'    => 1,
				)
			)
		);
		$this->assertSame(
			array(
				'message' => 'Allowed memory size exhausted',
				'file'    => '/x/y.php',
				'line'    => 3,
			),
			Triage_Flight_Recorder_Loader::fatal(
				array(
					'type'    => E_ERROR,
					'message' => 'Allowed memory size exhausted',
					'file'    => '/x/y.php',
					'line'    => 3,
				)
			)
		);
	}

	public function test_the_source_loader_records_nothing() {
		$this->assertSame( 0, Triage_Flight_Recorder_Loader::UNTIL );
		$this->assertSame( '', Triage_Flight_Recorder_Loader::KEY );
		$this->assertSame( '1.4.0', Triage_Safe_Mode_Loader::VERSION );
	}

	public function test_settings_are_written_as_literals_and_nothing_else_gets_in() {
		$source   = file_get_contents( TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php' );
		$settings = array(
			'until'   => 1800000000,
			'started' => 1,
			'dir'     => "/srv/x'; echo 1; '",
			'key'     => 'not hex',
			'apcu'    => true,
		);
		$written  = Recorder_Settings::apply_to_loader( $source, $settings );
		$this->assertSame(
			array(
				'until' => 1800000000,
				'dir'   => '',
				'key'   => '',
				'apcu'  => true,
			),
			Recorder_Settings::read_from_loader( $written )
		);
		$this->assertStringNotContainsString( 'echo 1', $written );
		// The safe mode class's constants are untouched.
		$this->assertSame( substr( $source, 0, strpos( $source, 'final class Triage_Flight_Recorder_Loader' ) ), substr( $written, 0, strpos( $written, 'final class Triage_Flight_Recorder_Loader' ) ) );
	}

	/**
	 * Runs a script through php-cgi as a web request, with a loader whose recorder is on.
	 *
	 * @param string      $script  PHP after the loader is included.
	 * @param string      $uri     Request URI.
	 * @param string|null $prepend A file to prepend (auto_prepend_file), e.g. an APCu stand-in.
	 * @return int The php-cgi process's pid.
	 */
	private function request( $script, $uri, $prepend = null ) {
		$cgi = trim( (string) shell_exec( 'command -v php-cgi 2>/dev/null' ) );
		if ( '' === $cgi ) {
			$this->markTestSkipped( 'php-cgi is not installed.' );
		}
		$site   = $this->temp_dir();
		$loader = Recorder_Settings::apply_to_loader(
			file_get_contents( TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php' ),
			array(
				'until'   => time() + 600,
				'started' => time(),
				'dir'     => $this->private,
				'key'     => self::KEY,
				'apcu'    => null !== $prepend,
			)
		);
		file_put_contents( $site . '/loader.php', $loader );
		mkdir( $site . '/wp-content/plugins/boom', 0755, true );
		file_put_contents( $site . '/wp-content/plugins/boom/boom.php', "<?php\nfunction triage_test_boom() {\n\ttriage_test_undefined();\n}\n" );
		file_put_contents( $site . '/index.php', "<?php\ndefine( 'ABSPATH', __DIR__ . '/' );\nrequire __DIR__ . '/loader.php';\nrequire __DIR__ . '/wp-content/plugins/boom/boom.php';\nfile_put_contents( __DIR__ . '/pid', getmypid() );\n" . $script . "\necho 'done';\n" );
		$env     = array(
			'REQUEST_METHOD'  => 'GET',
			'REQUEST_URI'     => $uri,
			'SCRIPT_FILENAME' => $site . '/index.php',
			'REDIRECT_STATUS' => '200',
			'HTTP_COOKIE'     => 'wordpress_logged_in_abc=1',
			'PATH'            => getenv( 'PATH' ),
		);
		$process = proc_open(
			array_merge( array( $cgi, '-d', 'display_errors=1', '-d', 'error_reporting=-1', '-d', 'log_errors=0' ), null === $prepend ? array() : array( '-d', 'auto_prepend_file=' . $prepend ), array( $site . '/index.php' ) ),
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			$site,
			$env
		);
		$this->assertIsResource( $process );
		$this->output = (string) stream_get_contents( $pipes[1] ) . (string) stream_get_contents( $pipes[2] );
		proc_close( $process );
		return (int) file_get_contents( $site . '/pid' );
	}

	public function test_a_request_that_ends_removes_its_marker() {
		$pid   = $this->request( '', '/ok?token=abc' );
		$store = new Marker_Store( $this->private, self::KEY, false );
		$this->assertGreaterThan( 0, $pid );
		$this->assertSame( array(), $store->markers() );
		$this->assertSame( array(), $store->records() );
		// The worker's file stays, empty (removing it would clear PHP's realpath cache on every request).
		$this->assertSame( '', file_get_contents( $this->private . '/recorder_' . $pid . '-' . self::KEY . '.run' ) );
		$this->assertStringEndsWith( 'done', $this->output );
		$this->assertStringNotContainsString( 'Warning', $this->output );
		$this->assertStringNotContainsString( 'Notice', $this->output );
	}

	public function test_a_killed_request_leaves_its_marker_and_is_found_as_killed() {
		if ( ! function_exists( 'posix_kill' ) ) {
			$this->markTestSkipped( 'Needs posix.' );
		}
		$before = time();
		$pid    = $this->request( 'posix_kill( getmypid(), 9 );', '/slow-report?pass=hunter2&page=2' );
		$store  = new Marker_Store( $this->private, self::KEY, false );
		$marks  = $store->markers();
		$this->assertCount( 1, $marks );
		$this->assertSame( $pid, $marks[0]['pid'] );
		$this->assertSame( '/slow-report?pass=[redacted]&page=2', $marks[0]['uri'] );
		$this->assertTrue( $marks[0]['logged_in'] );
		$this->assertGreaterThanOrEqual( $before - 1, $marks[0]['started'] );
		if ( is_readable( '/proc/stat' ) ) {
			$this->set_settings( time() + 600, $before );
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
			$killed   = $recorder->killed_requests( $before - 1 );
			$this->assertSame( array( $pid ), array_column( $killed, 'pid' ) );
			$this->assertSame( 'pid_gone', $killed[0]['why'] );
		}
	}

	public function test_a_fatal_error_removes_the_marker_and_keeps_a_record_naming_the_plugin() {
		$pid     = $this->request( 'triage_test_boom();', '/checkout' );
		$store   = new Marker_Store( $this->private, self::KEY, false );
		$records = $store->records();
		$this->assertSame( array(), $store->markers() );
		$this->assertCount( 1, $records );
		$this->assertSame( $pid, $records[0]['pid'] );
		$this->assertSame( '/checkout', $records[0]['uri'] );
		$this->assertStringContainsString( 'triage_test_undefined', $records[0]['fatal']['message'] );
		$this->assertStringEndsWith( '/wp-content/plugins/boom/boom.php', $records[0]['fatal']['file'] );
		$this->assertGreaterThan( 0, $records[0]['peak_memory'] );
		$this->set_settings( time() + 600, time() - 60 );
		$this->assertSame( 'boom', $this->recorder()->finished( 0 )[0]['fatal']['plugin'] );
	}

	/**
	 * A stand-in for APCu's functions (where the extension is not loaded) that logs each call to a file.
	 *
	 * @return array{0: string, 1: string} The prepend file and its log.
	 */
	private function apcu_stand_in() {
		if ( extension_loaded( 'apcu' ) ) {
			$this->markTestSkipped( 'APCu is loaded: Apcu_Store_Test covers it.' );
		}
		$dir     = $this->temp_dir();
		$log     = $dir . '/calls.log';
		$prepend = $dir . '/apcu.php';
		$code    = '<?php
function triage_test_apcu_log( $call ) { file_put_contents( ' . var_export( $log, true ) . ', json_encode( $call ) . "\\n", FILE_APPEND ); }
function apcu_enabled() { return true; }
function apcu_store( $key, $value, $ttl = 0 ) { triage_test_apcu_log( array( "store", $key, $value, $ttl ) ); return true; }
function apcu_delete( $key ) { triage_test_apcu_log( array( "delete", $key ) ); return true; }
function apcu_inc( $key, $step = 1, &$success = null, $ttl = 0 ) { triage_test_apcu_log( array( "inc", $key, $step, $ttl ) ); return 401; }
function apcu_add( $key, $value, $ttl = 0 ) { triage_test_apcu_log( array( "add", $key, $value, $ttl ) ); return true; }
';
		file_put_contents( $prepend, $code );
		return array( $prepend, $log );
	}

	/**
	 * The calls the stand-in logged.
	 *
	 * @param string $log Log file.
	 * @return array<int, array>
	 */
	private function apcu_calls( $log ) {
		return is_file( $log ) ? array_map(
			static function ( $line ) {
				return json_decode( $line, true );
			},
			file( $log, FILE_IGNORE_NEW_LINES )
		) : array();
	}

	public function test_with_apcu_the_marker_is_a_key_removed_at_shutdown() {
		list( $prepend, $log ) = $this->apcu_stand_in();
		$pid                   = $this->request( '', '/cart?nonce=abc', $prepend );
		$calls                 = $this->apcu_calls( $log );
		$this->assertCount( 2, $calls, $this->output );
		$this->assertSame( 'store', $calls[0][0] );
		$this->assertMatchesRegularExpression( '/^triage_rec_' . self::KEY . '_m_' . $pid . '_\d+$/', $calls[0][1] );
		$this->assertSame( '/cart?nonce=[redacted]', Marker_Store::parse_marker( $calls[0][2] )['uri'] );
		$this->assertSame( Triage_Flight_Recorder_Loader::TTL, $calls[0][3] );
		$this->assertSame( array( 'delete', $calls[0][1] ), $calls[1] );
		// Nothing went to the private folder.
		$this->assertSame( array(), ( new Marker_Store( $this->private, self::KEY, false ) )->markers() );
	}

	public function test_with_apcu_a_fatal_request_leaves_a_record_in_the_ring() {
		list( $prepend, $log ) = $this->apcu_stand_in();
		$this->request( 'triage_test_boom();', '/checkout', $prepend );
		$calls = $this->apcu_calls( $log );
		$this->assertSame( array( 'store', 'delete', 'inc', 'store' ), array_column( $calls, 0 ), $this->output );
		$this->assertSame( 'triage_rec_' . self::KEY . '_seq', $calls[2][1] );
		// The stand-in's counter says 401: slot 401 % 200.
		$this->assertSame( 'triage_rec_' . self::KEY . '_f_1', $calls[3][1] );
		$record = Marker_Store::parse_record( $calls[3][2] );
		$this->assertSame( '/checkout', $record['uri'] );
		$this->assertStringContainsString( 'triage_test_undefined', $record['fatal']['message'] );
	}

	public function test_an_unwritable_folder_records_nothing_and_warns_nobody() {
		$this->remove_tree( $this->private );
		$pid = $this->request( '', '/' );
		$this->assertGreaterThan( 0, $pid );
		$this->assertDirectoryDoesNotExist( $this->private );
		$this->assertStringEndsWith( 'done', $this->output );
		$this->assertStringNotContainsString( 'Warning', $this->output );
	}
}
