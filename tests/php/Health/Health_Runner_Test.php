<?php
/**
 * The runner, the REST resource, Site Health, probe tokens and hostile environments.
 *
 * @package Triage
 */

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;
use Triage\Health\Probe_Responder;
use Triage\Health\Probe_Token;
use Triage\Site_Health\Site_Health_Integration;

/**
 * Running checks and presenting them.
 */
class Health_Runner_Test extends Triage_REST_TestCase {

	private function runner( array $checks, array $overrides = array() ) {
		return new Health_Runner(
			static function () use ( $checks ) {
				return $checks;
			},
			static function () use ( $overrides ) {
				return new Check_Context(
					new Triage\Health\Runtime( $overrides ),
					new Triage\Health\System_Files( get_temp_dir() . 'triage-empty-root' ),
					static function () {
						return array();
					}
				);
			}
		);
	}

	public function test_a_check_that_throws_becomes_unknown_not_a_failed_request() {
		$broken  = new class() implements Check {
			public function id(): string {
				return 'broken';
			}
			public function layer(): string {
				return 'php';
			}
			public function is_slow(): bool {
				return false;
			}
			public function run( Check_Context $context ): Check_Result {
				throw new RuntimeException( 'disk on fire' );
			}
		};
		$results = $this->runner( array( $broken ) )->run();
		$this->assertSame( 'unknown', $results[0]->status() );
		$this->assertStringContainsString( 'disk on fire', $results[0]->to_array()['reason'] );
	}

	public function test_summary_takes_each_layers_worst_status_and_counts_problems() {
		$make    = function ( $id, $layer, $status ) {
			return new class( $id, $layer, $status ) implements Check {
				private $id;
				private $layer;
				private $status;
				public function __construct( $id, $layer, $status ) {
					$this->id     = $id;
					$this->layer  = $layer;
					$this->status = $status;
				}
				public function id(): string {
					return $this->id;
				}
				public function layer(): string {
					return $this->layer;
				}
				public function is_slow(): bool {
					return false;
				}
				public function run( Check_Context $context ): Check_Result {
					return Check_Result::measured( $this, $this->status, 'x', array(), 'why', 'fix' );
				}
			};
		};
		$results = $this->runner(
			array(
				$make( 'a', 'php', 'good' ),
				$make( 'b', 'php', 'critical' ),
				$make( 'c', 'php', 'warning' ),
				$make( 'd', 'database', 'unknown' ),
				$make( 'e', 'web', 'good' ),
			)
		)->run();
		$layers  = Health_Runner::summarize( $results );
		$this->assertSame(
			array(
				'status'   => 'critical',
				'problems' => 2,
				'checks'   => 3,
			),
			$layers['php']
		);
		$this->assertSame( 'unknown', $layers['database']['status'] );
		$this->assertSame( 0, $layers['database']['problems'] );
		$this->assertSame( 'good', $layers['web']['status'] );
		$this->assertSame(
			array(
				'status'   => 'unknown',
				'problems' => 0,
				'checks'   => 0,
			),
			$layers['cdn'],
			'A layer nothing measured is unknown.'
		);
	}

	public function test_fast_run_sends_no_loopback_and_slow_run_only_network_checks() {
		$probed = false;
		$runner = new Health_Runner(
			array( Health_Runner::class, 'default_checks' ),
			static function () use ( &$probed ) {
				return new Check_Context(
					new Triage\Health\Runtime(),
					new Triage\Health\System_Files(),
					static function () use ( &$probed ) {
						$probed = true;
						return array();
					}
				);
			}
		);
		$fast   = $runner->run( array(), Health_Runner::SPEED_FAST );
		$this->assertFalse( $probed );
		$this->assertCount( 15, $fast );
		$slow = $runner->run( array(), Health_Runner::SPEED_SLOW );
		$this->assertTrue( $probed );
		$this->assertSame(
			array( 'origin_tls', 'site_address', 'loopback', 'debug_log_exposure', 'memory_usage' ),
			array_map(
				static function ( $r ) {
					return $r->to_array()['id'];
				},
				$slow
			)
		);
	}

	public function test_every_default_check_on_a_locked_down_host_is_unknown_or_measured_without_warnings() {
		$warnings = array();
		set_error_handler(
			static function ( $errno, $message ) use ( &$warnings ) {
				$warnings[] = $message;
				return true;
			}
		);
		$disabled = array(
			'disable_functions' => static function () {
				return 'fpm_get_status,sys_getloadavg,disk_free_space,disk_total_space,opcache_get_status,filesize,fopen,php_sapi_name';
			},
		);
		$results  = $this->runner( Health_Runner::default_checks(), $disabled )->run();
		restore_error_handler();
		$this->assertSame( array(), $warnings );
		$by_id = array();
		foreach ( $results as $result ) {
			$by_id[ $result->to_array()['id'] ] = $result->status();
		}
		foreach ( array( 'fpm_pool', 'server_load', 'server_memory', 'disk_space', 'time_limits', 'memory_usage' ) as $id ) {
			$this->assertSame( 'unknown', $by_id[ $id ], $id );
		}
	}

