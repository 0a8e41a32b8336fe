<?php
/**
 * `wp triage …` with --url on a network.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/Cli_Site.php';

/**
 * A subdirectory network with a second site: --url picks the site, answers describe it, and the network's
 * capability rule (super admins) holds as it does for the REST API.
 */
final class Cli_Multisite_Test extends TestCase {

	/**
	 * The network's folder.
	 *
	 * @var string
	 */
	private static $site;

	/**
	 * Builds the network once.
	 *
	 * @return void
	 */
	public static function setUpBeforeClass(): void {
		if ( WP_TESTS_MULTISITE ) {
			// These tests build their own single site and network; the suite's multisite pass adds nothing.
			return;
		}
		self::$site = Cli_Site::path( true );
	}

	/**
	 * Skips in the suite's multisite pass (see setUpBeforeClass()).
	 *
	 * @return void
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( WP_TESTS_MULTISITE ) {
			$this->markTestSkipped( 'The wp triage tests build their own single site and network; they run in the single-site pass.' );
		}
	}

	/**
	 * Runs wp on the second site.
	 *
	 * @param string ...$args Arguments.
	 * @return array{code: int, stdout: string, stderr: string}
	 */
	private function second( string ...$args ): array {
		return Cli_Site::wp( self::$site, array_merge( array( '--url=http://cli.example.test/second/' ), $args ) );
	}

	/**
	 * Decodes a JSON answer.
	 *
	 * @param array{code: int, stdout: string, stderr: string} $run Run.
	 * @return array<string, mixed>
	 */
	private function decode( array $run ): array {
		$json = json_decode( $run['stdout'], true );
		$this->assertIsArray( $json, $run['stdout'] . $run['stderr'] );
		$this->assertSame( '', $run['stderr'] );
		$this->assertSame( 1, $json['version'] );
		return $json;
	}

	public function test_url_picks_the_site_the_answers_describe(): void {
		$status = $this->second( 'triage', 'status', '--check=maintenance,database', '--format=json' );
		$this->assertSame( 0, $status['code'], $status['stderr'] );
		$this->assertSame( 'http://cli.example.test/second/', $this->decode( $status )['site_url'] );

		$report = $this->decode( $this->second( 'triage', 'report', '--format=json' ) );
		$this->assertTrue( $report['site']['is_multisite'] );
		$this->assertSame( 2, $report['site']['blog_id'] );
		$this->assertSame( 'http://cli.example.test/second/', $report['site']['home_url'] );

		$main = $this->decode( Cli_Site::wp( self::$site, array( '--url=http://cli.example.test/', 'triage', 'report', '--format=json' ) ) );
		$this->assertSame( 1, $main['site']['blog_id'] );
	}

	public function test_every_read_command_answers_on_the_second_site(): void {
		foreach ( array( array( 'logs', 'list' ), array( 'incidents' ), array( 'cron', 'list' ), array( 'maintenance', 'status' ), array( 'debug', 'status' ), array( 'safe-mode', 'status' ) ) as $words ) {
			$run = $this->second( 'triage', ...array_merge( $words, array( '--format=json' ) ) );
			$this->assertSame( 0, $run['code'], implode( ' ', $words ) . ': ' . $run['stderr'] );
			$this->assertSame( implode( ' ', $words ), $this->decode( $run )['command'] );
		}
	}

	public function test_a_site_administrator_is_refused_as_the_rest_api_refuses_them_a_super_admin_is_not(): void {
		$refused = $this->second( 'triage', 'status', '--check=database', '--user=siteadmin', '--format=json' );
		$this->assertSame( 1, $refused['code'] );
		$this->assertSame( '', $refused['stdout'] );
		$this->assertStringContainsString( 'manage_network_options', $refused['stderr'] );

		$safe = $this->second( 'triage', 'safe-mode', 'start', '--user=siteadmin' );
		$this->assertSame( 1, $safe['code'] );
		$this->assertStringContainsString( 'manage_network_plugins', $safe['stderr'] );

		$admin = $this->second( 'triage', 'safe-mode', 'start', '--user=admin', '--format=json' );
		$this->assertSame( 0, $admin['code'], $admin['stderr'] );
		$this->assertTrue( $this->decode( $admin )['active'] );
	}
}
