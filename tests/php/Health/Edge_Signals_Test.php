<?php
/**
 * The edge of the chain in the other places it shows: proxy-side TLS lines in server logs, the CDN check
 * saying which side made an error page and where its request id is, and a blocked bisection probe.
 *
 * @package Triage
 */

use Triage\Bisect\Probe_Runner;
use Triage\Bisect\Symptom;
use Triage\Health\Checks\Cdn_Proxy_Check;
use Triage\Logs\Log_Attributor;
use Triage\Logs\Server_Log_Classifier;

require_once __DIR__ . '/Health_Test_Case.php';

/**
 * Log signatures, CDN evidence, blocked probes.
 */
class Edge_Signals_Test extends Health_Test_Case {

	/**
	 * @dataProvider data_tls_lines
	 */
	public function test_proxy_tls_lines_are_classified( $line, $cause ) {
		$this->assertSame( $cause, Server_Log_Classifier::classify_line( $line ) );
	}

	public function data_tls_lines() {
		return array(
			'nginx: expired origin certificate' => array( '2026/12/02 02:40:11 [error] 4127#4127: *7 upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: 127.0.0.1, server: _, request: "GET / HTTP/1.1", upstream: "https://127.0.0.1:8443/", host: "127.0.0.1:8890"', 'origin_tls_certificate' ),
			'nginx: self-signed origin'         => array( '2026/12/02 02:40:12 [error] 4127#4127: *8 upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream, client: 127.0.0.1', 'origin_tls_certificate' ),
			'nginx: name mismatch'              => array( '2026/12/02 02:40:13 [error] 4127#4127: *9 upstream SSL certificate does not match "shop.example" while SSL handshaking to upstream', 'origin_tls_certificate' ),
			'nginx: handshake failed'           => array( '2026/12/02 02:40:14 [error] 4127#4127: *10 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1', 'origin_tls_handshake' ),
			'apache: verification error'        => array( '[Wed Dec 02 02:40:15.123456 2026] [ssl:info] [pid 901:tid 140] [remote 127.0.0.1:8443] AH02039: Certificate Verification: Error (10): certificate has expired', 'origin_tls_certificate' ),
			'apache: proxy handshake failed'    => array( '[Wed Dec 02 02:40:16.123456 2026] [proxy:error] [pid 901:tid 140] (502)Unknown error 502: [client 127.0.0.1:50122] AH01084: pass request body failed to 127.0.0.1:8443 (127.0.0.1) AH01961: SSL Proxy requested for 127.0.0.1:80 but not enabled [Hint: SSLProxyEngine]', 'origin_tls_handshake' ),
			'nginx: FPM still FPM'              => array( '2026/12/02 02:40:17 [error] 4127#4127: *11 connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused) while connecting to upstream', 'fpm_down' ),
		);
	}

	public function test_tls_causes_have_texts_with_the_cdn_codes() {
		$causes = Server_Log_Classifier::causes();
		$this->assertSame( '502 (Cloudflare: 526)', $causes['origin_tls_certificate']['status'] );
		$this->assertSame( '502 (Cloudflare: 525)', $causes['origin_tls_handshake']['status'] );
		$this->assertStringContainsString( 'certbot renew', $causes['origin_tls_certificate']['fix'] );
		$this->assertStringContainsString( 'proxy_ssl_server_name on', $causes['origin_tls_handshake']['fix'] );
	}

	public function test_behind_cloudflare_the_check_tells_the_sides_apart_and_gives_the_ray_id() {
		$vars   = array(
			'REMOTE_ADDR'           => '203.0.113.9',
			'HTTP_CF_RAY'           => '8c1f2a3b4c5d6e7f-AMS',
			'HTTP_CF_CONNECTING_IP' => '203.0.113.9',
		);
		$result = $this->run_check(
			new Cdn_Proxy_Check(),
			$this->context(
				'',
				array(
					'server_vars' => static function () use ( $vars ) {
						return $vars;
					},
				)
			)
		);
		$this->assertSame( 'good', $result['status'] );
		$this->assertStringContainsString( '526 the origin\'s certificate is invalid', $this->evidence( $result, 'Who produced an error page' ) );
		$this->assertStringContainsString( 'A plain 502/504 page naming nginx or Apache comes from the origin', $this->evidence( $result, 'Who produced an error page' ) );
		$this->assertStringContainsString( 'this request: 8c1f2a3b4c5d6e7f-AMS', $this->evidence( $result, 'Finding a request in the CDN\'s logs' ) );
	}

