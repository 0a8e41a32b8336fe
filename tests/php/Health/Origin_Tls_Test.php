<?php
/**
 * The origin certificate check against real TLS servers (openssl s_server on 127.0.0.1, random ports)
 * serving certificates generated for the test by tests/lab/certs.sh.
 *
 * @package Triage
 */

use Triage\Health\Check_Result;
use Triage\Health\Checks\Origin_Tls_Check;
use Triage\Health\Runtime;
use Triage\Health\Tls_Inspector;

require_once __DIR__ . '/Health_Test_Case.php';

/**
 * Expired, not yet valid, soon expiring, wrong host, missing intermediate, self-signed, a good chain;
 * a closed port and a PHP without OpenSSL give an answer and no warning.
 */
class Origin_Tls_Test extends Health_Test_Case {

	/** The host the certificates are issued for. */
	private const HOST = 'origin.test';

	/**
	 * Folder of generated certificates.
	 *
	 * @var string
	 */
	private static $certs = '';

	/**
	 * The s_server started by the current test.
	 *
	 * @var resource|null
	 */
	private $server = null;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$certs = get_temp_dir() . 'triage-tls-' . getmypid();
		exec( 'bash ' . escapeshellarg( dirname( __DIR__, 2 ) . '/lab/certs.sh' ) . ' ' . escapeshellarg( self::$certs ) . ' ' . self::HOST . ' 2>&1', $output, $code );
		if ( 0 !== $code ) {
			self::fail( 'certs.sh failed: ' . implode( "\n", $output ) );
		}
	}

	public static function tearDownAfterClass(): void {
		exec( 'rm -rf ' . escapeshellarg( self::$certs ) );
		parent::tearDownAfterClass();
	}

	public function tear_down() {
		if ( is_resource( $this->server ) ) {
			proc_terminate( $this->server );
			proc_close( $this->server );
		}
		$this->server = null;
		parent::tear_down();
	}

	/**
	 * Serves a certificate (and optional chain file) on a free port; returns the port.
	 *
	 * @param string $cert  Certificate file name in the certs folder.
	 * @param string $key   Key file name.
	 * @param string $chain Extra certificates to send, '' for none.
	 * @return int
	 */
	private function serve( $cert, $key = 'good.key', $chain = '' ) {
		$port    = $this->free_port();
		$command = array( 'openssl', 's_server', '-quiet', '-accept', '127.0.0.1:' . $port, '-cert', self::$certs . '/' . $cert, '-key', self::$certs . '/' . $key );
		if ( '' !== $chain ) {
			$command[] = '-cert_chain';
			$command[] = self::$certs . '/' . $chain;
		}
		$this->server = proc_open( 'exec ' . implode( ' ', array_map( 'escapeshellarg', $command ) ), array( array( 'pipe', 'r' ), array( 'file', '/dev/null', 'w' ), array( 'file', '/dev/null', 'w' ) ), $pipes );
		$deadline     = microtime( true ) + 5;
		while ( microtime( true ) < $deadline ) {
			// Refused until s_server listens.
			$socket = @stream_socket_client( 'tcp://127.0.0.1:' . $port, $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			if ( is_resource( $socket ) ) {
				fclose( $socket );
				return $port;
			}
			usleep( 50000 );
		}
		$this->fail( 'openssl s_server did not start' );
	}

	/**
	 * A port nothing listens on right now.
	 *
	 * @return int
	 */
	private function free_port() {
		$probe = stream_socket_server( 'tcp://127.0.0.1:0' );
		$name  = stream_socket_get_name( $probe, false );
		fclose( $probe );
		return (int) substr( $name, strrpos( $name, ':' ) + 1 );
	}

	/**
	 * Runs the check for https://origin.test:<port>, trusting only the test root, with no warning allowed.
	 *
	 * @param int   $port      Port.
	 * @param array $overrides Runtime overrides.
	 * @param array $server    Server variables of the admin's request.
	 * @return array
	 */
	private function check( $port, array $overrides = array(), array $server = array() ) {
		update_option( 'home', 'https://' . self::HOST . ':' . $port );
		$overrides += array(
			'server_vars' => static function () use ( $server ) {
				return $server + array( 'SERVER_ADDR' => '127.0.0.1' );
			},
			// The real clock: the certificates were made for it.
			'time'        => 'time',
		);
		$warnings   = array();
		set_error_handler(
			static function ( $errno, $message ) use ( &$warnings ) {
				$warnings[] = $message;
				return true;
			}
		);
		$started = microtime( true );
		try {
			$result = $this->run_check( new Origin_Tls_Check( self::$certs . '/root.pem' ), $this->context( '', $overrides ) );
		} finally {
			restore_error_handler();
		}
		$this->assertSame( array(), $warnings );
		$this->assertLessThan( 5.0, microtime( true ) - $started, 'Bounded by the short timeout.' );
		return $result;
	}

	public function test_a_good_chain_is_good_with_the_days_left() {
		$result = $this->check( $this->serve( 'good.pem', 'good.key', 'inter.pem' ) );
		$this->assertSame( Check_Result::GOOD, $result['status'], $result['title'] );
		$this->assertStringContainsString( 'origin.test', $this->evidence( $result, 'Certificate for' ) );
		$this->assertContains( (int) $this->evidence( $result, 'Days left' ), array( 89, 90 ) );
		$this->assertStringContainsString( 'complete, ends at a trusted root', $this->evidence( $result, 'Chain sent by the server' ) );
		$this->assertStringContainsString( '127.0.0.1:', $this->evidence( $result, 'Connected to' ) );
	}

	public function test_an_expired_certificate_is_critical_with_renew_and_the_cdn_codes() {
		$result = $this->check( $this->serve( 'expired.pem', 'good.key', 'inter.pem' ) );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertMatchesRegularExpression( '/expired \d+ days ago \(2021-01-01\)/', $result['title'] );
		$this->assertStringContainsString( '526', $result['why'] );
		$this->assertStringContainsString( 'upstream SSL certificate verify error', $result['why'] );
		$this->assertStringContainsString( 'certbot renew', $result['fix'] );
	}

	public function test_a_certificate_not_yet_valid_is_critical() {
		$result = $this->check( $this->serve( 'future.pem', 'good.key', 'inter.pem' ) );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertStringContainsString( 'not valid yet', $result['title'] );
		$this->assertStringContainsString( 'timedatectl', $result['fix'] );
	}

	public function test_a_certificate_expiring_within_two_weeks_is_a_warning() {
		$result = $this->check( $this->serve( 'soon.pem', 'good.key', 'inter.pem' ) );
		$this->assertSame( Check_Result::WARNING, $result['status'] );
		$this->assertMatchesRegularExpression( '/expires in [45] days/', $result['title'] );
	}

	public function test_a_certificate_for_another_host_is_critical() {
		$result = $this->check( $this->serve( 'wronghost.pem', 'good.key', 'inter.pem' ) );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertSame( 'The origin\'s certificate is for other.invalid, not for origin.test', $result['title'] );
		$this->assertStringContainsString( 'certbot --nginx -d origin.test', $result['fix'] );
	}

	public function test_a_missing_intermediate_is_named_and_critical_behind_a_proxy() {
		$port   = $this->serve( 'good.pem' );
		$result = $this->check( $port, array(), array( 'HTTP_CF_RAY' => '8c1d2e3f4a5b6c7d-AMS' ) );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertSame( 'The origin sends an incomplete certificate chain (an intermediate is missing)', $result['title'] );
		$this->assertStringContainsString( 'CN=Triage Lab Intermediate CA', $this->evidence( $result, 'Chain sent by the server' ) );
		$this->assertStringContainsString( 'fullchain.pem', $result['fix'] );
		$this->assertStringContainsString( 'behind Cloudflare', $result['why'] );

		$direct = $this->check( $port );
		$this->assertSame( Check_Result::WARNING, $direct['status'], 'Without a proxy in front, browsers usually fetch the intermediate.' );
	}

	public function test_a_self_signed_certificate_says_which_cdn_modes_accept_it() {
		$result = $this->check( $this->serve( 'self.pem', 'self.key' ) );
		$this->assertSame( Check_Result::WARNING, $result['status'] );
		$this->assertSame( 'The origin\'s certificate is self-signed', $result['title'] );
		$this->assertSame( 'itself (self-signed)', $this->evidence( $result, 'Issued by' ) );
		$this->assertStringContainsString( 'Full mode does, Full (strict) answers 526', $result['fix'] );
	}

	public function test_an_expired_self_signed_certificate_reports_both() {
		$result = $this->check( $this->serve( 'self-expired.pem', 'self.key' ) );
		$this->assertSame( Check_Result::CRITICAL, $result['status'] );
		$this->assertStringContainsString( 'expired', $result['title'] );
		$this->assertSame( 'The origin\'s certificate is self-signed', $this->evidence( $result, 'Also found' ) );
	}

	public function test_a_closed_port_is_unknown_without_a_warning() {
		$result = $this->check( $this->free_port() );
		$this->assertSame( Check_Result::UNKNOWN, $result['status'] );
		$this->assertStringContainsString( 'No TLS connection to 127.0.0.1:', $this->evidence( $result, 'Answer' ) );
	}

	public function test_without_openssl_the_check_is_unknown_without_a_warning() {
		$result = $this->check(
			443,
			array(
				'disable_functions' => static function () {
					return 'openssl_x509_parse,openssl_x509_verify';
				},
			)
		);
		$this->assertSame( Check_Result::UNKNOWN, $result['status'] );
		$this->assertStringContainsString( 'OpenSSL extension is not available', $result['reason'] );
		$this->assertNull( $this->evidence( $result, 'Connected to' ), 'No connection is attempted.' );
	}

	public function test_a_plain_http_site_without_a_proxy_is_not_probed() {
		update_option( 'home', 'http://example.org' );
		$result = $this->run_check( new Origin_Tls_Check( self::$certs . '/root.pem' ), $this->context() );
		$this->assertSame( Check_Result::GOOD, $result['status'] );
		$this->assertNull( $this->evidence( $result, 'Connected to' ) );
	}

	public function test_sni_is_the_site_host_and_the_target_is_this_machine() {
		$port = $this->serve( 'good.pem', 'good.key', 'inter.pem' );
		$seen = null;
		add_filter(
			'triage_origin_tls_target',
			static function ( $target ) use ( &$seen ) {
				$seen = $target;
				return $target;
			}
		);
		$this->check( $port, array(), array( 'SERVER_ADDR' => '127.0.0.1' ) );
		$this->assertSame(
			array(
				'address' => '127.0.0.1',
				'port'    => $port,
				'host'    => self::HOST,
			),
			$seen
		);
	}

	public function test_a_filter_cannot_send_the_connection_to_another_machine() {
		$port = $this->serve( 'good.pem', 'good.key', 'inter.pem' );
		add_filter(
			'triage_origin_tls_target',
			static function ( $target ) {
				return array( 'address' => '192.0.2.10' ) + $target;
			}
		);
		$result = $this->check( $port );
		$this->assertStringStartsWith( '127.0.0.1:' . $port, $this->evidence( $result, 'Connected to' ) );
		$this->assertSame( Check_Result::GOOD, $result['status'] );
	}

	/**
	 * @dataProvider data_host_names
	 */
	public function test_host_name_matching( $names, $host, $expected ) {
		$this->assertSame( $expected, Tls_Inspector::matches_host( $names, $host ) );
	}

	public function data_host_names() {
		return array(
			'exact'                     => array( array( 'example.com' ), 'example.com', true ),
			'case'                      => array( array( 'Example.COM' ), 'example.com', true ),
			'wildcard one label'        => array( array( '*.example.com' ), 'www.example.com', true ),
			'wildcard not two labels'   => array( array( '*.example.com' ), 'a.b.example.com', false ),
			'wildcard not the apex'     => array( array( '*.example.com' ), 'example.com', false ),
			'other host'                => array( array( 'example.net' ), 'example.com', false ),
			'ip address'                => array( array( '127.0.0.1' ), '127.0.0.1', true ),
			'wildcard never matches ip' => array( array( '*.0.0.1' ), '127.0.0.1', false ),
		);
	}

	public function test_the_inspector_reports_the_served_chain() {
		$port   = $this->serve( 'good.pem', 'good.key', 'inter.pem' );
		$report = ( new Tls_Inspector( new Runtime(), self::$certs . '/root.pem' ) )->inspect( '127.0.0.1', $port, self::HOST, 3.0 );
		$this->assertTrue( $report['connected'] );
		$this->assertCount( 2, $report['chain'] );
		$this->assertSame( 'CN=Triage Lab Intermediate CA', $report['chain'][0]['issuer'] );
		$this->assertTrue( $report['complete'] );
		$this->assertTrue( $report['trusted'] );
		$this->assertFalse( $report['self_signed'] );

		$untrusted = ( new Tls_Inspector( new Runtime(), ABSPATH . 'wp-includes/certificates/ca-bundle.crt' ) )->inspect( '127.0.0.1', $port, self::HOST, 3.0 );
		$this->assertSame( 'CN=Triage Lab Root CA', $untrusted['missing'], 'With public roots only, the private root is what is missing.' );
	}
}
