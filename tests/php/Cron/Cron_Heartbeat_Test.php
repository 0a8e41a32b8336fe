<?php
/**
 * The heartbeat: who ran cron, the history, the verdict.
 *
 * @package Triage
 */

use Triage\Cron\Cron_Heartbeat;
use Triage\Cron\Cron_Run_Source;
use Triage\Cron\Cron_Verdict;

/**
 * Heartbeat.
 */
class Cron_Heartbeat_Test extends WP_UnitTestCase {

	/** A fixed time. */
	private const NOW = 1795435200;

	/**
	 * Requests and the runner they reveal.
	 *
	 * @return array<string, array{0: array<string, mixed>, 1: string}>
	 */
	public function requests() {
		$spawn = sprintf( '%.22F', 1795435200.25 );
		return array(
			'core spawn'                    => array(
				array(
					'script'        => 'wp-cron.php',
					'doing_wp_cron' => $spawn,
					'user_agent'    => 'WordPress/6.5.5; https://example.org',
					'doing_cron'    => true,
				),
				'loopback',
			),
			'curl from crontab'             => array(
				array(
					'script'        => 'wp-cron.php',
					'doing_wp_cron' => '',
					'user_agent'    => 'curl/7.88.1',
					'doing_cron'    => true,
				),
				'system',
			),
			'wget without query'            => array(
				array(
					'script'        => 'wp-cron.php',
					'doing_wp_cron' => null,
					'user_agent'    => 'Wget/1.21',
					'doing_cron'    => true,
				),
				'system',
			),
			'spawn value, foreign agent'    => array(
				array(
					'script'        => 'wp-cron.php',
					'doing_wp_cron' => $spawn,
					'user_agent'    => 'curl/8',
					'doing_cron'    => true,
				),
				'system',
			),
			'WP-CLI'                        => array(
				array(
					'wp_cli'     => true,
					'doing_cron' => true,
					'script'     => 'wp',
				),
				'wp-cli',
			),
			'alternate cron in a page view' => array(
				array(
					'script'     => 'index.php',
					'alternate'  => true,
					'doing_cron' => true,
				),
				'alternate',
			),
			'a plain request'               => array( array( 'script' => 'index.php' ), 'manual' ),
		);
	}

	/**
	 * Each runner is told apart by its signs.
	 *
	 * @dataProvider requests
	 *
	 * @param array<string, mixed> $signs  Signs.
	 * @param string               $source Expected source.
	 */
	public function test_classifies_the_runner( array $signs, $source ) {
		$this->assertSame( $source, Cron_Run_Source::classify( $signs ) );
	}

	/**
	 * The current request's signs come from the request globals.
	 */
	public function test_reads_the_current_request() {
		$_SERVER['SCRIPT_FILENAME'] = ABSPATH . 'wp-cron.php';
		$_SERVER['HTTP_USER_AGENT'] = 'curl/7.88.1';
		$_GET['doing_wp_cron']      = '';
		$signs                      = Cron_Run_Source::current();
		$this->assertSame( 'wp-cron.php', $signs['script'] );
		$this->assertSame( 'system', Cron_Run_Source::classify( $signs ) );
	}

	/**
	 * The heartbeat schedules itself once, with its own five-minute recurrence, and records beats.
	 */
	public function test_schedules_and_records() {
		$clock     = self::NOW;
		$heartbeat = new Cron_Heartbeat(
			static function () use ( &$clock ) {
				return $clock;
			}
		);
		$heartbeat->register();
		$this->assertSame( 300, wp_get_schedules()[ Cron_Heartbeat::SCHEDULE ]['interval'] );
		wp_clear_scheduled_hook( Cron_Heartbeat::HOOK );
		$heartbeat->ensure_scheduled();
		$this->assertFalse( wp_next_scheduled( Cron_Heartbeat::HOOK ), 'Not on a visitor\'s page view.' );
		// As in a cron run (wp_doing_cron() follows this filter).
		add_filter( 'wp_doing_cron', '__return_true' );
		$heartbeat->ensure_scheduled();
		$heartbeat->ensure_scheduled();
		remove_filter( 'wp_doing_cron', '__return_true' );
		$this->assertSame( self::NOW + 60, wp_next_scheduled( Cron_Heartbeat::HOOK ) );
		$this->assertSame( self::NOW, $heartbeat->history()['installed'] );

		// As wp-cron.php does: reschedule, then run the callback through the hook.
		$clock = self::NOW + 90;
		wp_reschedule_event( self::NOW + 60, Cron_Heartbeat::SCHEDULE, Cron_Heartbeat::HOOK );
		wp_unschedule_event( self::NOW + 60, Cron_Heartbeat::HOOK );
		$heartbeat->beat(
			array(
				'script'     => 'wp-cron.php',
				'user_agent' => 'curl/8',
			)
		);
		$beats = $heartbeat->history()['beats'];
		$this->assertCount( 1, $beats );
		$this->assertSame( 'system', $beats[0]['source'] );
		$this->assertSame( self::NOW + 90, $beats[0]['at'] );

		for ( $i = 0; $i < 60; $i++ ) {
			$heartbeat->beat( array( 'wp_cli' => true ) );
		}
		$this->assertCount( Cron_Heartbeat::MAX_BEATS, $heartbeat->history()['beats'], 'The history is bounded.' );

		Cron_Heartbeat::unschedule();
		$this->assertFalse( wp_next_scheduled( Cron_Heartbeat::HOOK ) );
		$this->assertFalse( get_option( Cron_Heartbeat::OPTION ) );
	}