	public function test_a_failing_origin_behind_cloudflare_is_named_as_the_side_that_failed() {
		$overrides = array(
			'server_vars' => static function () {
				return array( 'HTTP_CF_RAY' => '8c1f2a3b4c5d6e7f-AMS' );
			},
		);
		$result    = $this->run_check( new Triage\Health\Checks\Loopback_Check(), $this->context( '', $overrides, array( 'front' => $this->loopback( 502 ) ) ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'The error comes from this server, not from Cloudflare', $result['why'] );

		$direct = $this->run_check( new Triage\Health\Checks\Loopback_Check(), $this->context( '', array(), array( 'front' => $this->loopback( 502 ) ) ) );
		$this->assertStringNotContainsString( 'not from', $direct['why'] );
	}

	public function test_cloudfront_and_generic_proxies_are_named() {
		$this->assertSame( 'CloudFront', Cdn_Proxy_Check::vendor( array( 'HTTP_X_AMZ_CF_ID' => 'abc==' ) ) );
		$this->assertSame( 'a proxy', Cdn_Proxy_Check::vendor( array( 'HTTP_VIA' => '1.1 varnish' ) ) );
		$this->assertSame( '', Cdn_Proxy_Check::vendor( array( 'REMOTE_ADDR' => '203.0.113.9' ) ) );
	}

	public function set_up() {
		parent::set_up();
		if ( ! class_exists( 'Triage_Safe_Mode_Loader', false ) ) {
			// The probe runner signs with the must-use loader's code; loading it does nothing else here.
			require_once TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php';
		}
	}

	public function test_a_bisection_probe_blocked_by_a_security_plugin_is_blocked_not_the_symptom() {
		$answer = static function () {
			return array(
				'headers'  => array( 'server' => 'nginx' ),
				'body'     => '<html><body><h1>Your access to this site has been limited by the site owner</h1><p>Generated by Wordfence</p></body></html>',
				'response' => array(
					'code'    => 403,
					'message' => 'Forbidden',
				),
				'cookies'  => array(),
				'filename' => null,
			);
		};
		add_filter( 'pre_http_request', $answer );
		$symptom = Symptom::from_array(
			array(
				'url'   => '/',
				'tests' => array( 'lacks' => 'Welcome' ),
			),
			array( home_url( '/' ) )
		);
		$probe   = ( new Probe_Runner( new Log_Attributor( WP_PLUGIN_DIR, WPMU_PLUGIN_DIR, array( get_theme_root() ), ABSPATH ) ) )->run( $symptom, 1, array(), false );
		remove_filter( 'pre_http_request', $answer );
		$this->assertFalse( $probe['accepted'], 'Never recorded as a verdict on the plugins under test.' );
		$this->assertSame( 403, $probe['status'] );
		$this->assertStringStartsWith( 'The probe was blocked: HTTP 403 from Wordfence — the body begins "Your access to this site has been limited', $probe['error'] );
	}

	public function test_a_plain_probe_answer_is_not_blocked() {
		$answer = static function () {
			return array(
				'headers'  => array(),
				'body'     => 'There has been a critical error on this website.',
				'response' => array(
					'code'    => 500,
					'message' => '',
				),
				'cookies'  => array(),
				'filename' => null,
			);
		};
		add_filter( 'pre_http_request', $answer );
		$symptom = Symptom::from_array(
			array(
				'url'   => '/',
				'tests' => array( 'status' => true ),
			),
			array( home_url( '/' ) )
		);
		$probe   = ( new Probe_Runner( new Log_Attributor( WP_PLUGIN_DIR, WPMU_PLUGIN_DIR, array( get_theme_root() ), ABSPATH ) ) )->run( $symptom, 1, array(), false );
		remove_filter( 'pre_http_request', $answer );
		$this->assertNull( $probe['error'] );
		$this->assertSame( 'fail', $probe['verdict'] );
	}
}
