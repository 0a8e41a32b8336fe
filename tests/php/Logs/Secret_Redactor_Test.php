<?php
/**
 * Log text leaves Triage without database passwords, keys, salts or credentials.
 *
 * @package Triage
 */

use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Archiver;
use Triage\Logs\Log_Entry_Parser;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;

require_once __DIR__ . '/Log_Fixtures.php';

/**
 * Security review finding 14: SECURITY.md promised that responses never contain database passwords, while
 * raw log lines could.
 */
class Secret_Redactor_Test extends WP_UnitTestCase {

	/**
	 * @dataProvider lines_with_secrets
	 *
	 * @param string $line   A log line.
	 * @param string $secret What must not come out.
	 * @param string $kept   What must still be there.
	 */
	public function test_secrets_are_scrubbed_from_log_text( $line, $secret, $kept ) {
		$scrubbed = Log_Entry_Parser::scrub( $line );
		$this->assertStringNotContainsString( $secret, $scrubbed );
		$this->assertStringContainsString( $kept, $scrubbed );
		$this->assertStringContainsString( '[redacted]', $scrubbed );
	}

	/**
	 * Log lines as plugins, PHP and database drivers write them.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string}>
	 */
	public function lines_with_secrets() {
		return array(
			'DB_PASSWORD value anywhere'  => array( 'PHP Fatal error:  Uncaught mysqli_sql_exception: connect("db", "wp", "' . DB_PASSWORD . '") in /srv/wp/wp-includes/class-wpdb.php:1982', DB_PASSWORD, 'class-wpdb.php:1982' ),
			'a salt in a dumped array'    => array( "PHP Notice:  config dump: array ( 'AUTH_SALT' => '" . AUTH_SALT . "' )", AUTH_SALT, 'config dump' ),
			'define() echoed'             => array( "define( 'DB_PASSWORD', 'hunter2-but-longer' ); on line 23", 'hunter2-but-longer', 'on line 23' ),
			'password= in a query string' => array( '[error] upstream sent: POST /login?user=bob&password=Sup3rS3cret! HTTP/1.1', 'Sup3rS3cret!', 'user=bob' ),
			'password: in a message'      => array( 'PHP Warning:  SMTP auth failed, password: "mail-pass-123" for user x', 'mail-pass-123', 'SMTP auth failed' ),
			'credentials in a URL'        => array( 'PHP Warning:  fopen(mysql://root:r00tpass@127.0.0.1/wp): failed', 'r00tpass', 'root:' ),
			'bearer token'                => array( 'PHP Notice:  request failed, Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def', 'eyJhbGciOiJIUzI1NiJ9.abc.def', 'request failed' ),
			'api_key in JSON'             => array( 'PHP Notice:  payload {"api_key":"sk_live_0123456789abcdef","n":1}', 'sk_live_0123456789abcdef', '"n":1' ),
		);
	}

	public function test_the_safe_mode_secret_is_scrubbed() {
		Triage\Safe_Mode\Safe_Mode_Sessions::load_codec();
		$secret = Triage_Safe_Mode_Loader::ensure_secret();
		$this->assertSame( 'PHP Notice:  dumped [redacted] here', Log_Entry_Parser::scrub( 'PHP Notice:  dumped ' . $secret . ' here' ) );
	}

	public function test_ordinary_lines_are_unchanged() {
		foreach ( array(
			'PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /srv/wp/wp-content/plugins/x/x.php on line 12',
			'2026/11/20 10:00:00 [error] 123#123: *4 upstream timed out (110: Connection timed out) while reading response header from upstream',
			'PHP Warning:  Undefined array key "password_reset" in /srv/a.php on line 3',
		) as $line ) {
			$this->assertSame( $line, Log_Entry_Parser::scrub( $line ) );
		}
	}

	public function test_entries_served_by_the_log_service_carry_no_database_password() {
		$path    = Log_Fixtures::write( 'app.log', Log_Fixtures::line( 'PHP Warning:  mysqli_real_connect(): (HY000/1045): Access denied, tried "' . DB_PASSWORD . '" in /srv/wp/wp-includes/class-wpdb.php on line 1982' ) );
		$sources = new Log_Sources( new Debug_Log_Location() );
		$this->assertSame( array(), $sources->set_custom_paths( array( $path ) ) );
		$result = ( new Log_Service( $sources, new Log_Archiver() ) )->tail( Log_Sources::custom_id( $path ), array() );
		$this->assertNotEmpty( $result['entries'] );
		$this->assertStringNotContainsString( DB_PASSWORD, wp_json_encode( $result ) );
	}
}