	/**
	 * A damaged history option reads as empty, without warnings.
	 */
	public function test_damaged_history() {
		update_option( Cron_Heartbeat::OPTION, 'garbage' );
		$this->assertSame( array(), ( new Cron_Heartbeat() )->history()['beats'] );
		update_option(
			Cron_Heartbeat::OPTION,
			array(
				'beats' => array(
					'x',
					array( 'at' => 'soon' ),
					array(
						'at'     => 5,
						'source' => 'system',
					),
				),
			)
		);
		$this->assertCount( 1, ( new Cron_Heartbeat() )->history()['beats'] );
	}

	/**
	 * A history of beats at a cadence.
	 *
	 * @param string $source Runner.
	 * @param int    $every  Seconds between beats.
	 * @param int    $count  Beats.
	 * @param int    $last   Time of the last beat.
	 * @return array
	 */
	private function history( $source, $every, $count, $last ) {
		$beats = array();
		for ( $i = $count - 1; $i >= 0; $i-- ) {
			$beats[] = array(
				'at'         => $last - $i * $every,
				'lag'        => 20,
				'source'     => $source,
				'user_agent' => '',
				'remote'     => '',
			);
		}
		return array(
			'installed' => $last - $count * $every - 60,
			'beats'     => $beats,
		);
	}

	/**
	 * DISABLE_WP_CRON with a system cron every five minutes is proven from the beats.
	 */
	public function test_verdict_system_cron_every_five_minutes() {
		$verdict = ( new Cron_Verdict() )->judge( $this->history( 'system', 300, 12, self::NOW - 100 ), self::NOW, true, false, self::NOW + 200 );
		$this->assertSame( 'running', $verdict['state'] );
		$this->assertSame( 'system', $verdict['main_source'] );
		$this->assertSame( 300, $verdict['cadence'] );
		// human_time_diff() says "5 mins" on WordPress 6.5 and "5 minutes" on 7.1.
		$this->assertSame( 'DISABLE_WP_CRON is set and a system cron requesting wp-cron.php runs events about every ' . human_time_diff( 0, 300 ) . ' (12 runs recorded).', $verdict['summary'] );
	}

	/**
	 * Nothing ran for an hour: stopped, whatever the constants say.
	 */
	public function test_verdict_stopped() {
		$verdict = ( new Cron_Verdict() )->judge( $this->history( 'loopback', 300, 5, self::NOW - 3600 ), self::NOW, true, false, false );
		$this->assertSame( 'stopped', $verdict['state'] );
		$this->assertStringContainsString( 'system cron job is missing or failing', $verdict['summary'] );
		$this->assertSame( 3600, $verdict['last_age'] );
	}

	/**
	 * No beat yet: waiting at first, stopped once the heartbeat should have run three times.
	 */
	public function test_verdict_without_beats() {
		$empty = array(
			'installed' => self::NOW - 120,
			'beats'     => array(),
		);
		$this->assertSame( 'waiting', ( new Cron_Verdict() )->judge( $empty, self::NOW, false, false, self::NOW )['state'] );
		$empty['installed'] = self::NOW - 7200;
		$this->assertSame( 'stopped', ( new Cron_Verdict() )->judge( $empty, self::NOW, false, false, self::NOW )['state'] );
	}

	/**
	 * Mixed runners: the main one is the one that ran most of the recent beats.
	 */
	public function test_verdict_mixed_runners() {
		$history                        = $this->history( 'loopback', 300, 12, self::NOW - 10 );
		$history['beats'][11]['source'] = 'system';
		$verdict                        = ( new Cron_Verdict() )->judge( $history, self::NOW, false, false, false );
		$this->assertSame( 'loopback', $verdict['main_source'] );
		$this->assertSame(
			array(
				'loopback' => 11,
				'system'   => 1,
			),
			$verdict['sources']
		);
		$this->assertSame( 'system', $verdict['last_source'] );
	}

	/**
	 * Beats in the same second (runners started together) give a cadence of 0: said in seconds, not as the
	 * time since 1970.
	 */
	public function test_verdict_with_a_zero_cadence() {
		$verdict = ( new Cron_Verdict() )->judge( $this->history( 'system', 0, 3, self::NOW - 5 ), self::NOW, false, false, self::NOW + 300 );
		$this->assertSame( 0, $verdict['cadence'] );
		$this->assertStringContainsString( 'about every ' . human_time_diff( 0, 1 ), $verdict['summary'] );
		$this->assertStringNotContainsString( 'year', $verdict['summary'] );
	}
}
