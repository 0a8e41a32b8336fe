<?php
/**
 * Markers and records kept in APCu, where the extension is loaded and enabled for the command line.
 *
 * @package Triage
 */

require_once __DIR__ . '/Recorder_Test_Case.php';

use Triage\Incidents\Recorder\Marker_Store;

/**
 * Writes as the loader does (same key names), reads through Marker_Store and Flight_Recorder.
 */
class Apcu_Store_Test extends Recorder_Test_Case {

	protected function set_up() {
		parent::set_up();
		if ( ! function_exists( 'apcu_enabled' ) || ! apcu_enabled() || ! class_exists( 'APCUIterator' ) ) {
			$this->markTestSkipped( 'APCu is not loaded or not enabled for the command line (apc.enable_cli=1).' );
		}
		apcu_delete( new APCUIterator( '/^' . Triage_Flight_Recorder_Loader::APCU_PREFIX . self::KEY . '_/' ) );
		$this->set_settings( self::NOW + 3600, self::NOW - 3600, true );
	}

	public function test_markers_and_records_in_apcu_are_read_and_judged_like_files() {
		$prefix = Triage_Flight_Recorder_Loader::APCU_PREFIX . self::KEY;
		apcu_store( $prefix . '_m_4242_1', Triage_Flight_Recorder_Loader::marker_line( self::NOW - 100, 4242, 'GET', '/a', false ) );
		$this->add_process( 4243, self::NOW - 5000 );
		apcu_store( $prefix . '_m_4243_1', Triage_Flight_Recorder_Loader::marker_line( self::NOW - 10, 4243, 'GET', '/b', false ) );
		apcu_store( $prefix . '_f_1', Triage_Flight_Recorder_Loader::record_line( self::NOW - 30, self::NOW - 20, 7, 'GET', '/slow', 1024, null ) );
		// Another site's marker on the same pool is not ours.
		apcu_store( Triage_Flight_Recorder_Loader::APCU_PREFIX . str_repeat( 'e', 32 ) . '_m_1_1', Triage_Flight_Recorder_Loader::marker_line( self::NOW - 100, 1, 'GET', '/other', false ) );

		$store = new Marker_Store( $this->private, self::KEY, true );
		$this->assertSame( array( 4242, 4243 ), array_column( $store->markers(), 'pid' ) );
		$this->assertSame( array( 'apcu', 'apcu' ), array_column( $store->markers(), 'store' ) );
		$killed = $this->recorder()->killed_requests( 0 );
		$this->assertSame( array( 4242 ), array_column( $killed, 'pid' ) );
		$this->assertSame( 'pid_gone', $killed[0]['why'] );
		$this->assertSame( array( '/slow' ), array_column( $this->recorder()->finished( 0 ), 'uri' ) );

		$store->remove_all();
		$this->assertSame( array(), $store->markers() );
		$this->assertNotFalse( apcu_fetch( Triage_Flight_Recorder_Loader::APCU_PREFIX . str_repeat( 'e', 32 ) . '_m_1_1' ) );
	}
}
