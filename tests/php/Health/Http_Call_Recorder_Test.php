<?php
/**
 * The plugin behind an outgoing call.
 *
 * @package Triage
 */

use Triage\Health\Http_Call_Recorder;

/**
 * Http_Call_Recorder names the plugin that made a call, so a slow external service is reported with the
 * plugin to act on (issue 12: host and plugin).
 */
class Http_Call_Recorder_Test extends WP_UnitTestCase {

	/**
	 * A plugin file made for the test.
	 *
	 * @var string
	 */
	private $file;

	protected function set_up() {
		parent::set_up();
		$dir        = WP_PLUGIN_DIR . '/triage-test-caller';
		$this->file = $dir . '/caller.php';
		if ( ! is_dir( $dir ) ) {
			mkdir( $dir );
		}
		file_put_contents( $this->file, "<?php\nfunction triage_test_caller_get( \$url ) {\n\treturn wp_remote_get( \$url );\n}\n" );
		require_once $this->file;
		delete_option( Http_Call_Recorder::OPTION );
	}

	protected function tear_down() {
		unlink( $this->file );
		rmdir( dirname( $this->file ) );
		delete_option( Http_Call_Recorder::OPTION );
		parent::tear_down();
	}

	public function test_a_call_made_from_a_plugin_is_recorded_with_its_slug(): void {
		$recorder = new Http_Call_Recorder();
		$recorder->register();
		// WP_HTTP_BLOCK_EXTERNAL is on in tests: the call fails fast, and is still recorded.
		triage_test_caller_get( 'http://licence.example/check' );
		wp_remote_get( 'http://core.example/ping' );
		$recorder->save();
		remove_filter( 'pre_http_request', array( $recorder, 'start' ), PHP_INT_MAX );
		remove_action( 'http_api_debug', array( $recorder, 'finish' ), 10 );

		$calls = array_column( Http_Call_Recorder::recent( time() ), 'plugin', 'host' );
		$this->assertSame( 'triage-test-caller', $calls['licence.example'] );
		// A call from no plugin folder (here the test itself) names none.
		$this->assertSame( '', $calls['core.example'] );
	}

	public function test_calls_recorded_before_the_plugin_field_read_as_no_plugin(): void {
		update_option(
			Http_Call_Recorder::OPTION,
			array(
				array(
					'host'    => 'old.example',
					'seconds' => 6.0,
					'status'  => 0,
					'error'   => 'cURL error 28: Operation timed out',
					'time'    => time(),
				),
			),
			false
		);
		$this->assertSame( '', Http_Call_Recorder::recent( time() )[0]['plugin'] );
	}
}
