<?php
/**
 * GET /triage/v1/debug, POST /triage/v1/debug/profile, POST /triage/v1/debug/revert
 *
 * @package Triage
 */

use Triage\Config\Debug_Mode;

/**
 * Debug endpoints, through the real REST server and the plugin's own wiring, on a scratch wp-config.php.
 */
class Debug_Controller_Test extends Triage_REST_TestCase {

	/**
	 * Scratch directory.
	 *
	 * @var string
	 */
	private $dir;

	/**
	 * Scratch wp-config.php.
	 *
	 * @var string
	 */
	private $config;

	protected function set_up() {
		$this->dir    = sys_get_temp_dir() . '/triage-rest-debug-' . uniqid( '', true );
		$this->config = $this->dir . '/wp-config.php';
		mkdir( $this->dir . '/private', 0755, true );
		copy( __DIR__ . '/../Config/fixtures/default-install.php', $this->config );
		add_filter(
			'triage_wp_config_path',
			function () {
				return $this->config;
			}
		);
		add_filter(
			'triage_private_directory',
			function () {
				return $this->dir . '/private';
			}
		);
	}

	protected function tear_down() {
		delete_option( Debug_Mode::OPTION );
		wp_clear_scheduled_hook( Debug_Mode::CRON_HOOK );
		$this->remove_tree( $this->dir );
	}

