<?php
/**
 * Plants secrets everywhere a support report could pick them up, and proves none comes out.
 *
 * @package Triage
 */

// phpcs:disable WordPress.Security.NonceVerification.Recommended -- the fixture sets and restores the test request's $_GET.

/**
 * The support report's secrets fixture, shared by the report's REST test and the triage/report ability
 * test: a real wp-config.php-like file (the test site's own config plus extra constants and variables with
 * unique values, defined in this process too), users with unique e-mail addresses, a request with unique
 * cookies and a secret-looking query string, and PHP and server log lines that contain all of them.
 */
final class Report_Secrets {

	/**
	 * This process's unique suffix.
	 *
	 * @var string|null
	 */
	private static $unique = null;

	/**
	 * Cookies and server variables to restore.
	 *
	 * @var array
	 */
	private static $saved = array();

	/**
	 * Extra constants a real site might define, with their values.
	 *
	 * @return array<string, string>
	 */
	public static function extra_constants() {
		$u = self::unique();
		return array(
			'PAYMENT_GATEWAY_API_KEY' => "pk_live_{$u}_gateway",
			'SMTP_PASS'               => "smtp-pass-{$u}",
			'LICENSE_CODE'            => "LIC-{$u}-0001",
			'S3_UPLOADS_SECRET'       => "s3sec{$u}s3sec",
			'CUSTOM_WEBHOOK_URL'      => "https://hooks.example.net/in/{$u}/hook",
			'WP_REDIS_PASSWORD'       => "redis-{$u}-pw",
			'MY_PLAIN_SETTING'        => "plain-{$u}-value",
		);
	}

	/**
	 * Extra globals the config file assigns, with their values.
	 *
	 * @return array<string, mixed>
	 */
	public static function extra_variables() {
		$u = self::unique();
		return array(
			'triage_report_service_token' => "svc-token-{$u}",
			'triage_report_settings'      => array(
				'endpoint' => "nested-endpoint-{$u}",
				'keys'     => array( "nested-key-{$u}" ),
			),
		);
	}

