<?php
/**
 * What the `wp triage …` tests share: a site of their own and ways to run the real `wp` binary against it.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/Cli_Site.php';

/**
 * Runs commands as child processes (vendor/bin/wp) against a single site built once per run (Cli_Site).
 */
abstract class Cli_Test_Case extends TestCase {

	/**
	 * The site.
	 *
	 * @var string
	 */
	protected static $site;

	/**
	 * Builds the site once.
	 *
	 * @return void
	 */
	public static function setUpBeforeClass(): void {
		if ( WP_TESTS_MULTISITE ) {
			// These tests build their own single site and network; the suite's multisite pass adds nothing.
			return;
		}
		self::$site = Cli_Site::path();
	}

	/**
	 * Removes what a test left in the site folder.
	 *
	 * @return void
	 */
	protected function tearDown(): void {
		if ( null !== self::$site ) {
			@unlink( self::$site . '/.maintenance' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.unlink_unlink -- may not exist.
		}
		parent::tearDown();
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
	 * Runs wp.
	 *
	 * @param string ...$args Arguments.
	 * @return array{code: int, stdout: string, stderr: string}
	 */
	protected function wp( string ...$args ): array {
		return Cli_Site::wp( self::$site, $args );
	}

	/**
	 * Runs a command with --format=json: standard output must be exactly one JSON object, version 1, and
	 * standard error empty (no notice, no progress).
	 *
	 * @param string ...$args Arguments.
	 * @return array{code: int, json: array<string, mixed>}
	 */
	protected function json( string ...$args ): array {
		$run  = $this->wp( ...array_merge( $args, array( '--format=json' ) ) );
		$json = json_decode( $run['stdout'], true );
		$this->assertIsArray( $json, 'stdout is one JSON object: ' . $run['stdout'] . $run['stderr'] );
		$this->assertSame( 1, $json['version'] );
		$this->assertSame( '', self::ours( $run['stderr'] ), 'nothing of ours on standard error' );
		return array(
			'code' => $run['code'],
			'json' => $json,
		);
	}

	/**
	 * Standard error without the one known line of the framework installed here: composer.json pins mustache
	 * 2.13 (an inline alias), which raises a PHP 8.1+ deprecation while WP-CLI renders its help text, shown
	 * when the site has WP_DEBUG on. A full WP-CLI bundles a fixed mustache.
	 *
	 * @param string $stderr Standard error.
	 * @return string
	 */
	protected static function ours( string $stderr ): string {
		return trim( (string) preg_replace( '/^.*Mustache\/Tokenizer\.php on line \d+\s*$/m', '', $stderr ) );
	}

	/**
	 * Asserts a refusal: exit 1, nothing on standard output, the reason on standard error.
	 *
	 * @param array{code: int, stdout: string, stderr: string} $run  Run.
	 * @param string                                           $text Expected in the message.
	 * @return void
	 */
	protected function assertRefused( array $run, string $text ): void {
		$this->assertSame( 1, $run['code'], $run['stdout'] . $run['stderr'] );
		$this->assertSame( '', trim( $run['stdout'] ) );
		$this->assertStringContainsString( $text, $run['stderr'] );
	}
}
