<?php
/**
 * The maintenance state and clearing it, in a temporary WordPress folder (never the real one: a fresh
 * .maintenance there would answer 503 to every other process using it).
 *
 * @package Triage
 */

use Triage\Maintenance\Maintenance_Clearer;
use Triage\Maintenance\Maintenance_File;
use Triage\Maintenance\Maintenance_State;

/**
 * Maintenance.
 */
class Maintenance_Test extends WP_UnitTestCase {

	/** A fixed time. */
	private const NOW = 1795435200;

	/**
	 * Temporary WordPress folder.
	 *
	 * @var string
	 */
	private $root;

	/**
	 * Creates the folder.
	 */
	protected function set_up() {
		$this->root = get_temp_dir() . 'triage-maintenance-' . getmypid() . '-' . wp_rand();
		mkdir( $this->root . '/wp-content', 0777, true );
	}

	/**
	 * Removes the folder.
	 */
	protected function tear_down() {
		$this->remove( $this->root );
	}

	/**
	 * Removes a tree.
	 *
	 * @param string $path Path.
	 * @return void
	 */
	private function remove( $path ) {
		if ( is_dir( $path ) && ! is_link( $path ) ) {
			foreach ( array_diff( scandir( $path ), array( '.', '..' ) ) as $entry ) {
				$this->remove( $path . '/' . $entry );
			}
			rmdir( $path );
		} elseif ( file_exists( $path ) || is_link( $path ) ) {
			unlink( $path );
		}
	}

	/**
	 * The state over the folder at the fixed time.
	 *
	 * @return Maintenance_State
	 */
	private function state() {
		return new Maintenance_State(
			$this->root,
			$this->root . '/wp-content',
			static function () {
				return self::NOW;
			}
		);
	}

	/**
	 * Writes .maintenance.
	 *
	 * @param string $contents Contents.
	 * @return string Path.
	 */
	private function maintenance( $contents ) {
		file_put_contents( $this->root . '/.maintenance', $contents );
		return $this->root . '/.maintenance';
	}

	/**
	 * File contents and what they mean.
	 *
	 * @return array<string, array{0: string, 1: string, 2: int|null}>
	 */
	public function contents() {
		return array(
			'core, with closing tag'  => array( '<?php $upgrading = 1795435000; ?>', 'timestamp', 1795435000 ),
			'no closing tag, spaces'  => array( "<?php\n\t\$upgrading=1795435000 ;\n", 'timestamp', 1795435000 ),
			'always now (a plugin)'   => array( '<?php $upgrading = time(); ?>', 'always', null ),
			'extra code'              => array( '<?php $upgrading = 1795435000; define( "TRIAGE_TEST_RAN", 1 ); ?>', 'unknown', null ),
			'a computed time'         => array( '<?php $upgrading = 1795435000 + 600; ?>', 'unknown', null ),
			'variable inside comment' => array( '<?php /* $upgrading = 1795435000; */ ?>', 'unknown', null ),
			'empty'                   => array( '', 'unknown', null ),
		);
	}

	/**
	 * Only the two certain shapes are read; nothing is ever executed.
	 *
	 * @dataProvider contents
	 *
	 * @param string   $text      Contents.
	 * @param string   $format    Expected format.
	 * @param int|null $upgrading Expected time.
	 */
	public function test_parses_without_running( $text, $format, $upgrading ) {
		$this->maintenance( $text );
		$read = Maintenance_File::read( $this->root . '/.maintenance' );
		$this->assertSame( $format, $read['format'] );
		$this->assertSame( $upgrading, $read['upgrading'] );
		$this->assertFalse( defined( 'TRIAGE_TEST_RAN' ) );
	}

	/**
	 * Nothing found on a clean site.
	 */
	public function test_clean_site() {
		$state = $this->state()->read();
		$this->assertFalse( $state['file']['exists'] );
		$this->assertFalse( $state['found'] );
		$this->assertFalse( $state['lock_held'] );
		$this->assertFalse( $state['drop_in']['exists'] );
		$this->assertWPErrorCode( 'triage_maintenance_absent', ( new Maintenance_Clearer( $this->state() ) )->clear() );
	}

	/**
	 * Fresh: honoured, with the time left; stale: not honoured.
	 */
	public function test_fresh_and_stale() {
		$this->maintenance( '<?php $upgrading = ' . ( self::NOW - 120 ) . '; ?>' );
		$file = $this->state()->read()['file'];
		$this->assertTrue( $file['fresh'] );
		$this->assertTrue( $file['honoured'] );
		$this->assertSame( 120, $file['age'] );
		$this->assertSame( 480, $file['expires_in'] );

		add_filter( 'enable_maintenance_mode', '__return_false' );
		$this->assertFalse( $this->state()->file()['honoured'], 'A site can switch it off with core\'s filter.' );
		remove_filter( 'enable_maintenance_mode', '__return_false' );

		$this->maintenance( '<?php $upgrading = ' . ( self::NOW - 3600 ) . '; ?>' );
		$file = $this->state()->file();
		$this->assertFalse( $file['fresh'] );
		$this->assertFalse( $file['honoured'] );
		$this->assertSame( 3600, $file['age'] );
	}

	/**
	 * Clear refuses a fresh file, and removes it when forced.
	 */
	public function test_clear_refuses_a_fresh_file() {
		$path    = $this->maintenance( '<?php $upgrading = ' . ( self::NOW - 60 ) . '; ?>' );
		$clearer = new Maintenance_Clearer( $this->state() );
		$refused = $clearer->clear();
		$this->assertWPErrorCode( 'triage_maintenance_fresh', $refused );
		$this->assertSame( 409, $refused->get_error_data()['status'] );
		$this->assertFileExists( $path );
		$this->assertWPErrorCode( 'triage_maintenance_fresh', $clearer->clear( false, true ), 'The lock flag does not stand in for the fresh flag.' );

		$done = $clearer->clear( true );
		$this->assertTrue( $done['cleared'] );
		$this->assertTrue( $done['forced_fresh'] );
		$this->assertFileDoesNotExist( $path );
		$this->assertSame( array( '.', '..', 'wp-content' ), scandir( $this->root ), 'No renamed copy is left.' );
	}

