<?php
/**
 * The e2e fixture plugin triage-fixture-cron-pileup, as the Cron tab will see it.
 *
 * @package Triage
 */

use Triage\Cron\Callback_Owner;
use Triage\Cron\Cron_Events;
use Triage\Cron\Cron_Lock;
use Triage\Cron\Cron_Schedule;
use Triage\Cron\Event_Runner;
use Triage\Logs\Log_Attributor;

/**
 * Pile-up fixture.
 */
class Pileup_Fixture_Test extends WP_UnitTestCase {

	/**
	 * The fixture's switch file (in the test WordPress's wp-content; only this fixture reads it).
	 *
	 * @return string
	 */
	private function switch_file() {
		return WP_CONTENT_DIR . '/triage-cron-pileup';
	}

	/**
	 * Removes the switch.
	 */
	protected function tear_down() {
		if ( file_exists( $this->switch_file() ) ) {
			unlink( $this->switch_file() );
		}
	}

	/**
	 * On: 200 overdue events owned by the fixture, two orphans, a duplicate, held back from the site's cron;
	 * run now works on them; off: all gone.
	 */
	public function test_pileup_on_and_off() {
		$plugins = dirname( __DIR__, 2 ) . '/e2e/plugins';
		require_once $plugins . '/triage-fixture-cron-pileup/triage-fixture-cron-pileup.php';
		$lock     = new Cron_Lock();
		$schedule = new Cron_Schedule(
			new Cron_Events(),
			new Callback_Owner( new Log_Attributor( $plugins, WPMU_PLUGIN_DIR, array( get_theme_root() ), ABSPATH ), ABSPATH ),
			$lock
		);

		file_put_contents( $this->switch_file(), "token-1\n" );
		triage_fixture_cron_pileup_apply();
		$owned = $schedule->page(
			array(
				'owner'   => 'plugin:triage-fixture-cron-pileup',
				'overdue' => true,
			)
		);
		$this->assertSame( 202, $owned['total'], '200 tasks, the fatal one and the overdue copy of the recurring one.' );
		$orphans = $schedule->page(
			array(
				'hook'   => 'triage_fixture_cron_pileup',
				'orphan' => true,
			)
		);
		$this->assertSame( array( 'triage_fixture_cron_pileup_orphan', 'triage_fixture_cron_pileup_orphan' ), array_column( $orphans['events'], 'hook' ) );
		$this->assertSame( 2, $schedule->page( array( 'hook' => 'triage_fixture_cron_pileup_sync' ) )['events'][0]['copies'] );

		$ready = wp_get_ready_cron_jobs();
		foreach ( $ready as $hooks ) {
			$this->assertSame( array(), array_intersect( array_keys( $hooks ), triage_fixture_cron_pileup_hooks() ), 'The site\'s cron does not drain the pile.' );
		}

		$task   = $schedule->page( array( 'hook' => 'triage_fixture_cron_pileup_task' ) )['events'][0];
		$result = ( new Event_Runner( $schedule, $lock ) )->run( $task['hook'], $task['timestamp'], $task['key'] );
		$this->assertSame( 'ok', $result['outcome'] );
		$this->assertSame( array( 199 ), get_option( 'triage_fixture_cron_pileup_runs' ) );
		$this->assertSame( 199, $schedule->page( array( 'hook' => 'triage_fixture_cron_pileup_task' ) )['total'] );

		triage_fixture_cron_pileup_apply();
		$this->assertSame( 199, $schedule->page( array( 'hook' => 'triage_fixture_cron_pileup_task' ) )['total'], 'Applied once per token.' );

		unlink( $this->switch_file() );
		triage_fixture_cron_pileup_apply();
		$this->assertSame( 0, $schedule->page( array( 'hook' => 'triage_fixture_cron_pileup' ) )['total'] );
	}
}
