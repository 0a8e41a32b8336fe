<?php
/**
 * The site address against the host in use and what DNS says, and the URL rebasing the admin page uses.
 *
 * @package Triage
 */

use Triage\Health\Check_Result;
use Triage\Health\Checks\Site_Address_Check;
use Triage\Health\Runtime;
use Triage\Health\Site_Address;

require_once __DIR__ . '/Health_Test_Case.php';

/**
 * Matching, moved, unresolvable and constant-set addresses; hostile Host headers; rebasing.
 */
class Site_Address_Test extends Health_Test_Case {

	/**
	 * Runtime overrides: a Host header, a DNS table and optional constants.
	 *
	 * @param string $host_header Host header ('' for none).
	 * @param array  $dns         Host => addresses (missing: does not resolve).
	 * @param array  $constants   Constant => value.
	 * @return array
	 */
	private function runtime( $host_header, array $dns, array $constants = array() ) {
		return array(
			'server_vars'    => static function () use ( $host_header ) {
				return ( '' !== $host_header ? array( 'HTTP_HOST' => $host_header ) : array() ) + array( 'SERVER_ADDR' => '10.0.0.5' );
			},
			'gethostbynamel' => static function ( $host ) use ( $dns ) {
				return isset( $dns[ $host ] ) ? $dns[ $host ] : false;
			},
			'dns_get_record' => static function () {
				return array();
			},
			'gethostname'    => static function () {
				return 'web1';
			},
			'defined'        => static function ( $name ) use ( $constants ) {
				return isset( $constants[ $name ] );
			},
			'constant'       => static function ( $name ) use ( $constants ) {
				return $constants[ $name ];
			},
		);
	}

	/**
	 * Runs the check.
	 *
	 * @param string $home        home and siteurl.
	 * @param string $host_header Host header.
	 * @param array  $dns         DNS table.
	 * @param array  $constants   Constants.
	 * @return array
	 */
	private function check( $home, $host_header, array $dns, array $constants = array() ) {
		update_option( 'home', $home );
		update_option( 'siteurl', $home );
		return $this->run_check( new Site_Address_Check(), $this->context( '', $this->runtime( $host_header, $dns, $constants ) ) );
	}

	public function test_the_address_in_use_resolving_here_is_good() {
		$result = $this->check( 'https://shop.example', 'shop.example', array( 'shop.example' => array( '10.0.0.5' ) ) );
		$this->assertSame( Check_Result::GOOD, $result['status'] );
		$this->assertSame( '10.0.0.5 — this server', $this->evidence( $result, 'shop.example resolves to' ) );
		$this->assertSame( 'https://shop.example', $this->evidence( $result, 'home (option)' ) );
	}

	public function test_www_and_the_bare_domain_are_one_site() {
		$result = $this->check( 'https://shop.example', 'www.shop.example', array( 'shop.example' => array( '10.0.0.5' ) ) );
		$this->assertSame( Check_Result::GOOD, $result['status'] );
	}

	public function test_behind_a_reverse_proxy_the_forwarded_host_is_the_one_in_use() {
		update_option( 'home', 'https://shop.example' );
		update_option( 'siteurl', 'https://shop.example' );
		$overrides                = $this->runtime( 'localhost:8080', array( 'shop.example' => array( '10.0.0.5' ) ) );
		$overrides['server_vars'] = static function () {
			return array(
				'HTTP_HOST'              => 'localhost:8080',
				'HTTP_X_FORWARDED_HOST'  => 'shop.example',
				'HTTP_X_FORWARDED_PROTO' => 'https',
			);
		};
		$result                   = $this->run_check( new Site_Address_Check(), $this->context( '', $overrides ) );
		$this->assertSame( Check_Result::GOOD, $result['status'] );
		$this->assertSame( 'https://shop.example', ( new Site_Address( new Runtime( $overrides ) ) )->current_origin() );
	}

	public function test_an_address_behind_a_cdn_is_good() {
		$result = $this->check( 'https://shop.example', 'shop.example', array( 'shop.example' => array( '104.16.1.1' ) ) );
		$this->assertSame( Check_Result::GOOD, $result['status'] );
		$this->assertStringContainsString( 'not this server', $this->evidence( $result, 'shop.example resolves to' ) );
	}

	public function test_an_unresolvable_old_address_is_critical_with_the_exact_commands() {
		$result = $this->check( 'http://old-shop.invalid', '127.0.0.1:8889', array() );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertSame( 'The site address (home) points to old-shop.invalid, which does not resolve; you are using 127.0.0.1', $result['title'] );
		$this->assertSame( 'does not resolve from this server', $this->evidence( $result, 'old-shop.invalid resolves to' ) );
		$this->assertSame( '127.0.0.1:8889', $this->evidence( $result, 'Host you are using now' ) );
		$this->assertStringContainsString( "Change the home option to http://127.0.0.1:8889: wp option update home 'http://127.0.0.1:8889'", $result['fix'] );
		$this->assertStringContainsString( "Change the siteurl option to http://127.0.0.1:8889: wp option update siteurl 'http://127.0.0.1:8889'", $result['fix'] );
		$this->assertStringContainsString( 'wp search-replace', $result['fix'] );
	}

