<?php
/**
 * `wp triage …` through the real `wp` binary.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/Cli_Site.php';
require_once __DIR__ . '/Web_Server.php';

/**
 * Runs every command as a child process (vendor/bin/wp) against a site of its own: exit codes, the JSON
 * contract, --help, refusals where the REST API refuses.
 */
final class Cli_Commands_Test extends TestCase {

	/**
	 * The site.
	 *
	 * @var string
	 */
	private static $site;

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
	private function wp( string ...$args ): array {
		return Cli_Site::wp( self::$site, $args );
	}

	/**
	 * Runs a command with --format=json: standard output must be exactly one JSON object, version 1, and
	 * standard error empty (no notice, no progress).
	 *
	 * @param string ...$args Arguments.
	 * @return array{code: int, json: array<string, mixed>}
	 */
	private function json( string ...$args ): array {
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
	private static function ours( string $stderr ): string {
		return trim( (string) preg_replace( '/^.*Mustache\/Tokenizer\.php on line \d+\s*$/m', '', $stderr ) );
	}

	/**
	 * Asserts a refusal: exit 1, nothing on standard output, the reason on standard error.
	 *
	 * @param array{code: int, stdout: string, stderr: string} $run  Run.
	 * @param string                                           $text Expected in the message.
	 * @return void
	 */
	private function assertRefused( array $run, string $text ): void {
		$this->assertSame( 1, $run['code'], $run['stdout'] . $run['stderr'] );
		$this->assertSame( '', trim( $run['stdout'] ) );
		$this->assertStringContainsString( $text, $run['stderr'] );
	}

	/**
	 * Every command, for --help.
	 *
	 * @return array<string, array{0: string[]}>
	 */
	public function commands(): array {
		$list = array(
			'status'             => array( 'status' ),
			'incidents'          => array( 'incidents' ),
			'report'             => array( 'report' ),
			'logs list'          => array( 'logs', 'list' ),
			'logs tail'          => array( 'logs', 'tail' ),
			'logs summary'       => array( 'logs', 'summary' ),
			'debug status'       => array( 'debug', 'status' ),
			'debug on'           => array( 'debug', 'on' ),
			'debug off'          => array( 'debug', 'off' ),
			'safe-mode start'    => array( 'safe-mode', 'start' ),
			'safe-mode stop'     => array( 'safe-mode', 'stop' ),
			'safe-mode status'   => array( 'safe-mode', 'status' ),
			'rescue-link create' => array( 'rescue-link', 'create' ),
			'bisect'             => array( 'bisect' ),
			'cron list'          => array( 'cron', 'list' ),
			'cron run'           => array( 'cron', 'run' ),
			'cron delete'        => array( 'cron', 'delete' ),
			'maintenance status' => array( 'maintenance', 'status' ),
			'maintenance clear'  => array( 'maintenance', 'clear' ),
		);
		return array_map(
			static function ( array $words ) {
				return array( $words );
			},
			$list
		);
	}

	/**
	 * @dataProvider commands
	 *
	 * @param string[] $words Command words after "triage".
	 */
	public function test_every_command_has_help_in_wp_cli_format( array $words ): void {
		$run = $this->wp( 'help', 'triage', ...$words );
		$this->assertSame( 0, $run['code'], $run['stderr'] );
		$this->assertStringContainsString( 'wp triage ' . implode( ' ', $words ), $run['stdout'] );
		$this->assertStringContainsString( 'SYNOPSIS', $run['stdout'] );
		$this->assertStringContainsString( 'EXAMPLES', $run['stdout'] );
	}

	public function test_web_requests_load_none_of_the_commands(): void {
		// This process booted WordPress and Triage without WP-CLI, as a web request does.
		$this->assertTrue( class_exists( \Triage\Plugin::class, false ) );
		foreach ( glob( TRIAGE_TESTS_ROOT . '/includes/CLI/*.php' ) as $file ) {
			$this->assertFalse( class_exists( 'Triage\\CLI\\' . basename( $file, '.php' ), false ), basename( $file ) );
		}
	}

	public function test_the_namespace_lists_every_group(): void {
		$run = $this->wp( 'help', 'triage' );
		foreach ( array( 'status', 'incidents', 'report', 'logs', 'debug', 'safe-mode', 'rescue-link', 'bisect', 'cron', 'maintenance' ) as $group ) {
			$this->assertMatchesRegularExpression( '/^\s+' . preg_quote( $group, '/' ) . '\s/m', $run['stdout'] );
		}
	}

	public function test_status_exits_0_on_healthy_checks_2_with_a_fresh_maintenance_file_1_with_a_stale_one(): void {
		$healthy = $this->json( 'triage', 'status', '--check=maintenance,database,memory_limits' );
		$this->assertSame( 0, $healthy['code'] );
		$this->assertSame( 'good', $healthy['json']['status'] );
		$this->assertSame( 'status', $healthy['json']['command'] );
		$ids = array_column( $healthy['json']['checks'], 'id' );
		sort( $ids );
		$this->assertSame( array( 'database', 'maintenance', 'memory_limits' ), $ids );

		// A fresh .maintenance: WordPress answers every request 503.
		file_put_contents( self::$site . '/.maintenance', '<?php $upgrading = ' . time() . ';' );
		$critical = $this->json( 'triage', 'status', '--check=maintenance,database,memory_limits' );
		$this->assertSame( 2, $critical['code'] );
		$this->assertSame( 'critical', $critical['json']['status'] );
		$this->assertSame( 2, $critical['json']['exit_code'] );

		// A stale one, left by an update that died: WordPress ignores it, Triage warns.
		file_put_contents( self::$site . '/.maintenance', '<?php $upgrading = ' . ( time() - 7200 ) . ';' );
		$warning = $this->wp( 'triage', 'status', '--check=maintenance' );
		$this->assertSame( 1, $warning['code'] );
		$this->assertMatchesRegularExpression( '/^maintenance\t\w+\twarning\t/m', $warning['stdout'] );
		$this->assertStringContainsString( 'Overall: warning (exit 1)', $warning['stdout'] );
	}

	public function test_status_exit_code_follows_the_worst_check_of_a_full_run(): void {
		$run   = $this->json( 'triage', 'status', '--speed=fast' );
		$worst = array_column( $run['json']['checks'], 'status' );
		$code  = in_array( 'critical', $worst, true ) ? 2 : ( in_array( 'warning', $worst, true ) ? 1 : 0 );
		$this->assertSame( $code, $run['code'] );
		$this->assertNotEmpty( $run['json']['layers'] );
	}

	public function test_status_refuses_an_unknown_check_and_a_subscriber(): void {
		$this->assertRefused( $this->wp( 'triage', 'status', '--check=nope', '--format=json' ), 'Unknown check: nope' );
		$this->assertRefused( $this->wp( 'triage', 'status', '--user=subscriber', '--format=json' ), 'REST API answers 403' );
		$admin = $this->json( 'triage', 'status', '--check=database', '--user=admin' );
		$this->assertSame( 0, $admin['code'] );
	}

	public function test_logs_incidents_and_summary_read_the_logs(): void {
		$logs   = self::$site . '/wp-content/triage-cli-logs';
		$now    = time();
		$nginx  = $logs . '/nginx-error.log';
		$php    = $logs . '/php-errors.log';
		$lines  = '';
		$errors = '';
		for ( $i = 3; $i >= 1; $i-- ) {
			$lines  .= gmdate( 'Y/m/d H:i:s', $now - $i * 60 ) . ' [error] 812#812: *' . $i . ' upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.9, server: cli.example.test, request: "GET /shop/ HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:"' . "\n";
			$errors .= '[' . gmdate( 'd-M-Y H:i:s', $now - $i * 60 ) . ' UTC] PHP Fatal error:  Uncaught Error: Call to undefined function cli_boom() in /srv/site/wp-content/plugins/shop/shop.php:12' . "\n";
		}
		$lines .= gmdate( 'Y/m/d H:i:s', $now - 3 * DAY_IN_SECONDS ) . ' [error] 812#812: *9 connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9' . "\n";
		@mkdir( $logs ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_mkdir
		file_put_contents( $nginx, $lines );
		file_put_contents( $php, $errors );
		Cli_Site::set_option( false, 'triage_log_paths', array( $nginx, $php ) );

		$list    = $this->json( 'triage', 'logs', 'list' );
		$sources = array_column( $list['json']['sources'], null, 'path' );
		$this->assertArrayHasKey( $nginx, $sources, wp_json_encode( $list['json'] ) );
		$this->assertSame( 'server', $sources[ $nginx ]['kind'] );
		$this->assertSame( 'php', $sources[ $php ]['kind'] );

		$summary = $this->json( 'triage', 'logs', 'summary', '--source=' . $sources[ $nginx ]['id'] );
		$causes  = array_column( $summary['json']['causes'], 'count', 'cause' );
		$this->assertSame( 4, array_sum( $causes ), wp_json_encode( $summary['json']['causes'] ) );

		$php_summary = $this->json( 'triage', 'logs', 'summary', '--source=' . $sources[ $php ]['id'] );
		$this->assertSame( 3, $php_summary['json']['entries'] );
		$this->assertSame( 3, $php_summary['json']['groups'][0]['count'] );
		$this->assertStringContainsString( 'cli_boom', $php_summary['json']['groups'][0]['message'] );

		$tail = $this->json( 'triage', 'logs', 'tail', '--source=' . $sources[ $php ]['id'], '--limit=2' );
		$this->assertCount( 2, $tail['json']['entries'] );
		$this->assertSame( 'fatal', $tail['json']['entries'][1]['severity'] );

		// Only the last hour: the three timeouts, not the refused connection of three days ago.
		$recent = $this->json( 'triage', 'incidents', '--since=1h' );
		$this->assertSame( 'server-log-causes', $recent['json']['basis'] );
		$this->assertSame( 3, array_sum( array_column( $recent['json']['incidents'], 'count' ) ), wp_json_encode( $recent['json']['incidents'] ) );
		$week = $this->json( 'triage', 'incidents', '--since=7d' );
		$this->assertSame( 4, array_sum( array_column( $week['json']['incidents'], 'count' ) ) );
		$this->assertCount( 2, $week['json']['incidents'] );

		$table = $this->wp( 'triage', 'incidents', '--since=7d' );
		$this->assertStringContainsString( 'Basis: causes of 5xx answers in the server logs', $table['stdout'] );
		$this->assertStringContainsString( 'fpm_down', $table['stdout'] );
		$this->assertRefused( $this->wp( 'triage', 'incidents', '--since=soon' ), 'Invalid --since=soon' );
		$this->assertRefused( $this->wp( 'triage', 'logs', 'tail', '--source=nope', '--format=json' ), 'triage_log' );
	}

	public function test_report_in_both_formats(): void {
		$json = $this->wp( 'triage', 'report', '--format=json' );
		$this->assertSame( 0, $json['code'] );
		$this->assertSame( '', $json['stderr'] );
		$document = json_decode( $json['stdout'], true );
		$this->assertSame( 1, $document['version'] );
		$this->assertSame( Cli_Site::url() . '/', $document['site']['home_url'] );

		$md = $this->wp( 'triage', 'report' );
		$this->assertSame( 0, $md['code'] );
		$this->assertStringStartsWith( '# Triage support report', $md['stdout'] );
		$this->assertStringNotContainsString( 'triage-cli-auth_key', $md['stdout'] . $json['stdout'] );
		$this->assertStringNotContainsString( DB_PASSWORD, $md['stdout'] . $json['stdout'] );
	}

	public function test_debug_status_and_a_dry_run(): void {
		$status = $this->json( 'triage', 'debug', 'status' );
		$this->assertSame( 'off', $status['json']['profile'] );
		$names = array_column( $status['json']['constants'], 'name' );
		$this->assertContains( 'WP_DEBUG', $names );

		$dry = $this->json( 'triage', 'debug', 'on', 'log', '--dry-run', '--expires=30m' );
		$this->assertSame( 0, $dry['code'] );
		$this->assertTrue( $dry['json']['dry_run'] );
		$this->assertSame( 'log', $dry['json']['profile'] );
		$this->assertStringNotContainsString( 'WP_DEBUG_LOG', (string) file_get_contents( self::$site . '/wp-config.php' ) );

		$this->assertRefused( $this->wp( 'triage', 'debug', 'off', '--format=json' ), 'triage_debug_not_active' );
		$this->assertRefused( $this->wp( 'triage', 'debug', 'on', 'log', '--user=subscriber' ), 'REST API answers 403' );
		$this->assertRefused( $this->wp( 'triage', 'debug', 'on', 'log', '--expires=forever' ), 'Invalid --expires' );
	}

	public function test_maintenance_status_and_clear(): void {
		$none = $this->json( 'triage', 'maintenance', 'status' );
		$this->assertFalse( $none['json']['found'] );
		$this->assertRefused( $this->wp( 'triage', 'maintenance', 'clear' ), 'triage_maintenance_absent' );

		file_put_contents( self::$site . '/.maintenance', '<?php $upgrading = ' . time() . ';' );
		$this->assertTrue( $this->json( 'triage', 'maintenance', 'status' )['json']['file']['fresh'] );
		$this->assertRefused( $this->wp( 'triage', 'maintenance', 'clear' ), 'triage_maintenance' );
		$this->assertFileExists( self::$site . '/.maintenance' );
		$this->assertRefused( $this->wp( 'triage', 'maintenance', 'clear', '--force', '--user=subscriber' ), 'REST API answers 403' );

		$forced = $this->json( 'triage', 'maintenance', 'clear', '--force' );
		$this->assertTrue( $forced['json']['cleared'] );
		$this->assertFileDoesNotExist( self::$site . '/.maintenance' );

		file_put_contents( self::$site . '/.maintenance', '<?php $upgrading = ' . ( time() - 7200 ) . ';' );
		$stale = $this->wp( 'triage', 'maintenance', 'clear' );
		$this->assertSame( 0, $stale['code'], $stale['stderr'] );
		$this->assertStringContainsString( 'Success:', $stale['stdout'] );
		$this->assertFileDoesNotExist( self::$site . '/.maintenance' );
	}

	public function test_cron_list_run_and_delete(): void {
		$cron          = Cli_Site::get_option( false, 'cron' );
		$when          = time() + HOUR_IN_SECONDS;
		$key           = md5( serialize( array() ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- core's key.
		$cron[ $when ] = array(
			'triage_cli_orphan' => array(
				$key => array(
					'schedule' => false,
					'args'     => array(),
				),
			),
		);
		ksort( $cron );
		Cli_Site::set_option( false, 'cron', $cron );

		$list = $this->json( 'triage', 'cron', 'list', '--orphan' );
		$this->assertSame( array( 'triage_cli_orphan' ), array_column( $list['json']['events'], 'hook' ) );
		$this->assertGreaterThanOrEqual( 1, $list['json']['totals']['orphans'] );

		$in_use = $this->wp( 'triage', 'cron', 'delete', 'wp_version_check', '--format=json' );
		$this->assertRefused( $in_use, 'triage_cron_event_in_use' );

		$this->assertRefused( $this->wp( 'triage', 'cron', 'delete', 'triage_cli_orphan', '--user=subscriber' ), 'REST API answers 403' );
		$deleted = $this->json( 'triage', 'cron', 'delete', 'triage_cli_orphan' );
		$this->assertTrue( $deleted['json']['deleted'] );
		$this->assertSame( 'orphan', $deleted['json']['reason'] );
		$this->assertSame( array(), $this->json( 'triage', 'cron', 'list', '--hook=triage_cli_orphan' )['json']['events'] );

		$ran = $this->json( 'triage', 'cron', 'run', 'triage_cron_heartbeat' );
		$this->assertSame( 'triage_cron_heartbeat', $ran['json']['hook'] );
		$this->assertRefused( $this->wp( 'triage', 'cron', 'run', 'no_such_hook' ), 'No scheduled event' );
	}

	public function test_safe_mode_and_rescue_link_act_for_a_user(): void {
		$this->assertRefused( $this->wp( 'triage', 'safe-mode', 'start' ), '--user=<id|login>' );
		$this->assertRefused( $this->wp( 'triage', 'safe-mode', 'start', '--user=subscriber' ), 'REST API answers 403' );
		$this->assertRefused( $this->wp( 'triage', 'rescue-link', 'create', '--user=subscriber' ), 'REST API answers 403' );

		$started = $this->json( 'triage', 'safe-mode', 'start', '--user=admin', '--keep=triage-cli-innocent.php', '--expires=10m' );
		$this->assertTrue( $started['json']['active'] );
		$this->assertSame( 'triage_safe_mode', $started['json']['cookie']['name'] );
		$kept = array_column(
			array_filter(
				$started['json']['plugins'],
				static function ( $p ) {
					return $p['kept'];
				}
			),
			'file'
		);
		$this->assertContains( 'triage-cli-innocent.php', $kept );
		$this->assertNotContains( 'triage-cli-breaker.php', $kept );
		$this->assertRefused( $this->wp( 'triage', 'safe-mode', 'start', '--user=admin', '--keep=nope.php' ), 'triage_safe_mode_unknown_plugin' );

		$text = $this->wp( 'triage', 'safe-mode', 'start', '--user=admin', '--keep=triage-cli-innocent.php' );
		$this->assertSame( 0, $text['code'], $text['stderr'] );
		$this->assertStringContainsString( 'cookie: triage_safe_mode=', $text['stdout'] );
		$this->assertStringContainsString( 'Success: Safe mode session started for user 1: 2 of 3 plugins kept on.', $text['stdout'] );

		$this->assertFalse( $this->json( 'triage', 'safe-mode', 'stop', '--user=admin' )['json']['active'] );
		$this->assertTrue( $this->json( 'triage', 'safe-mode', 'status' )['json']['loader']['installed'] );

		$link = $this->json( 'triage', 'rescue-link', 'create', '--user=admin', '--expires=1h' );
		$this->assertStringStartsWith( Cli_Site::url() . '/wp-login.php?triage-rescue=', $link['json']['url'] );
		$this->assertTrue( $this->json( 'triage', 'safe-mode', 'status' )['json']['rescue']['exists'] );
	}

	public function test_bisect_needs_a_user_and_valid_tests(): void {
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--page=/broken/' ), '--user=<id|login>' );
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--user=subscriber' ), 'REST API answers 403' );
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--user=admin', '--test=sometimes' ), 'Unknown test "sometimes"' );
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--user=admin', '--page=https://elsewhere.example/' ), 'triage_bisect_foreign_url' );
	}

	public function test_debug_on_and_off_edit_wp_config_and_put_it_back(): void {
		$before = (string) file_get_contents( self::$site . '/wp-config.php' );
		// Switching on checks that the site still answers: the web server is needed.
		$server = Web_Server::start( self::$site, Cli_Site::url() );
		try {
			$on = $this->json( 'triage', 'debug', 'on', 'log', '--expires=20m' );
			$this->assertSame( 0, $on['code'] );
			$this->assertFalse( $on['json']['dry_run'] );
			$this->assertStringContainsString( "'WP_DEBUG_LOG'", (string) file_get_contents( self::$site . '/wp-config.php' ) );
			$this->assertSame( 'log', $this->json( 'triage', 'debug', 'status' )['json']['profile'] );

			$off = $this->wp( 'triage', 'debug', 'off' );
			$this->assertSame( 0, $off['code'], $off['stderr'] );
			$this->assertStringContainsString( 'Success: wp-config.php updated.', $off['stdout'] );
			$this->assertSame( $before, (string) file_get_contents( self::$site . '/wp-config.php' ) );
		} finally {
			if ( (string) file_get_contents( self::$site . '/wp-config.php' ) !== $before ) {
				$this->wp( 'triage', 'debug', 'off' );
			}
			$server->stop();
		}
	}

	public function test_bisect_finds_the_plugin_that_breaks_a_page_through_real_probes(): void {
		$server = Web_Server::start( self::$site, Cli_Site::url() );
		try {
			$run = $this->json( 'triage', 'bisect', '--user=admin', '--page=/broken/', '--test=status,fatal' );
			$this->assertSame( 0, $run['code'] );
			$this->assertSame( 'bisect', $run['json']['command'] );
			$this->assertSame( 'culprits', $run['json']['outcome']['kind'], wp_json_encode( $run['json'] ) );
			$this->assertSame( array( array( 'triage-cli-breaker.php' ) ), $run['json']['outcome']['groups'] );
			$this->assertSame( count( $run['json']['observations'] ), $run['json']['probes'] );

			$text = $this->wp( 'triage', 'bisect', '--user=admin', '--page=/broken/' );
			$this->assertSame( 0, $text['code'], $text['stderr'] );
			$this->assertMatchesRegularExpression( '/Probe 1\/~\d+ \(confirm-all\): 2 loaded → fail \(HTTP 500/u', $text['stdout'] );
			$this->assertStringContainsString( 'Success: Culprit: triage-cli-breaker.php', $text['stdout'] );

			$healthy = $this->json( 'triage', 'bisect', '--user=admin', '--page=/' );
			$this->assertSame( 'no-symptom', $healthy['json']['outcome']['kind'] );
		} finally {
			$server->stop();
		}
	}
}