	public function test_open_basedir_gives_a_clear_error_and_no_warning() {
		$script = get_temp_dir() . 'triage-open-basedir.php';
		file_put_contents(
			$script,
			'<?php define( "ABSPATH", ' . var_export( ABSPATH, true ) . ' );' .
			'function __( $s ) { return $s; } function do_action() {}' .
			'require ABSPATH . "wp-includes/class-wp-error.php";' .
			'require ' . var_export( TRIAGE_DIR . '/includes/Health/System_Files.php', true ) . ';' .
			'$r = ( new Triage\Health\System_Files() )->read( "/proc/meminfo" );' .
			'echo is_wp_error_x( $r ) ? "ERROR:" . $r->get_error_message() : "READ"; function is_wp_error_x( $r ) { return $r instanceof WP_Error; }'
		);
		$allowed = implode( ':', array( rtrim( ABSPATH, '/' ), TRIAGE_DIR, rtrim( get_temp_dir(), '/' ) ) );
		$output  = shell_exec( escapeshellarg( PHP_BINARY ) . ' -n -d display_errors=1 -d error_reporting=-1 -d open_basedir=' . escapeshellarg( $allowed ) . ' ' . escapeshellarg( $script ) . ' 2>&1' );
		unlink( $script );
		$this->assertStringStartsWith( 'ERROR:/proc/meminfo cannot be read: ', $output );
		$this->assertStringContainsString( 'open_basedir', $output );
		$this->assertStringNotContainsString( 'Warning', $output );
	}

