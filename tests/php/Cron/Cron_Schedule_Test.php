<?php
/**
 * The schedule: malformed options, orphans, duplicates, filters, paging, the lock.
 *
 * @package Triage
 */

use Triage\Cron\Cron_Events;

require_once __DIR__ . '/Cron_Test_Case.php';

/**
 * Cron schedule.
 */
class Cron_Schedule_Test extends Cron_Test_Case {

	/**
	 * Damaged or odd option values.
	 *
	 * @return array<string, array{0: mixed, 1: array<string, mixed>}>
	 */
	public function malformed_options() {
		$ok     = array(
			'schedule' => false,
			'args'     => array(),
		);
		$key    = md5( serialize( array() ) );
		$future = self::NOW + 60;
		return array(
			'a string'                    => array(
				'garbage',
				array(
					'readable'  => false,
					'problem'   => 'not_array',
					'events'    => 0,
					'malformed' => 0,
				),
			),
			'a number'                    => array(
				42,
				array(
					'readable'  => false,
					'problem'   => 'not_array',
					'events'    => 0,
					'malformed' => 0,
				),
			),
			'only the version'            => array(
				array( 'version' => 2 ),
				array(
					'readable'  => true,
					'problem'   => null,
					'events'    => 0,
					'malformed' => 0,
					'version'   => 2,
				),
			),
			'non-numeric timestamp'       => array(
				array(
					'soon'  => array( 'h' => array( $key => $ok ) ),
					$future => array( 'triage_ok' => array( $key => $ok ) ),
				),
				array(
					'readable'          => true,
					'events'            => 1,
					'malformed'         => 1,
					'malformed_problem' => 'non_numeric_timestamp',
				),
			),
			'hooks not an array'          => array(
				array( $future => 'x' ),
				array(
					'events'            => 0,
					'malformed'         => 1,
					'malformed_problem' => 'hooks_not_array',
				),
			),
			'events not an array'         => array(
				array( $future => array( 'triage_h' => 'x' ) ),
				array(
					'events'            => 0,
					'malformed'         => 1,
					'malformed_problem' => 'events_not_array',
				),
			),
			'event not an array'          => array(
				array( $future => array( 'triage_h' => array( $key => 'x' ) ) ),
				array(
					'events'            => 0,
					'malformed'         => 1,
					'malformed_problem' => 'event_not_array',
				),
			),
			'empty hook name'             => array(
				array( $future => array( '' => array( $key => $ok ) ) ),
				array(
					'events'            => 0,
					'malformed'         => 1,
					'malformed_problem' => 'empty_hook',
				),
			),
			'event without schedule'      => array(
				array( $future => array( 'triage_h' => array( $key => array( 'args' => array() ) ) ) ),
				array(
					'events'        => 1,
					'malformed'     => 0,
					'event_problem' => 'no_schedule_field',
				),
			),
			'args not an array'           => array(
				array(
					$future => array(
						'triage_h' => array(
							$key => array(
								'schedule' => false,
								'args'     => 'x',
							),
						),
					),
				),
				array(
					'events'        => 1,
					'malformed'     => 0,
					'event_problem' => 'args_not_array',
				),
			),
			'recurrence without interval' => array(
				array(
					$future => array(
						'triage_h' => array(
							$key => array(
								'schedule' => 'hourly',
								'args'     => array(),
							),
						),
					),
				),
				array(
					'events'        => 1,
					'event_problem' => 'bad_interval',
				),
			),
		);
	}

	/**
	 * A malformed option gives a clear result and no PHP warning (PHPUnit turns warnings into failures).
	 *
	 * @dataProvider malformed_options
	 *
	 * @param mixed                $value  Option value.
	 * @param array<string, mixed> $expect Expectations.
	 */
	public function test_malformed_option_gives_a_clear_result( $value, array $expect ) {
		update_option( 'cron', $value );
		$page = $this->schedule()->page();
		foreach ( array( 'readable', 'problem', 'version' ) as $field ) {
			if ( array_key_exists( $field, $expect ) ) {
				$this->assertSame( $expect[ $field ], $page['option'][ $field ], $field );
			}
		}
		$this->assertSame( $expect['events'], $page['totals']['events'] );
		$this->assertCount( $expect['events'], $page['events'] );
		if ( isset( $expect['malformed'] ) ) {
			$this->assertSame( $expect['malformed'], $page['totals']['malformed'] );
		}
		if ( isset( $expect['malformed_problem'] ) ) {
			$this->assertSame( $expect['malformed_problem'], $page['option']['malformed'][0]['problem'] );
		}
		if ( isset( $expect['event_problem'] ) ) {
			$this->assertContains( $expect['event_problem'], $page['events'][0]['problems'] );
		}
		$this->assertGreaterThan( 0, $page['option']['bytes'] );
	}