	/**
	 * The plugins' "always" file is refused as fresh too.
	 */
	public function test_clear_refuses_an_always_file() {
		$this->maintenance( '<?php $upgrading = time(); ?>' );
		$refused = ( new Maintenance_Clearer( $this->state() ) )->clear();
		$this->assertWPErrorCode( 'triage_maintenance_fresh', $refused );
		$this->assertStringContainsString( 'on purpose', $refused->get_error_message() );
	}

	/**
	 * Clear refuses while an update lock is held, even for a stale file, and removes it when forced.
	 */
	public function test_clear_refuses_while_a_lock_is_held() {
		$path = $this->maintenance( '<?php $upgrading = ' . ( self::NOW - 3600 ) . '; ?>' );
		update_option( 'core_updater.lock', self::NOW - 300 );
		$state = $this->state()->read();
		$this->assertTrue( $state['lock_held'] );
		$this->assertSame( 300, $state['locks'][0]['age'] );

		$clearer = new Maintenance_Clearer( $this->state() );
		$refused = $clearer->clear();
		$this->assertWPErrorCode( 'triage_maintenance_update_running', $refused );
		$this->assertStringContainsString( 'core_updater.lock', $refused->get_error_message() );
		$this->assertWPErrorCode( 'triage_maintenance_update_running', $clearer->clear( true ), 'The fresh flag does not stand in for the lock flag.' );
		$this->assertFileExists( $path );

		$done = $clearer->clear( false, true );
		$this->assertTrue( $done['forced_lock'] );
		$this->assertFileDoesNotExist( $path );
	}

	/**
	 * An old lock (past core's timeout) is not held: a stale file is cleared at once.
	 */
	public function test_old_lock_does_not_block() {
		$path = $this->maintenance( '<?php $upgrading = ' . ( self::NOW - 3600 ) . '; ?>' );
		update_option( 'auto_updater.lock', self::NOW - 7200 );
		$done = ( new Maintenance_Clearer( $this->state() ) )->clear();
		$this->assertTrue( $done['cleared'] );
		$this->assertFalse( $done['forced_lock'] );
		$this->assertFileDoesNotExist( $path );
	}

	/**
	 * A site that forbids file changes (DISALLOW_FILE_MODS, or core's file_mod_allowed filter saying no)
	 * keeps its .maintenance file, and the refusal says how to remove it by hand.
	 */
	public function test_a_hardened_site_keeps_the_file() {
		$path = $this->maintenance( '<?php $upgrading = ' . ( self::NOW - 3600 ) . '; ?>' );
		add_filter( 'file_mod_allowed', '__return_false' );
		$refused = ( new Maintenance_Clearer( $this->state() ) )->clear( true, true );
		remove_filter( 'file_mod_allowed', '__return_false' );
		$this->assertWPErrorCode( 'triage_file_mods_disallowed', $refused );
		$this->assertSame( 409, $refused->get_error_data()['status'] );
		$this->assertStringContainsString( '.maintenance', $refused->get_error_data()['manual'] );
		$this->assertFileExists( $path );
	}

	/**
	 * A link named .maintenance is never followed or removed.
	 */
	public function test_refuses_a_link() {
		file_put_contents( $this->root . '/target', '<?php $upgrading = 1; ?>' );
		symlink( $this->root . '/target', $this->root . '/.maintenance' );
		$this->assertWPErrorCode( 'triage_maintenance_not_a_file', ( new Maintenance_Clearer( $this->state() ) )->clear( true, true ) );
		$this->assertFileExists( $this->root . '/target' );
	}

	/**
	 * Leftover upgrade folders with their age, the guards of the folder ignored; the drop-in.
	 */
	public function test_leftover_folders_and_drop_in() {
		$content = $this->root . '/wp-content';
		mkdir( $content . '/upgrade/akismet-5.3', 0777, true );
		touch( $content . '/upgrade/akismet-5.3', self::NOW - 7200 );
		touch( $content . '/upgrade/index.php' );
		mkdir( $content . '/upgrade-temp-backup/plugins/akismet', 0777, true );
		touch( $content . '/upgrade-temp-backup/plugins/akismet', self::NOW - 600 );
		mkdir( $content . '/upgrade-temp-backup/themes' );
		file_put_contents( $content . '/maintenance.php', '<?php // Custom page.' );

		$state = $this->state()->read();
		$this->assertTrue( $state['found'] );
		$this->assertSame( 1, $state['folders'][0]['leftovers'] );
		$this->assertSame(
			array(
				'name' => 'akismet-5.3',
				'age'  => 7200,
			),
			$state['folders'][0]['items'][0]
		);
		$this->assertSame( 'plugins/akismet', $state['folders'][1]['items'][0]['name'] );
		$this->assertSame( 600, $state['folders'][1]['oldest_age'] );
		$this->assertTrue( $state['drop_in']['exists'] );
	}

	/**
	 * The error code of a WP_Error.
	 *
	 * @param string $code    Expected code.
	 * @param mixed  $actual  Result.
	 * @param string $message Message.
	 * @return void
	 */
	private function assertWPErrorCode( $code, $actual, $message = '' ) { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid -- PHPUnit's naming.
		$this->assertInstanceOf( WP_Error::class, $actual, $message );
		$this->assertSame( $code, $actual->get_error_code(), $message );
	}
}