	public function test_rest_runs_selected_checks_with_layers_and_timing() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/health', array( 'checks' => array( 'php_version', 'cron' ) ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( array( 'php_version', 'cron' ), wp_list_pluck( $data['checks'], 'id' ) );
		$this->assertSame( 1, $data['layers']['php']['checks'] );
		$this->assertSame( 'unknown', $data['layers']['database']['status'] );
		$this->assertGreaterThanOrEqual( 0, $data['duration_ms'] );
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/health' ), $data );
	}

	public function test_rest_accepts_a_comma_separated_list() {
		$this->log_in_as_site_owner();
		$request = new WP_REST_Request( 'GET', '/triage/v1/health' );
		$request->set_query_params( array( 'checks' => 'php_version,cron' ) );
		$data = rest_get_server()->dispatch( $request )->get_data();
		$this->assertSame( array( 'php_version', 'cron' ), wp_list_pluck( $data['checks'], 'id' ) );
	}

	public function test_rest_rejects_unknown_checks_and_speeds() {
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/health', array( 'checks' => array( 'nope' ) ) ) );
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/health', array( 'speed' => 'warp' ) ) );
	}

	public function test_site_health_lists_fast_checks_as_direct_and_slow_as_async() {
		$this->log_in_as_site_owner();
		$tests = apply_filters(
			'site_status_tests',
			array(
				'direct' => array(),
				'async'  => array(),
			)
		);
		$this->assertArrayHasKey( 'triage_php_version', $tests['direct'] );
		$this->assertArrayHasKey( 'triage_loopback', $tests['async'] );
		$this->assertTrue( $tests['async']['triage_loopback']['has_rest'] );
		$this->assertStringContainsString( 'triage/v1/health/site-status', urldecode( $tests['async']['triage_loopback']['test'] ) );
		$result = call_user_func( $tests['direct']['triage_php_version']['test'] );
		$this->assertSame( 'triage_php_version', $result['test'] );
		$this->assertContains( $result['status'], array( 'good', 'recommended', 'critical' ) );
	}

	public function test_async_test_url_reaches_the_route_with_plain_and_pretty_permalinks() {
		$this->log_in_as_site_owner();
		foreach ( array( '', '/%postname%/' ) as $structure ) {
			update_option( 'permalink_structure', $structure );
			$GLOBALS['wp_rewrite']->init();
			$tests = apply_filters(
				'site_status_tests',
				array(
					'direct' => array(),
					'async'  => array(),
				)
			);
			$url   = $tests['async']['triage_loopback']['test'];
			parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
			$this->assertSame( 'loopback', $query['check'], $url );
			$route = isset( $query['rest_route'] ) ? $query['rest_route'] : (string) wp_parse_url( $url, PHP_URL_PATH );
			$this->assertStringEndsWith( '/triage/v1/health/site-status', $route, $url );
		}
	}

	public function test_site_health_format_maps_statuses_and_escapes() {
		$check  = new Triage\Health\Checks\Php_Version_Check();
		$result = Check_Result::measured( $check, 'critical', 'Bad <b>thing</b>', array( Check_Result::evidence( '<script>', 'x & y' ) ), 'why', 'fix' );
		$site   = Site_Health_Integration::to_site_health( $result );
		$this->assertSame( 'critical', $site['status'] );
		$this->assertSame( 'red', $site['badge']['color'] );
		$this->assertStringContainsString( '&lt;script&gt;', $site['description'] );
		$this->assertStringNotContainsString( '<script>', $site['description'] );
		$this->assertSame( 'recommended', Site_Health_Integration::to_site_health( Check_Result::unknown( $check, 't', 'r' ) )['status'] );
	}

	public function test_site_health_info_has_a_triage_section_for_admins_only() {
		$this->log_in_as_site_owner();
		$info = apply_filters( 'debug_information', array() );
		$this->assertArrayHasKey( 'triage', $info );
		$this->assertArrayHasKey( 'memory_limits_0', $info['triage']['fields'] );
		wp_set_current_user( self::factory()->user->create( array( 'role' => 'editor' ) ) );
		$this->assertArrayNotHasKey( 'triage', apply_filters( 'debug_information', array() ) );
	}

	public function test_probe_tokens_are_signed_single_use_and_expire() {
		$tokens  = new Probe_Token();
		$user_id = self::factory()->user->create();
		$token   = $tokens->issue( $user_id );
		$this->assertSame( $user_id, $tokens->redeem( $token ) );
		$this->assertSame( 0, $tokens->redeem( $token ), 'Replayed.' );

		$parts    = explode( '.', $tokens->issue( $user_id ) );
		$parts[2] = (string) ( $user_id + 1 );
		$this->assertSame( 0, $tokens->redeem( implode( '.', $parts ) ), 'Another user.' );

		$parts    = explode( '.', $tokens->issue( $user_id ) );
		$parts[3] = str_repeat( '0', 64 );
		$this->assertSame( 0, $tokens->redeem( implode( '.', $parts ) ), 'Forged signature.' );

		$expired = $tokens->issue( $user_id, -100 );
		$this->assertSame( 0, $tokens->redeem( $expired ), 'Expired.' );
		$this->assertSame( 0, $tokens->redeem( 'garbage' ) );
		$this->assertSame( 0, $tokens->redeem( '' ) );
	}

	public function test_probe_report_round_trips_only_at_the_end_of_a_body() {
		$this->assertSame(
			array(
				'peak'  => 4194304,
				'limit' => '256M',
			),
			Probe_Responder::parse( "<html></html>\n<!-- triage-probe {\"peak\":4194304,\"limit\":\"256M\"} -->" )
		);
		$this->assertNull( Probe_Responder::parse( '<!-- triage-probe {"peak":1,"limit":"1M"} --> <p>after</p>' ) );
		$this->assertNull( Probe_Responder::parse( 'no report' ) );
	}

	public function test_probe_responder_reports_only_for_a_valid_token_of_an_admin() {
		$admin = self::factory()->user->create( array( 'role' => 'administrator' ) );
		if ( is_multisite() ) {
			grant_super_admin( $admin );
		}
		$subscriber = self::factory()->user->create();
		$tokens     = new Probe_Token();
		$responder  = new Probe_Responder( $tokens, new Triage\Capabilities() );

		$_SERVER['HTTP_X_TRIAGE_PROBE'] = $tokens->issue( $subscriber );
		$this->assertFalse( $responder->maybe_respond(), 'A subscriber\'s token must not make the site report.' );
		$_SERVER['HTTP_X_TRIAGE_PROBE'] = 'tampered.' . $tokens->issue( $admin );
		$this->assertFalse( $responder->maybe_respond() );
		$_SERVER['HTTP_X_TRIAGE_PROBE'] = $tokens->issue( $admin );
		$this->assertTrue( $responder->maybe_respond() );
		$this->assertSame( PHP_INT_MAX, has_action( 'shutdown', array( $responder, 'report' ) ) );
		ob_start();
		$responder->report();
		$report = Probe_Responder::parse( (string) ob_get_clean() );
		unset( $_SERVER['HTTP_X_TRIAGE_PROBE'] );
		$this->assertGreaterThan( 0, $report['peak'] );
		$this->assertSame( ini_get( 'memory_limit' ), $report['limit'] );
	}
}
