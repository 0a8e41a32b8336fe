<?php
/**
 * GET /triage/v1/report
 *
 * @package Triage
 */

/**
 * Report endpoint: shape, formats, refusals.
 */
class Report_Controller_Test extends Triage_REST_TestCase {

	public function test_json_matches_its_schema_and_has_a_version() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'json' ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assert_matches_schema( \Triage\REST\Schemas::get( 'report/support-report' ), $data );
		$this->assertSame( \Triage\Report\Support_Report::VERSION, $data['version'] );
		$this->assertSame( 'fast', $data['health']['speed'] );
		$this->assertContains( 'loopback', $data['health']['skipped'] );
	}

	public function test_markdown_is_text_under_60_kb_with_headings_and_tables() {
		$this->log_in_as_site_owner();
		$response = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'md' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'text/markdown; charset=utf-8', $response->get_headers()['Content-Type'] );
		$text = $response->get_data();
		$this->assertIsString( $text );
		$this->assertLessThan( 61440, strlen( $text ) );
		$this->assertStringStartsWith( '# ', $text );
		foreach ( array( '## Environment', '## Health checks', '## Logs', '## Debug and safe mode', '## Plugins and theme', '## Cron', '## Maintenance' ) as $heading ) {
			$this->assertMatchesRegularExpression( '/^' . preg_quote( $heading, '/' ) . '\b/m', $text );
		}
		$this->assertMatchesRegularExpression( '/^\| --- \| --- \|$/m', $text );
	}

	public function test_what_happened_comes_first_with_redacted_evidence() {
		$this->log_in_as_site_owner();
		$line = '[' . gmdate( 'd-M-Y H:i:s', time() - 600 ) . ' UTC] PHP Fatal error:  Uncaught Error: login failed for password=hunter2secret in ' . WP_PLUGIN_DIR . '/report-boom/boom.php:7';
		$path = get_temp_dir() . 'triage-report-' . wp_generate_password( 6, false ) . '.log';
		file_put_contents( $path, $line . "\n" );
		update_option( \Triage\Logs\Log_Sources::OPTION, array( $path ) );
		$data = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'json' ) )->get_data();
		$ours = array_values(
			array_filter(
				$data['incidents']['items'],
				static function ( $item ) {
					return false !== strpos( wp_json_encode( $item ), 'report-boom' );
				}
			)
		);
		$this->assertCount( 1, $ours );
		$this->assertSame( 'plugin_fatal', $ours[0]['cause'] );
		$this->assertSame( 86400, $data['incidents']['window'] );
		$evidence = wp_json_encode( $ours[0]['evidence'] );
		$this->assertStringNotContainsString( 'hunter2secret', $evidence );
		$this->assertStringNotContainsString( WP_PLUGIN_DIR, $evidence, 'Paths are relative unless full_paths.' );
		$markdown = $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'md' ) )->get_data();
		unlink( $path );
		$this->assertMatchesRegularExpression( '/^## What happened \(last 24 hours\)$/m', $markdown );
		$this->assertLessThan( strpos( $markdown, '## Environment' ), strpos( $markdown, '## What happened' ) );
		$this->assertStringContainsString( 'the plugin report-boom raised a fatal error', $markdown );
		$this->assertStringNotContainsString( 'hunter2secret', $markdown );
	}

	public function test_refuses_visitors_subscribers_and_unknown_parameters() {
		$this->assert_error_response( 401, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/report' ) );
		$this->log_in_as( 'subscriber' );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/report' ) );
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'pdf' ) ) );
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/report', array( 'secret' => '1' ) ) );
	}

	public function test_paths_are_relative_unless_full_paths() {
		$this->log_in_as_site_owner();
		$relative = wp_json_encode( $this->dispatch( 'GET', '/triage/v1/report', array( 'format' => 'json' ) )->get_data() );
		$this->assertStringNotContainsString( wp_json_encode( rtrim( ABSPATH, '/' ) ), $relative );
		$this->assertStringNotContainsString( trim( wp_json_encode( ABSPATH ), '"' ), $relative );
		$full = $this->dispatch(
			'GET',
			'/triage/v1/report',
			array(
				'format'     => 'json',
				'full_paths' => true,
			)
		)->get_data();
		$this->assertTrue( $full['full_paths'] );
	}
}
