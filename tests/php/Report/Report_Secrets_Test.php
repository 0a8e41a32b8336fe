<?php
/**
 * The support report leaves out every secret, in both formats.
 *
 * @package Triage
 */

require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';
require_once __DIR__ . '/Report_Secrets.php';

/**
 * Report secrets acceptance test.
 */
class Report_Secrets_Test extends Triage_REST_TestCase {

	protected function tear_down() {
		Report_Secrets::restore();
	}

	public function test_no_secret_appears_in_either_format() {
		$secrets = Report_Secrets::plant( $this );
		$this->log_in_as_site_owner();

		$json = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'json' ) );
		$md   = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'md' ) );
		$full = $this->dispatch(
			'GET',
			'/triage/v1/report',
			array(
				'format'     => 'md',
				'full_paths' => true,
			)
		);
		$this->assertSame( 200, $json->get_status() );
		$this->assertSame( 200, $md->get_status() );
		$text = Report_Secrets::json( $json->get_data() );
		Report_Secrets::assert_absent( $this, $secrets, $text, 'JSON' );
		Report_Secrets::assert_absent( $this, $secrets, $md->get_data(), 'Markdown' );
		Report_Secrets::assert_absent( $this, $secrets, $full->get_data(), 'Markdown with full paths' );

		// The logs were read, attributed and kept readable: only the secrets went.
		$sources = array_column( $json->get_data()['logs'], null, 'id' );
		$this->assertNotEmpty( $sources['test-php']['groups'] );
		$this->assertSame( 'shop', $sources['test-php']['groups'][0]['attribution']['slug'] );
		$this->assertStringContainsString( '[redacted]', $text );
		$this->assertStringContainsString( '[email]', $text );
		$this->assertStringContainsString( '[ip]', $text );
		$this->assertNotEmpty( $sources['test-nginx']['causes'] );
		$this->assertStringContainsString( 'upstream timed out', $md->get_data() );
	}

	public function test_allowed_constants_are_shown_and_nothing_else_of_wp_config() {
		Report_Secrets::plant( $this );
		$this->log_in_as_site_owner();
		$data  = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'json' ) )->get_data();
		$names = array_column( $data['constants'], 'value', 'name' );
		$this->assertSame( 'true', $names['WP_DEBUG'] );
		$this->assertSame( 'true', $names['DISABLE_WP_CRON'] );
		$this->assertSame( array(), array_diff( array_keys( $names ), Triage\Report\Config_Secrets::ALLOWED ) );
		$set = array_column( $data['constants'], 'in_config', 'name' );
		$this->assertTrue( $set['WP_DEBUG'], 'The planted wp-config.php sets WP_DEBUG.' );
		$this->assertFalse( $set['WP_CACHE'], 'WP_CACHE is WordPress\'s default here.' );
		$this->assertArrayNotHasKey( 'WP_CONTENT_URL', $set, 'A default that is not set in wp-config.php and does not matter is left out.' );
	}

	public function test_config_names_are_read_from_the_file_without_running_it() {
		$dir  = Log_Fixtures::dir();
		$file = $dir . '/wp-config.php';
		file_put_contents( $file, "<?php\ndefine( 'ONE_KEY', 'x' );\nconst TWO_TOKEN = 'y';\n// define( 'COMMENTED', 1 );\n\$my_var = 'z';\nexit( 'never run' );\n" );
		$names = ( new Triage\Report\Config_Secrets( $file ) )->names();
		$this->assertSame( array( 'ONE_KEY', 'TWO_TOKEN' ), $names['constants'] );
		$this->assertSame( array( 'my_var' ), $names['variables'] );
	}

	/**
	 * Texts a log may hold, and what the redactor leaves of them.
	 *
	 * @return array
	 */
	public function log_texts() {
		return array(
			'query values'  => array( 'GET /a?x=1&api_key=abc123&q=hello HTTP/1.1', 'GET /a?x=[redacted]&api_key=[redacted]&q=[redacted] HTTP/1.1' ),
			'cookie header' => array( 'failed; Cookie: a=b; c=d', 'failed; Cookie: [redacted]' ),
			'email'         => array( 'mail to Jo.Doe+x@example.com failed', 'mail to [email] failed' ),
			'ipv4'          => array( 'client: 203.0.113.9, server: x', 'client: [ip], server: x' ),
			'ipv6'          => array( 'client: 2001:db8::1, at 12:34:56', 'client: [ip], at 12:34:56' ),
			'loopback'      => array( 'upstream 127.0.0.1:9000', 'upstream 127.0.0.1:9000' ),
			'version'       => array( 'PHP 8.2.7 on line 3', 'PHP 8.2.7 on line 3' ),
		);
	}

	/**
	 * The log scrubbing rules.
	 *
	 * @dataProvider log_texts
	 * @param string $text     Log text.
	 * @param string $expected What remains.
	 */
	public function test_log_text_is_scrubbed( $text, $expected ) {
		$this->assertSame( $expected, ( new Triage\Report\Report_Redactor( array(), '' ) )->log_text( $text ) );
	}

	public function test_short_values_are_hidden_as_whole_words_long_ones_everywhere() {
		$redactor = new Triage\Report\Report_Redactor( array( 'shop', 'longsecret99' ), '' );
		$this->assertSame( "Access denied for user '[redacted]'@'localhost' in plugins/shop/a.php", $redactor->text( "Access denied for user 'shop'@'localhost' in plugins/shop/a.php" ) );
		$this->assertSame( 'x[redacted]y', $redactor->text( 'xlongsecret99y' ) );
	}

	public function test_paths_become_relative_to_the_site_root() {
		$redactor = new Triage\Report\Report_Redactor( array(), '/srv/www/site/' );
		$this->assertSame( 'wp-content/plugins/a/a.php on line 3; root .', $redactor->text( '/srv/www/site/wp-content/plugins/a/a.php on line 3; root /srv/www/site' ) );
		$this->assertSame( '/srv/www/siteX/a.php', $redactor->text( '/srv/www/siteX/a.php' ) );
	}
}
