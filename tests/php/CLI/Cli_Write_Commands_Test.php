<?php
/**
 * `wp triage …` through the real `wp` binary: the commands that change the site.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

require_once __DIR__ . '/Cli_Test_Case.php';
require_once __DIR__ . '/Web_Server.php';

/**
 * The commands that change the site (maintenance, cron, safe mode, rescue links, debug mode, bisection):
 * what they write, that they put things back, and their refusals.
 */
final class Cli_Write_Commands_Test extends Cli_Test_Case {

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
			// Two plugins and the active theme (another theme stands in for it).
			$this->assertMatchesRegularExpression( '/Probe 1\/~\d+ \(confirm-all\): 3 loaded → fail \(HTTP 500/u', $text['stdout'] );
			$this->assertStringContainsString( 'Success: Culprit: triage-cli-breaker.php', $text['stdout'] );

			$healthy = $this->json( 'triage', 'bisect', '--user=admin', '--page=/' );
			$this->assertSame( 'no-symptom', $healthy['json']['outcome']['kind'] );
		} finally {
			$server->stop();
		}
	}
}