	public function test_get_reports_the_file_and_where_each_constant_is_defined() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/debug' );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/debug' ), $data );
		$this->assertSame( $this->config, $data['file']['path'] );
		$this->assertSame( 'off', $data['profile'] );
		$this->assertSame( array( 'wp-config', 54 ), array( $data['constants'][0]['source'], $data['constants'][0]['line'] ) );
		$this->assertSame( 'WP_DEBUG_LOG', $data['constants'][1]['name'] );
		$this->assertSame( 'default', $data['constants'][1]['source'] );
		$this->assertTrue( $data['profiles'][0]['available'] );
		$json = wp_json_encode( $data );
		$this->assertStringNotContainsString( 'c0rrect-h0rse', $json, 'The database password never leaves the server.' );
	}

	public function test_a_dry_run_previews_the_exact_lines() {
		$before = file_get_contents( $this->config );
		$this->log_in_as_site_owner();
		$response = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'dry_run' => true,
			)
		);
		$data     = $response->get_data();
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $data['possible'] );
		$this->assertSame( "define( 'WP_DEBUG', false );", $data['changes'][0]['before'] );
		$this->assertSame( "define( 'WP_DEBUG', true );", $data['changes'][0]['after'] );
		$this->assertSame( 54, $data['changes'][0]['line'] );
		$this->assertSame( $before, file_get_contents( $this->config ) );
	}

	public function test_writing_needs_an_explicit_confirmation() {
		$before = file_get_contents( $this->config );
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'POST', '/triage/v1/debug/profile', array( 'profile' => 'log' ) );
		$this->assert_error_response( 400, 'triage_confirmation_required', $response );
		$this->assertSame( $before, file_get_contents( $this->config ) );
	}

	public function test_bad_arguments_are_rejected() {
		$this->log_in_as_site_owner();
		$this->assert_error_response(
			400,
			'rest_invalid_param',
			$this->dispatch(
				'POST',
				'/triage/v1/debug/profile',
				array(
					'profile' => 'loud',
					'confirm' => true,
				)
			)
		);
		$this->assert_error_response(
			400,
			'rest_invalid_param',
			$this->dispatch(
				'POST',
				'/triage/v1/debug/profile',
				array(
					'profile'    => 'log',
					'expires_in' => 5,
					'confirm'    => true,
				)
			)
		);
		$this->assert_error_response(
			400,
			'triage_debug_expiry',
			$this->dispatch(
				'POST',
				'/triage/v1/debug/profile',
				array(
					'profile'    => 'log',
					'expires_in' => 30,
					'confirm'    => true,
				)
			)
		);
		$this->assert_error_response(
			400,
			'rest_invalid_param',
			$this->dispatch(
				'POST',
				'/triage/v1/debug/profile',
				array(
					'profile' => 'log',
					'path'    => '/etc/passwd',
					'confirm' => true,
				)
			)
		);
	}

	public function test_switch_on_and_revert_round_trip() {
		$original = file_get_contents( $this->config );
		$this->log_in_as_site_owner();

		$response = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile'    => 'developer',
				'expires_in' => 600,
				'confirm'    => true,
			)
		);
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/debug/profile' ), $response->get_data() );
		$this->assertFalse( $response->get_data()['dry_run'] );
		$this->assertStringContainsString( "define( 'SAVEQUERIES', true );", file_get_contents( $this->config ) );

		$state = $this->dispatch( 'GET', '/triage/v1/debug' )->get_data();
		$this->assertSame( 'developer', $state['profile'] );
		$this->assertEqualsWithDelta( 600, $state['active']['seconds_left'], 5 );
		$this->assertStringStartsWith( $this->dir . '/private/debug-', $state['active']['log_file'] );

		$this->assert_error_response( 400, 'triage_confirmation_required', $this->dispatch( 'POST', '/triage/v1/debug/revert' ) );
		$revert = $this->dispatch( 'POST', '/triage/v1/debug/revert', array( 'confirm' => true ) );
		$this->assertSame( 200, $revert->get_status() );
		$this->assertSame( $original, file_get_contents( $this->config ) );
	}

	public function test_deactivating_triage_switches_debug_mode_off() {
		$original = file_get_contents( $this->config );
		$this->log_in_as_site_owner();
		$this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'confirm' => true,
			)
		);
		$this->assertNotSame( $original, file_get_contents( $this->config ) );
		$auto = new Triage\Config\Debug_Auto_Revert();
		$auto->register();
		$this->assertSame( 10, has_action( 'deactivate_' . plugin_basename( TRIAGE_FILE ), array( $auto, 'deactivate' ) ) );

		// On multisite the profile is the network's: only a network deactivation switches it off.
		do_action( 'deactivate_' . plugin_basename( TRIAGE_FILE ), is_multisite() );

		$this->assertSame( $original, file_get_contents( $this->config ) );
		$this->assertFalse( get_option( Debug_Mode::OPTION ) );
	}

	public function test_a_5xx_loopback_rolls_back_through_the_real_checker() {
		$original = file_get_contents( $this->config );
		$asked    = array();
		add_filter(
			'pre_http_request',
			static function ( $pre, $args, $url ) use ( &$asked ) {
				$asked[] = $url;
				return array(
					'headers'  => array(),
					'body'     => 'There has been a critical error on this website.',
					'response' => array(
						'code'    => 500,
						'message' => 'Internal Server Error',
					),
					'cookies'  => array(),
					'filename' => null,
				);
			},
			10,
			3
		);
		$this->log_in_as_site_owner();

		$response = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'confirm' => true,
			)
		);

		$this->assert_error_response( 502, 'triage_config_rolled_back', $response );
		$this->assertCount( 1, $asked );
		$this->assertStringStartsWith( home_url( '/' ), $asked[0] );
		$this->assertSame( $original, file_get_contents( $this->config ) );
		$this->assertFalse( get_option( Debug_Mode::OPTION ) );
	}

	public function test_a_refused_dry_run_is_a_200_that_says_why() {
		file_put_contents( $this->config, "<?php\nif ( ! defined( 'WP_DEBUG' ) ) {\n\tdefine( 'WP_DEBUG', false );\n}\nrequire_once ABSPATH . 'wp-settings.php';\n" );
		$this->log_in_as_site_owner();
		$data = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'dry_run' => true,
			)
		)->get_data();
		$this->assertFalse( $data['possible'] );
		$this->assertSame( 'triage_config_foreign', $data['error']['code'] );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $data['manual'] );
		$real = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'confirm' => true,
			)
		);
		$this->assert_error_response( 409, 'triage_config_foreign', $real );
	}

	public function test_the_configure_capability_is_filterable() {
		$this->log_in_as( 'editor' );
		add_filter(
			'triage_configure_capability',
			static function () {
				return 'edit_others_posts';
			}
		);
		add_filter(
			'triage_view_capability',
			static function () {
				return 'edit_others_posts';
			}
		);
		$response = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'dry_run' => true,
			)
		);
		$this->assertSame( 200, $response->get_status() );
	}

	public function test_a_viewer_without_the_configure_capability_cannot_write() {
		$this->log_in_as_site_owner();
		add_filter(
			'triage_configure_capability',
			static function () {
				return 'do_not_allow';
			}
		);
		$this->assertSame( 200, $this->dispatch( 'GET', '/triage/v1/debug' )->get_status() );
		$this->assert_error_response(
			403,
			'rest_forbidden',
			$this->dispatch(
				'POST',
				'/triage/v1/debug/profile',
				array(
					'profile' => 'log',
					'confirm' => true,
				)
			)
		);
	}

	/**
	 * Removes a directory tree.
	 *
	 * @param string $dir Directory.
	 * @return void
	 */
	private function remove_tree( $dir ) {
		if ( ! is_dir( $dir ) ) {
			return;
		}
		$items = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $dir, FilesystemIterator::SKIP_DOTS ), RecursiveIteratorIterator::CHILD_FIRST );
		foreach ( $items as $item ) {
			if ( $item->isDir() && ! $item->isLink() ) {
				rmdir( $item->getPathname() );
			} else {
				unlink( $item->getPathname() );
			}
		}
		rmdir( $dir );
	}
}