	/**
	 * No option at all is a normal state, not damage.
	 */
	public function test_missing_option() {
		delete_option( 'cron' );
		$page = $this->schedule()->page();
		$this->assertTrue( $page['option']['readable'] );
		$this->assertSame( 'missing', $page['option']['problem'] );
		$this->assertSame( 0, $page['total'] );
	}

	/**
	 * Megabytes of arguments are measured and previewed in a few characters; objects are named, not called.
	 */
	public function test_huge_args_are_shortened() {
		$huge = array( str_repeat( 'x', 2 * MB_IN_BYTES ), array( 'nested' => array( 'deeper' => array( 'deepest' => array( 1 ) ) ) ), new ArrayObject( array( 1 ) ) );
		$this->set_events( array( array( self::NOW + 60, 'triage_test_huge', $huge ) ) );
		$args = $this->schedule()->page()['events'][0]['args'];
		$this->assertGreaterThan( 2 * MB_IN_BYTES, $args['bytes'] );
		$this->assertSame( 3, $args['count'] );
		$this->assertTrue( $args['truncated'] );
		$this->assertLessThanOrEqual( 160, mb_strlen( $args['preview'] ) );
		$this->assertStringContainsString( 'ArrayObject{…}', $args['preview'] );
		// Bytes that are not UTF-8 (the database refuses to store them, a cache may not).
		$this->assertSame( '["(2 bytes, not UTF-8)"]', \Triage\Cron\Args_Preview::of( array( "\xff\xfe" ) )['preview'] );
	}

	/**
	 * Orphans, duplicates (same hook and arguments at two times) and too-frequent recurrences, with totals.
	 */
	public function test_orphans_duplicates_and_too_frequent() {
		add_action( 'triage_test_live', 'triage_test_acme_sync_function' );
		add_action( 'triage_test_fast', 'triage_test_acme_sync_function' );
		$this->set_events(
			array(
				array( self::NOW - 7200, 'triage_test_live', array( 1 ), 'hourly', 3600 ),
				array( self::NOW + 60, 'triage_test_live', array( 1 ), 'hourly', 3600 ),
				array( self::NOW + 60, 'triage_test_live', array( 2 ), 'hourly', 3600 ),
				array( self::NOW - 30, 'triage_test_orphan' ),
				array( self::NOW + 5, 'triage_test_fast', array(), 'triage_test_every_30s', 30 ),
			)
		);
		$page = $this->schedule()->page();
		$this->assertSame(
			array(
				'events'       => 5,
				'overdue'      => 2,
				'orphans'      => 1,
				'duplicates'   => 2,
				'too_frequent' => 1,
				'hooks'        => 3,
				'malformed'    => 0,
				'oldest_late'  => 7200,
			),
			$page['totals']
		);
		$rows = array();
		foreach ( $page['events'] as $row ) {
			$rows[ $row['hook'] . '@' . ( $row['timestamp'] - self::NOW ) . '#' . $row['args']['preview'] ] = $row;
		}
		$this->assertTrue( $rows['triage_test_live@-7200#[1]']['duplicate'] );
		$this->assertSame( 2, $rows['triage_test_live@60#[1]']['copies'] );
		$this->assertFalse( $rows['triage_test_live@60#[2]']['duplicate'] );
		$this->assertTrue( $rows['triage_test_orphan@-30#[]']['orphan'] );
		$this->assertSame( 30, $rows['triage_test_orphan@-30#[]']['late'] );
		$this->assertSame( array(), $rows['triage_test_orphan@-30#[]']['callbacks'] );
		$this->assertTrue( $rows['triage_test_fast@5#[]']['too_frequent'] );
		$this->assertContains( 'unknown_schedule', $rows['triage_test_fast@5#[]']['problems'] );
		$this->assertSame( array( 'plugin:acme-sync' ), $rows['triage_test_live@60#[2]']['owners'] );
		$this->assertSame( '2026-11-23T10:00:00Z', $rows['triage_test_live@-7200#[1]']['next_run_utc'] );
	}

	/**
	 * The next run in the site's time zone.
	 */
	public function test_local_time_follows_the_site_time_zone() {
		update_option( 'timezone_string', 'Europe/Paris' );
		$this->set_events( array( array( self::NOW, 'triage_test_tz' ) ) );
		$page = $this->schedule()->page();
		$this->assertSame( 'Europe/Paris', $page['timezone'] );
		$this->assertSame( '2026-11-23T13:00:00+01:00', $page['events'][0]['next_run_local'] );
	}

