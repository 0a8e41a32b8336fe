<?php
/**
 * What debug mode keeps between requests: the record, its expiry, the write lock.
 *
 * @package Triage
 */

use Triage\Config\Config_Write_Lock;
use Triage\Config\Debug_Auto_Revert;
use Triage\Config\Debug_Expiry;
use Triage\Config\Debug_Record;
use Triage\Storage\Network_Storage;

/**
 * The record, the expiry rule, the lock and the auto-revert's cheap check, without a wp-config.php.
 */
class Debug_Record_Test extends WP_UnitTestCase {

	private function record_with( array $fields ) {
		return $fields + array(
			'profile'    => 'log',
			'started_at' => time() - 10,
			'expires_at' => time() + 100,
			'edits'      => array(),
			'log_file'   => '/private/debug.log',
			'backup'     => null,
			'file'       => '/srv/wp-config.php',
			'failed'     => null,
		);
	}

	public function test_only_a_whole_record_is_read_back() {
		$record = new Debug_Record( new Network_Storage() );
		$this->assertNull( $record->get() );
		( new Network_Storage() )->update_option( Debug_Record::OPTION, array( 'profile' => 'log' ), true );
		$this->assertNull( $record->get(), 'A record without edits or expiry is not one.' );
		$record->save( $this->record_with( array() ) );
		$this->assertSame( 'log', $record->get()['profile'] );
		$record->delete();
		$this->assertNull( $record->get() );
	}

	public function test_the_tab_sees_the_time_left_and_a_failure() {
		$this->assertNull( Debug_Record::describe( null ) );
		$active = Debug_Record::describe( $this->record_with( array( 'failed' => 'wp-config.php changed' ) ) );
		$this->assertEqualsWithDelta( 100, $active['seconds_left'], 2 );
		$this->assertSame( 'wp-config.php changed', $active['failed'] );
		$this->assertSame( 0, Debug_Record::describe( $this->record_with( array( 'expires_at' => time() - 5 ) ) )['seconds_left'] );
	}

	public function test_a_profile_is_due_once_expired_unless_its_revert_failed() {
		$now = time();
		$this->assertFalse( Debug_Expiry::is_due( null, $now ) );
		$this->assertFalse( Debug_Expiry::is_due( $this->record_with( array( 'expires_at' => $now + 1 ) ), $now ) );
		$this->assertTrue( Debug_Expiry::is_due( $this->record_with( array( 'expires_at' => $now ) ), $now ) );
		$failed = $this->record_with(
			array(
				'expires_at' => $now - 60,
				'failed'     => 'x',
			)
		);
		$this->assertFalse( Debug_Expiry::is_due( $failed, $now ), 'A failed revert is not retried.' );
	}

	public function test_the_expiry_is_scheduled_once() {
		$expiry = new Debug_Expiry();
		$expiry->schedule( time() + 300 );
		$expiry->schedule( time() + 600 );
		$this->assertEqualsWithDelta( time() + 600, wp_next_scheduled( Debug_Expiry::CRON_HOOK ), 2 );
		$expiry->unschedule();
		$this->assertFalse( wp_next_scheduled( Debug_Expiry::CRON_HOOK ) );
		$this->assertNull( $expiry->check( HOUR_IN_SECONDS ) );
		$this->assertSame( 'triage_debug_expiry', $expiry->check( Debug_Expiry::MAX + 1 )->get_error_code() );
	}

	public function test_the_lock_admits_one_change_and_takes_over_a_stale_one() {
		$lock = new Config_Write_Lock();
		$this->assertTrue( $lock->acquire() );
		$this->assertFalse( $lock->acquire(), 'A second change waits.' );
		$lock->release();
		$this->assertTrue( $lock->acquire() );
		update_option( Config_Write_Lock::OPTION, time() - 2 * MINUTE_IN_SECONDS );
		$this->assertTrue( $lock->acquire(), 'A lock left by a request that died is taken over.' );
		$lock->release();
		$this->assertFalse( get_option( Config_Write_Lock::OPTION ) );
	}

	public function test_the_auto_revert_hooks_cron_and_admin_requests_only() {
		$auto = new Debug_Auto_Revert( new Debug_Record( new Network_Storage() ), array( $this, 'fail_if_built' ) );
		$auto->register();
		$this->assertSame( 10, has_action( Debug_Expiry::CRON_HOOK, array( $auto, 'revert' ) ) );
		$this->assertSame( 10, has_action( 'admin_init', array( $auto, 'check' ) ) );
		$this->assertFalse( has_action( 'init', array( $auto, 'check' ) ) );
		$this->assertFalse( has_action( 'wp', array( $auto, 'check' ) ) );
	}

	public function test_the_admin_check_leaves_an_unexpired_profile_alone() {
		$queries = 0;
		add_filter(
			'query',
			static function ( $sql ) use ( &$queries ) {
				++$queries;
				return $sql;
			}
		);
		( new Debug_Record( new Network_Storage() ) )->save(
			array(
				'profile'    => 'log',
				'edits'      => array(),
				'expires_at' => time() + 100,
			)
		);
		$queries = 0;
		( new Debug_Auto_Revert( new Debug_Record( new Network_Storage() ), array( $this, 'fail_if_built' ) ) )->check();
		$this->assertSame( 0, $queries, 'The admin check reads the autoloaded option from memory.' );
		$this->assertSame( 'log', ( new Debug_Record( new Network_Storage() ) )->get()['profile'] );
	}

	/**
	 * Stands in for the debug-mode service where building it would be a mistake.
	 *
	 * @return void
	 */
	public function fail_if_built() {
		$this->fail( 'The debug-mode service was built for a profile that had not expired.' );
	}
}
