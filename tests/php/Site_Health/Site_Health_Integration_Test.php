<?php
/**
 * Site Health: Triage's tests and Info section respect the view capability and keep private data out of
 * the text people paste into support requests.
 *
 * @package Triage
 */

use Triage\Capabilities;
use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;
use Triage\Site_Health\Site_Health_Integration;

/**
 * Security review finding 11.
 */
class Site_Health_Integration_Test extends WP_UnitTestCase {

	/**
	 * An integration whose one fast check reports the given evidence.
	 *
	 * @param array<int, array{label: string, value: string}> $evidence Evidence.
	 * @param bool                                            $slow     Whether the check is slow.
	 * @param string                                          $title    The check's verdict title.
	 * @return Site_Health_Integration
	 */
	private function integration( array $evidence, $slow = false, $title = 'fine' ) {
		$check  = new class( $evidence, $slow, $title ) implements Check {
			private $evidence;
			private $slow;
			private $title;
			public function __construct( $evidence, $slow, $title ) {
				$this->evidence = $evidence;
				$this->slow     = $slow;
				$this->title    = $title;
			}
			public function id(): string {
				return 'sample';
			}
			public function layer(): string {
				return 'web';
			}
			public function is_slow(): bool {
				return $this->slow;
			}
			public function run( Check_Context $context ): Check_Result {
				return Check_Result::measured( $this, Check_Result::GOOD, $this->title, $this->evidence );
			}
		};
		$runner = new Health_Runner(
			static function () use ( $check ) {
				return array( $check );
			},
			static function () {
				return new Check_Context(
					new Triage\Health\Runtime( array() ),
					new Triage\Health\System_Files( get_temp_dir() . 'triage-empty-root' ),
					static function () {
						return array();
					}
				);
			}
		);
		return new Site_Health_Integration( $runner, new Capabilities() );
	}

	/**
	 * Logs in an administrator (a super admin on multisite).
	 *
	 * @return void
	 */
	private function admin() {
		$id = self::factory()->user->create( array( 'role' => 'administrator' ) );
		if ( is_multisite() ) {
			grant_super_admin( $id );
		}
		wp_set_current_user( $id );
	}

	public function test_addresses_headers_and_paths_are_marked_private_in_info() {
		$this->admin();
		$info   = $this->integration(
			array(
				Check_Result::evidence( 'REMOTE_ADDR', '203.0.113.7' ),
				Check_Result::evidence( 'X-Forwarded-For', '198.51.100.23, 10.0.0.1' ),
				Check_Result::evidence( 'CF-Connecting-IP', '2001:db8::1' ),
				Check_Result::evidence( 'Errors are written to', '/srv/triage-private/debug-0123456789abcdef0123456789abcdef.log' ),
				Check_Result::evidence( 'Log URL', 'https://example.org/wp-content/debug.log' ),
				Check_Result::evidence( 'PHP-FPM pool file', 'C:\\php\\pool.d\\www.conf [www]' ),
				Check_Result::evidence( 'pm.max_children', '5' ),
				Check_Result::evidence( 'PHP version', '8.2.7' ),
			)
		)->add_information( array() );
		$fields = array_values( $info['triage']['fields'] );
		$this->assertTrue( ! empty( $fields[0]['private'] ), 'REMOTE_ADDR is the admin\'s own address.' );
		$this->assertTrue( ! empty( $fields[1]['private'] ), 'Proxy headers carry addresses.' );
		$this->assertTrue( ! empty( $fields[2]['private'] ), 'IPv6 too.' );
		$this->assertTrue( ! empty( $fields[3]['private'] ), 'The private log path.' );
		$this->assertTrue( ! empty( $fields[4]['private'] ), 'A URL of a log.' );
		$this->assertTrue( ! empty( $fields[5]['private'] ), 'A Windows path.' );
		$this->assertTrue( empty( $fields[6]['private'] ), 'Plain settings stay in the copied report.' );
		$this->assertTrue( empty( $fields[7]['private'] ), 'A version number is not an address.' );
	}

	/**
	 * Values that carry an address or a path inside other text.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function wrapped_addresses_and_paths() {
		return array(
			'IPv4 with a port'              => array( '203.0.113.5:443' ),
			'database error quoting host'   => array( "Can't connect to MySQL server on '10.0.0.5:3306' (111)" ),
			'setting assigned a path'       => array( 'error_log=/var/log/php/error.log' ),
			'quoted path'                   => array( '"/var/log/php/error.log"' ),
			'address ending a sentence'     => array( 'refused by 10.0.0.5.' ),
			'IPv6 ending in a double colon' => array( '2001:db8::' ),
		);
	}

	/**
	 * @dataProvider wrapped_addresses_and_paths
	 *
	 * @param string $value Evidence value.
	 */
	public function test_addresses_and_paths_inside_quotes_assignments_or_with_a_port_are_private( $value ) {
		$this->assertTrue( Site_Health_Integration::is_private( 'Error', $value ) );
	}

	public function test_a_lone_slash_or_a_ratio_is_not_a_path() {
		$this->assertFalse( Site_Health_Integration::is_private( 'Cached scripts', '1200 / 4000' ) );
		$this->assertFalse( Site_Health_Integration::is_private( 'Pool', 'www (pm = dynamic)' ) );
	}

	public function test_core_leaves_private_fields_out_of_the_copied_report() {
		$this->admin();
		$info = $this->integration( array( Check_Result::evidence( 'REMOTE_ADDR', '203.0.113.7' ) ) )->add_information( array() );
		if ( ! class_exists( 'WP_Debug_Data' ) ) {
			require_once ABSPATH . 'wp-admin/includes/class-wp-debug-data.php';
		}
		$copied = WP_Debug_Data::format( $info, 'info' );
		$this->assertStringNotContainsString( '203.0.113.7', $copied );
	}

	public function test_a_verdict_whose_title_names_a_url_or_path_is_private_too() {
		$this->admin();
		if ( ! class_exists( 'WP_Debug_Data' ) ) {
			require_once ABSPATH . 'wp-admin/includes/class-wp-debug-data.php';
		}
		$info = $this->integration( array(), false, 'The debug log can be downloaded from https://example.org/wp-content/debug.log' )->add_information( array() );
		$this->assertTrue( ! empty( $info['triage']['fields']['sample_status']['private'] ) );
		$this->assertStringNotContainsString( 'example.org/wp-content/debug.log', WP_Debug_Data::format( $info, 'info' ) );

		$info = $this->integration( array(), false, 'The server answers in time' )->add_information( array() );
		$this->assertTrue( empty( $info['triage']['fields']['sample_status']['private'] ), 'A plain verdict stays in the copied report.' );
		$this->assertStringContainsString( 'The server answers in time', WP_Debug_Data::format( $info, 'info' ) );
	}

	public function test_site_health_tests_respect_the_view_capability_filter() {
		$this->admin();
		$deny = static function () {
			return 'do_not_allow';
		};
		$this->assertArrayHasKey( 'triage_sample', $this->integration( array() )->add_tests( array( 'direct' => array() ) )['direct'] );
		$this->assertArrayHasKey( 'triage_sample', $this->integration( array(), true )->add_tests( array( 'async' => array() ) )['async'] );
		add_filter( 'triage_view_capability', $deny );
		$this->assertSame( array( 'direct' => array() ), $this->integration( array() )->add_tests( array( 'direct' => array() ) ) );
		$this->assertSame( array( 'async' => array() ), $this->integration( array(), true )->add_tests( array( 'async' => array() ) ) );
		$this->assertSame( array(), $this->integration( array() )->add_information( array() ) );
	}
}