	/**
	 * Filters by hook, overdue, orphan and owner, each alone.
	 */
	public function test_filters() {
		add_action( 'triage_test_plugin_hook', array( 'Triage_Test_Acme_Sync', 'run_static' ) );
		add_action( 'triage_test_theme_hook', array( new Triage_Test_Acme_Theme(), 'refresh' ) );
		$this->set_events(
			array(
				array( self::NOW - 10, 'triage_test_plugin_hook' ),
				array( self::NOW + 10, 'triage_test_theme_hook' ),
				array( self::NOW + 20, 'triage_test_orphan_hook' ),
			)
		);
		$hooks = function ( array $query ) {
			return array_column( $this->schedule()->page( $query )['events'], 'hook' );
		};
		$this->assertSame( array( 'triage_test_theme_hook' ), $hooks( array( 'hook' => 'THEME' ) ) );
		$this->assertSame( array( 'triage_test_plugin_hook' ), $hooks( array( 'overdue' => true ) ) );
		$this->assertSame( array( 'triage_test_theme_hook', 'triage_test_orphan_hook' ), $hooks( array( 'overdue' => false ) ) );
		$this->assertSame( array( 'triage_test_orphan_hook' ), $hooks( array( 'orphan' => true ) ) );
		$this->assertSame( array( 'triage_test_plugin_hook' ), $hooks( array( 'owner' => 'plugin:acme-sync' ) ) );
		$this->assertSame( array( 'triage_test_plugin_hook' ), $hooks( array( 'owner' => 'acme-sync' ) ) );
		$this->assertSame( array( 'triage_test_theme_hook' ), $hooks( array( 'owner' => 'theme' ) ) );
		$this->assertSame( array(), $hooks( array( 'owner' => 'plugin:someone-else' ) ) );
		$this->assertSame(
			array( 'triage_test_orphan_hook', 'triage_test_theme_hook', 'triage_test_plugin_hook' ),
			$hooks(
				array(
					'orderby' => 'timestamp',
					'order'   => 'desc',
				)
			)
		);
		$this->assertSame( array( 'triage_test_orphan_hook', 'triage_test_plugin_hook', 'triage_test_theme_hook' ), $hooks( array( 'orderby' => 'hook' ) ) );
		// Most late first is the oldest timestamp first.
		$this->assertSame(
			array( 'triage_test_plugin_hook', 'triage_test_theme_hook', 'triage_test_orphan_hook' ),
			$hooks(
				array(
					'orderby' => 'late',
					'order'   => 'desc',
				)
			)
		);
	}

	/**
	 * Paging over 250 events; totals always cover the whole schedule.
	 */
	public function test_paging() {
		$events = array();
		for ( $i = 0; $i < 250; $i++ ) {
			$events[] = array( self::NOW + $i, 'triage_test_page', array( $i ) );
		}
		$this->set_events( $events );
		$page = $this->schedule()->page(
			array(
				'page'     => 3,
				'per_page' => 100,
			)
		);
		$this->assertSame( 250, $page['total'] );
		$this->assertSame( 3, $page['total_pages'] );
		$this->assertCount( 50, $page['events'] );
		$this->assertSame( self::NOW + 200, $page['events'][0]['timestamp'] );
		$this->assertSame( 100, $this->schedule()->page( array( 'per_page' => 5000 ) )['per_page'] );
		$this->assertSame( 1, $this->schedule()->page( array( 'page' => -3 ) )['page'] );
	}

	/**
	 * The lock and the constants are part of every page.
	 */
	public function test_lock_state() {
		$this->set_events( array() );
		$this->assertSame( 'none', $this->schedule()->page()['lock']['state'] );
		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW - 5 ) );
		$lock = $this->schedule()->page()['lock'];
		$this->assertTrue( $lock['held'] );
		$this->assertSame( 5, $lock['age'] );
		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW - 3600 ) );
		$this->assertSame( 'stuck', $this->schedule()->page()['lock']['state'] );
		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW + 3600 ) );
		$this->assertSame( 'future', $this->schedule()->page()['lock']['state'] );
		$this->assertTrue( $this->schedule()->page()['constants']['disable_wp_cron'] );
	}

	/**
	 * Core's key is md5 of the serialized arguments.
	 */
	public function test_key_matches_core() {
		wp_schedule_single_event( self::NOW + 600, 'triage_test_core_key', array( 'a', 1 ) );
		$event = $this->schedule()->find( 'triage_test_core_key', self::NOW + 600, Cron_Events::key_of( array( 'a', 1 ) ) );
		$this->assertNotNull( $event );
		$this->assertSame( array( 'a', 1 ), $event['args'] );
	}
}
