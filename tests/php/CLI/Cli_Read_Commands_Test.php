<?php
/**
 * `wp triage …` through the real `wp` binary: help, status, logs, reports and refusals.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

require_once __DIR__ . '/Cli_Test_Case.php';

/**
 * The commands that only read the site: exit codes, the JSON contract, --help, refusals where the REST
 * API refuses.
 */
final class Cli_Read_Commands_Test extends Cli_Test_Case {

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
		// Not the database check: this machine's MariaDB (the lab's, whose log Triage finds) may have restarted
		// within the hour, and an incident of the last hour rightly keeps that check from saying good.
		$healthy = $this->json( 'triage', 'status', '--check=maintenance,memory_limits' );
		$this->assertSame( 0, $healthy['code'], wp_json_encode( $healthy['json'] ) );
		$this->assertSame( 'good', $healthy['json']['status'] );
		$this->assertSame( 'status', $healthy['json']['command'] );
		$ids = array_column( $healthy['json']['checks'], 'id' );
		sort( $ids );
		$this->assertSame( array( 'maintenance', 'memory_limits' ), $ids );

		// A fresh .maintenance: WordPress answers every request 503.
		file_put_contents( self::$site . '/.maintenance', '<?php $upgrading = ' . time() . ';' );
		$critical = $this->json( 'triage', 'status', '--check=maintenance,memory_limits' );
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
		$admin = $this->json( 'triage', 'status', '--check=maintenance', '--user=admin' );
		$this->assertSame( 0, $admin['code'], wp_json_encode( $admin['json'] ) );
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

		// Only the last hour: the timeouts (one incident, three requests) and the plugin's fatals, not the
		// refused connection of three days ago. The machine may run a lab whose logs Triage finds too: only
		// the incidents these two logs explain are counted.
		$ours   = array( $sources[ $nginx ]['id'], $sources[ $php ]['id'] );
		$recent = $this->json( 'triage', 'incidents', '--since=1h' );
		$this->assertSame( 'incidents', $recent['json']['basis'] );
		$causes = $this->incident_requests( $recent['json']['incidents'], $ours );
		$this->assertSame(
			array(
				'plugin_fatal'     => 3,
				'web_read_timeout' => 3,
			),
			$causes,
			wp_json_encode( $recent['json']['incidents'] )
		);
		$week = $this->json( 'triage', 'incidents', '--since=7d' );
		$this->assertSame( 1, $this->incident_requests( $week['json']['incidents'], $ours )['fpm_not_listening'] ?? 0 );

		$table = $this->wp( 'triage', 'incidents', '--since=7d' );
		$this->assertStringContainsString( 'fpm_not_listening', $table['stdout'] );
		$this->assertStringContainsString( 'web_read_timeout', $table['stdout'] );
		$this->assertRefused( $this->wp( 'triage', 'incidents', '--since=soon' ), 'Invalid --since=soon' );
		$this->assertRefused( $this->wp( 'triage', 'logs', 'tail', '--source=nope', '--format=json' ), 'triage_log' );
	}

	/**
	 * Requests per cause of the incidents whose evidence comes from some sources, by cause name.
	 *
	 * @param array<int, array<string, mixed>> $incidents Incidents.
	 * @param string[]                         $sources   Source ids.
	 * @return array<string, int>
	 */
	private function incident_requests( array $incidents, array $sources ): array {
		$requests = array();
		foreach ( $incidents as $incident ) {
			if ( array_intersect( $sources, array_column( $incident['evidence'], 'source' ) ) ) {
				$requests[ $incident['cause'] ] = ( $requests[ $incident['cause'] ] ?? 0 ) + $incident['requests'];
			}
		}
		ksort( $requests );
		return $requests;
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

	public function test_bisect_needs_a_user_and_valid_tests(): void {
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--page=/broken/' ), '--user=<id|login>' );
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--user=subscriber' ), 'REST API answers 403' );
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--user=admin', '--test=sometimes' ), 'Unknown test "sometimes"' );
		$this->assertRefused( $this->wp( 'triage', 'bisect', '--user=admin', '--page=https://elsewhere.example/' ), 'triage_bisect_foreign_url' );
	}
}