	public function test_a_moved_address_that_still_resolves_is_critical() {
		$result = $this->check( 'https://old.example/blog', 'new.example', array( 'old.example' => array( '203.0.113.7' ) ) );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertSame( 'The site address (home) points to old.example, not to new.example that you are using', $result['title'] );
		$this->assertStringContainsString( "wp option update home 'http://new.example/blog'", $result['fix'], 'The path is kept, the scheme is the one in use.' );
	}

	public function test_the_host_in_use_is_resolved_too() {
		$result = $this->check( 'https://old.example', 'new.example', array( 'old.example' => array( '203.0.113.7' ) ) );
		$this->assertSame( 'does not resolve from this server', $this->evidence( $result, 'new.example resolves to' ) );
		$this->assertStringContainsString( 'add a line "127.0.0.1 new.example" to its /etc/hosts', $result['fix'] );

		$resolving = $this->check(
			'https://old.example',
			'new.example',
			array(
				'old.example' => array( '203.0.113.7' ),
				'new.example' => array( '10.0.0.5' ),
			)
		);
		$this->assertSame( '10.0.0.5 — this server', $this->evidence( $resolving, 'new.example resolves to' ) );
		$this->assertStringNotContainsString( '/etc/hosts', $resolving['fix'] );
	}

	public function test_a_constant_names_the_constant_and_wp_config() {
		$result = $this->check(
			'http://127.0.0.1:8889',
			'127.0.0.1:8889',
			array(),
			array(
				'WP_HOME'    => 'https://gone.invalid',
				'WP_SITEURL' => 'http://127.0.0.1:8889',
			)
		);
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertSame( 'https://gone.invalid', $this->evidence( $result, 'home (set by WP_HOME in wp-config.php)' ) );
		$this->assertStringContainsString( 'The site address (WP_HOME) points to gone.invalid', $result['title'] );
		$this->assertStringContainsString( "In wp-config.php change the constant WP_HOME to define( 'WP_HOME', 'http://127.0.0.1:8889' ); (WP-CLI: wp config set WP_HOME 'http://127.0.0.1:8889').", $result['fix'] );
		$this->assertStringNotContainsString( 'siteurl option', $result['fix'], 'siteurl matches the host in use.' );
	}

	public function test_the_host_in_use_that_this_server_cannot_resolve_is_a_warning() {
		$result = $this->check( 'https://shop.example', 'shop.example', array() );
		$this->assertSame( Check_Result::WARNING, $result['status'] );
		$this->assertStringContainsString( '127.0.0.1 shop.example', $result['fix'] );
	}

	public function test_without_a_host_header_only_dns_is_compared() {
		$good = $this->check( 'https://shop.example', '', array( 'shop.example' => array( '10.0.0.5' ) ) );
		$this->assertSame( Check_Result::GOOD, $good['status'] );
		$this->assertStringStartsWith( 'unknown', $this->evidence( $good, 'Host you are using now' ) );
	}

	/**
	 * @dataProvider data_host_headers
	 */
	public function test_host_headers( $header, $https, $expected ) {
		$address = new Site_Address(
			new Runtime(
				array(
					'server_vars' => static function () use ( $header, $https ) {
						return array(
							'HTTP_HOST' => $header,
							'HTTPS'     => $https ? 'on' : '',
						);
					},
				)
			)
		);
		$this->assertSame( $expected, $address->current_origin() );
	}

	public function data_host_headers() {
		return array(
			'name'                 => array( 'Shop.Example', false, 'http://shop.example' ),
			'port kept'            => array( '127.0.0.1:8889', false, 'http://127.0.0.1:8889' ),
			'default port dropped' => array( 'shop.example:443', true, 'https://shop.example' ),
			'ipv6'                 => array( '[::1]:8080', false, 'http://[::1]:8080' ),
			'path injection'       => array( 'evil.example/x', false, null ),
			'script'               => array( '"><script>', false, null ),
			'user info'            => array( 'a@evil.example', false, null ),
			'empty'                => array( '', false, null ),
		);
	}

	/**
	 * @dataProvider data_rebase
	 */
	public function test_rebase( $url, $expected ) {
		$this->assertSame( $expected, Site_Address::rebase( $url, 'http://127.0.0.1:8889', array( 'http://old.invalid', 'https://old.invalid:8443' ) ) );
	}

	public function data_rebase() {
		return array(
			'script'           => array( 'http://old.invalid/wp-includes/js/jquery.js?ver=3', 'http://127.0.0.1:8889/wp-includes/js/jquery.js?ver=3' ),
			'rest root'        => array( 'https://old.invalid:8443/wp-json/', 'http://127.0.0.1:8889/wp-json/' ),
			'bare origin'      => array( 'http://old.invalid', 'http://127.0.0.1:8889' ),
			'longer host kept' => array( 'http://old.invalid.example.com/x', 'http://old.invalid.example.com/x' ),
			'other host kept'  => array( 'https://cdn.example/x.js', 'https://cdn.example/x.js' ),
		);
	}
}