	/**
	 * Plants everything and returns the strings that must not appear in a report.
	 *
	 * @param WP_UnitTestCase $test The running test (its factory creates the users).
	 * @return array<string, string> What each secret is => its value.
	 */
	public static function plant( WP_UnitTestCase $test ) {
		$u       = self::unique();
		$secrets = array();

		// The config file: the test site's own wp-config (the framework's config.php) and the extras.
		$dir    = Log_Fixtures::dir();
		$config = file_get_contents( TRIAGE_TESTS_ROOT . '/tests/php/framework/config.php' );
		$config = preg_replace( '/^<\?php/', "<?php\n", $config );
		foreach ( self::extra_constants() as $name => $value ) {
			$config .= "\ndefine( '$name', '$value' );";
			if ( ! defined( $name ) ) {
				define( $name, $value );
			}
			$secrets[ $name ] = $value;
		}
		foreach ( self::extra_variables() as $name => $value ) {
			$config          .= "\n\$$name = " . var_export( $value, true ) . ';';
			$GLOBALS[ $name ] = $value;
		}
		$secrets['$triage_report_service_token']     = "svc-token-{$u}";
		$secrets['$triage_report_settings.endpoint'] = "nested-endpoint-{$u}";
		$secrets['$triage_report_settings.keys']     = "nested-key-{$u}";
		file_put_contents( $dir . '/wp-config.php', $config );
		add_filter(
			'triage_wp_config_path',
			static function () use ( $dir ) {
				return $dir . '/wp-config.php';
			}
		);

		// Every constant of the test site's config that is not on the allow-list and has a distinctive value
		// (DB_USER "triage" and the test domain are ordinary words of this plugin's own output).
		$names = ( new Triage\Report\Config_Secrets( $dir . '/wp-config.php' ) )->names();
		foreach ( $names['constants'] as $name ) {
			if ( in_array( $name, Triage\Report\Config_Secrets::ALLOWED, true ) || ! defined( $name ) || ! is_string( constant( $name ) ) ) {
				continue;
			}
			$value = constant( $name );
			if ( strlen( $value ) >= 10 && ! in_array( $name, array( 'WP_TESTS_DOMAIN', 'WP_TESTS_EMAIL', 'WP_TESTS_TITLE', 'TRIAGE_TESTS_ROOT', 'WP_PHP_BINARY' ), true ) ) {
				$secrets[ $name ] = $value;
			}
		}
		foreach ( array( 'DB_PASSWORD', 'AUTH_KEY', 'NONCE_SALT', 'DB_NAME' ) as $required ) {
			if ( ! isset( $secrets[ $required ] ) ) {
				$secrets[ $required ] = (string) constant( $required );
			}
		}

		$config_secrets = $secrets;

		// Users with unique e-mail addresses.
		foreach ( array( 'administrator', 'editor', 'subscriber' ) as $i => $role ) {
			$email = "person{$i}-{$u}@mail-{$u}.test";
			$test->factory()->user->create(
				array(
					'role'       => $role,
					'user_email' => $email,
				)
			);
			$secrets[ "email $role" ] = $email;
		}

		// The request: cookies, a nonce and a secret-looking query string, from a visitor's address.
		$nonce       = wp_create_nonce( 'wp_rest' );
		$query       = "api_key=AK{$u}KA&token=TK{$u}KT&_wpnonce={$nonce}&session=SE{$u}ES";
		self::$saved = array( $_COOKIE, $_SERVER, $_GET );
		$_COOKIE[ 'wordpress_logged_in_' . md5( 'x' ) ] = "admin|CK{$u}KC|logged";
		$_COOKIE['wp-settings-1']                       = "editor=CS{$u}SC";
		$_COOKIE['PHPSESSID']                           = "PS{$u}SP";
		$_SERVER['REQUEST_URI']                         = "/wp-json/triage/v1/report?$query";
		$_SERVER['QUERY_STRING']                        = $query;
		$_SERVER['REMOTE_ADDR']                         = '203.0.113.77';
		$_SERVER['HTTP_X_FORWARDED_FOR']                = '198.51.100.23, 203.0.113.77';
		$_SERVER['HTTP_COOKIE']                         = "PHPSESSID=PS{$u}SP";
		parse_str( $query, $_GET );
		$secrets += array(
			'logged-in cookie' => "CK{$u}KC",
			'settings cookie'  => "CS{$u}SC",
			'session cookie'   => "PS{$u}SP",
			'api_key query'    => "AK{$u}KA",
			'token query'      => "TK{$u}KT",
			'session query'    => "SE{$u}ES",
			'nonce'            => $nonce,
			'visitor IPv4'     => '203.0.113.77',
			'forwarded IPv4'   => '198.51.100.23',
			'visitor IPv6'     => '2001:db8:85a3::8a2e:370:7334',
			'referrer query'   => "RF{$u}FR",
		);

		// Logs that contain them.
		$plugin = WP_PLUGIN_DIR . '/shop/gateway.php';
		$lines  = array(
			"PHP Warning:  Payment failed with key {$secrets['PAYMENT_GATEWAY_API_KEY']} for {$secrets['email administrator']} in $plugin on line 12",
			"PHP Notice:  Undefined index: x in $plugin on line 40 while handling /checkout?{$query} for 203.0.113.77",
			"PHP Fatal error:  Uncaught Exception: bad cookie Cookie: wordpress_logged_in_x={$secrets['logged-in cookie']}; wp-settings-1={$secrets['settings cookie']} in $plugin:77",
			"PHP Warning:  mysqli_real_connect(): (HY000/1045): Access denied for user 'wp'@'{$secrets['forwarded IPv4']}' (using password: {$secrets['DB_PASSWORD']}) in " . ABSPATH . 'wp-includes/class-wpdb.php on line 1982',
			"PHP Warning:  SMTP login {$secrets['SMTP_PASS']} {$secrets['S3_UPLOADS_SECRET']} {$secrets['LICENSE_CODE']} {$secrets['WP_REDIS_PASSWORD']} {$secrets['MY_PLAIN_SETTING']} refused in $plugin on line 90",
			"PHP Notice:  Webhook {$secrets['CUSTOM_WEBHOOK_URL']} token {$secrets['$triage_report_service_token']} {$secrets['$triage_report_settings.endpoint']} {$secrets['$triage_report_settings.keys']} in $plugin on line 91",
			"PHP Warning:  keys {$secrets['AUTH_KEY']} {$secrets['NONCE_SALT']} db {$secrets['DB_NAME']} from {$secrets['visitor IPv6']} mail {$secrets['email editor']} {$secrets['email subscriber']} in $plugin on line 92",
		);
		// The config's values, one per line, as a plugin dumping its configuration would.
		foreach ( $config_secrets as $name => $value ) {
			$lines[] = "PHP Notice:  config dump $name $value in $plugin on line 99";
		}
		// The first line three times: the most frequent group, so it is among those the report lists.
		array_unshift( $lines, $lines[0], $lines[0] );
		$php = '';
		foreach ( $lines as $i => $line ) {
			$php .= Log_Fixtures::line( $line, $i );
		}
		$time       = gmdate( 'Y/m/d H:i:s', time() - 60 );
		$server     = "$time [error] 123#123: *45 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.77, server: example.org, request: \"GET /checkout?{$query} HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php-fpm.sock:\", host: \"example.org\", referrer: \"https://example.org/?ref={$secrets['referrer query']}\"\n"
			. "$time [error] 123#123: *46 connect() to unix:/run/php/php-fpm.sock failed (111: Connection refused) while connecting to upstream, client: {$secrets['visitor IPv6']}, server: example.org, request: \"POST /wp-login.php?pwd={$secrets['DB_PASSWORD']}&log={$secrets['email editor']} HTTP/1.1\", host: \"example.org\"\n";
		$php_log    = Log_Fixtures::write( 'php-errors.log', $php, $dir );
		$server_log = Log_Fixtures::write( 'nginx-error.log', $server, $dir );
		add_filter(
			'triage_log_source_candidates',
			static function ( $candidates ) use ( $php_log, $server_log ) {
				$candidates['test-php']   = array(
					'label'  => 'Test PHP log',
					'layout' => 'php',
					'kind'   => 'php',
					'paths'  => array( $php_log ),
				);
				$candidates['test-nginx'] = array(
					'label'  => 'Test nginx log',
					'layout' => 'line',
					'paths'  => array( $server_log ),
				);
				return $candidates;
			}
		);
		return $secrets;
	}

	/**
	 * Restores the request.
	 *
	 * @return void
	 */
	public static function restore() {
		if ( self::$saved ) {
			list( $_COOKIE, $_SERVER, $_GET ) = self::$saved;
			self::$saved                      = array();
		}
	}

	/**
	 * Asserts that no secret appears in a text.
	 *
	 * @param WP_UnitTestCase       $test    Test.
	 * @param array<string, string> $secrets Secrets.
	 * @param string                $text    Report text.
	 * @param string                $label   Which form.
	 * @return void
	 */
	public static function assert_absent( WP_UnitTestCase $test, array $secrets, $text, $label ) {
		foreach ( $secrets as $name => $value ) {
			$test->assertStringNotContainsString( $value, $text, "The $label report shows $name." );
		}
	}

	/**
	 * A JSON document as text, with slashes and Unicode left as they are (so a secret URL would match).
	 *
	 * @param mixed $data Data.
	 * @return string
	 */
	public static function json( $data ) {
		return (string) wp_json_encode( $data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
	}

	/**
	 * This process's unique suffix.
	 *
	 * @return string
	 */
	private static function unique() {
		if ( null === self::$unique ) {
			self::$unique = strtolower( wp_generate_password( 10, false ) );
		}
		return self::$unique;
	}
}
