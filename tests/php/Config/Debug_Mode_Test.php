<?php
/**
 * Debug mode on a real wp-config.php in a scratch directory.
 *
 * @package Triage
 */

use Triage\Config\Config_File;
use Triage\Config\Config_Locator;
use Triage\Config\Config_Parser;
use Triage\Config\Debug_Auto_Revert;
use Triage\Config\Debug_Expiry;
use Triage\Config\Debug_Mode;
use Triage\Config\Debug_Record;
use Triage\Files\Atomic_Writer;
use Triage\Files\Private_Directory;
use Triage\Storage\Network_Storage;

require_once __DIR__ . '/Config_Fixtures.php';

/**
 * Switching profiles, reverting, expiry, rollback and refusals.
 */
class Debug_Mode_Test extends WP_UnitTestCase {

	/**
	 * Scratch directory holding public/ (the WordPress root) and triage-private/.
	 *
	 * @var string
	 */
	private $dir;

	/**
	 * The scratch wp-config.php.
	 *
	 * @var string
	 */
	private $config;

	/**
	 * What the fake loopback answers.
	 *
	 * @var int
	 */
	private $loopback_status = 200;

	/**
	 * Constants this "request" has, outside the file.
	 *
	 * @var array<string, mixed>
	 */
	private $runtime = array();

	/**
	 * Whether the file counts as writable.
	 *
	 * @var bool
	 */
	private $file_writable = true;

	protected function set_up() {
		$this->dir    = sys_get_temp_dir() . '/triage-debug-' . uniqid( '', true );
		$this->config = $this->dir . '/public/wp-config.php';
		mkdir( $this->dir . '/public/wp-content', 0755, true );
		$this->use_fixture( 'default-install.php' );
	}

	protected function tear_down() {
		wp_clear_scheduled_hook( Debug_Mode::CRON_HOOK );
		$this->remove_tree( $this->dir );
	}

	private function record() {
		return ( new Debug_Record( new Network_Storage() ) )->get();
	}

	private function store( $record ) {
		( new Debug_Record( new Network_Storage() ) )->save( $record );
	}

	private function auto_revert() {
		return new Debug_Auto_Revert(
			new Debug_Record( new Network_Storage() ),
			function () {
				return $this->mode();
			}
		);
	}

	private function use_fixture( $name ) {
		file_put_contents( $this->config, Config_Fixtures::source( $name ) );
	}

	private function mode() {
		$private = new Private_Directory( $this->dir . '/public', $this->dir . '/public/wp-content' );
		$locator = new Config_Locator(
			$this->dir . '/public/',
			function ( $path ) {
				return is_dir( $path ) ? true : $this->file_writable;
			}
		);
		return new Debug_Mode(
			new Config_File( $locator, new Atomic_Writer(), $private ),
			new Config_Parser(),
			$private,
			new Debug_Record( new Network_Storage() ),
			function () {
				return array(
					'status' => $this->loopback_status,
					'broken' => $this->loopback_status >= 500,
					'error'  => null,
					'ms'     => 3,
				);
			},
			function ( $name ) {
				return array(
					'defined' => array_key_exists( $name, $this->runtime ),
					'value'   => isset( $this->runtime[ $name ] ) ? $this->runtime[ $name ] : null,
				);
			}
		);
	}

	public function test_log_privately_then_off_restores_the_file_byte_for_byte() {
		$original = file_get_contents( $this->config );
		$mode     = $this->mode();

		$result = $mode->apply( 'log', HOUR_IN_SECONDS, false );

		$this->assertIsArray( $result, is_wp_error( $result ) ? $result->get_error_message() : '' );
		$this->assertFalse( $result['dry_run'] );
		$this->assertSame( 200, $result['loopback']['status'] );
		$new = file_get_contents( $this->config );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $new );
		$this->assertStringContainsString( "define( 'WP_DEBUG_DISPLAY', false );", $new );
		$record = $this->record();
		$this->assertSame( 'log', $record['profile'] );
		$this->assertMatchesRegularExpression( '#^' . preg_quote( $this->dir, '#' ) . '/triage-private/debug-[0-9a-f]{32}\.log$#', $record['log_file'], 'The log lives outside the web root, under a random name.' );
		$this->assertStringContainsString( "define( 'WP_DEBUG_LOG', '" . $record['log_file'] . "' );", $new );
		$this->assertSame( $original, file_get_contents( $record['backup'] ), 'The backup holds the original.' );
		$this->assertStringStartsWith( $this->dir . '/triage-private/', $record['backup'] );
		$this->assertSame( $record['expires_at'], wp_next_scheduled( Debug_Mode::CRON_HOOK ) );
		$this->assertEqualsWithDelta( time() + HOUR_IN_SECONDS, $record['expires_at'], 5 );
		global $wpdb;
		$this->assertTrue( is_multisite() || in_array( $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM $wpdb->options WHERE option_name = %s", Debug_Mode::OPTION ) ), array( 'yes', 'on' ), true ), 'The record is autoloaded.' );

		$off = $mode->apply( 'off', 0, false );

		$this->assertIsArray( $off );
		$this->assertSame( bin2hex( $original ), bin2hex( file_get_contents( $this->config ) ) );
		$this->assertNull( $this->record() );
		$this->assertFalse( wp_next_scheduled( Debug_Mode::CRON_HOOK ) );
	}

	public function test_switching_log_to_developer_and_off_keeps_the_original_lines() {
		$this->use_fixture( 'odd-spacing-crlf.php' );
		$original = file_get_contents( $this->config );
		$mode     = $this->mode();

		$this->assertIsArray( $mode->apply( 'log', HOUR_IN_SECONDS, false ) );
		$log_file = $this->record()['log_file'];
		$dev      = $mode->apply( 'developer', 2 * HOUR_IN_SECONDS, false );
		$this->assertIsArray( $dev, is_wp_error( $dev ) ? $dev->get_error_message() : '' );
		$this->assertSame( 'developer', $this->record()['profile'] );
		$this->assertSame( $log_file, $this->record()['log_file'], 'The private log stays the same file.' );
		$this->assertStringContainsString( "define( 'SAVEQUERIES', true );", file_get_contents( $this->config ) );
		$this->assertSame( 1, substr_count( file_get_contents( $this->config ), "'WP_DEBUG_DISPLAY'" ) );

		$this->assertIsArray( $mode->revert( false ) );
		$this->assertSame( bin2hex( $original ), bin2hex( file_get_contents( $this->config ) ) );
	}

	public function test_only_the_newest_backups_are_kept() {
		$mode = $this->mode();
		for ( $i = 0; $i < 7; $i++ ) {
			$this->assertIsArray( $mode->apply( 'log', HOUR_IN_SECONDS, false ) );
			$this->assertIsArray( $mode->revert( false ) );
		}
		$backups = glob( $this->dir . '/triage-private/wp-config.php.*.bak' );
		// Each backup holds the database password: a few suffice to undo the last changes.
		$this->assertCount( 3, $backups );
		$this->assertCount( Config_File::KEEP_BACKUPS, $backups );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", file_get_contents( end( $backups ) ), 'The newest backup is the file before the last write.' );
	}

	public function test_a_dry_run_plans_and_writes_nothing() {
		$before = file_get_contents( $this->config );
		$result = $this->mode()->apply( 'developer', HOUR_IN_SECONDS, true );
		$this->assertTrue( $result['dry_run'] );
		$this->assertSame( array( 'WP_DEBUG', 'WP_DEBUG_LOG', 'WP_DEBUG_DISPLAY', 'SCRIPT_DEBUG', 'SAVEQUERIES' ), wp_list_pluck( $result['changes'], 'name' ) );
		$this->assertSame( "define( 'WP_DEBUG', false );", $result['changes'][0]['before'] );
		$this->assertSame( "define( 'WP_DEBUG', true );", $result['changes'][0]['after'] );
		$this->assertNull( $result['changes'][1]['before'] );
		$this->assertSame( $before, file_get_contents( $this->config ) );
		$this->assertNull( $this->record() );
		$this->assertDirectoryDoesNotExist( $this->dir . '/triage-private' );
	}

	public function test_a_5xx_after_the_change_rolls_back() {
		$original              = file_get_contents( $this->config );
		$this->loopback_status = 500;

		$result = $this->mode()->apply( 'log', HOUR_IN_SECONDS, false );

		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_config_rolled_back', $result->get_error_code() );
		$this->assertStringContainsString( '500', $result->get_error_message() );
		$this->assertSame( bin2hex( $original ), bin2hex( file_get_contents( $this->config ) ) );
		$this->assertNull( $this->record() );
		$this->assertFalse( wp_next_scheduled( Debug_Mode::CRON_HOOK ) );
	}

	public function test_a_read_only_file_is_left_alone_with_lines_to_add_by_hand() {
		$this->file_writable = false;
		$before              = file_get_contents( $this->config );
		$mtime               = filemtime( $this->config );

		$result = $this->mode()->apply( 'log', HOUR_IN_SECONDS, false );

		$this->assertSame( 'triage_config_read_only', $result->get_error_code() );
		$this->assertStringContainsString( 'read-only', $result->get_error_message() );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $result->get_error_data()['manual'] );
		$this->assertSame( $before, file_get_contents( $this->config ) );
		$this->assertSame( $mtime, filemtime( $this->config ) );
		$state = $this->mode()->state();
		$this->assertFalse( $state['file']['writable'] );
		$this->assertFalse( $state['profiles'][0]['available'] );
	}

	public function test_a_foreign_definition_is_refused_and_nothing_changes() {
		$this->use_fixture( 'define-inside-if.php' );
		$before = file_get_contents( $this->config );

		$result = $this->mode()->apply( 'log', HOUR_IN_SECONDS, false );

		$this->assertSame( 'triage_config_foreign', $result->get_error_code() );
		$this->assertStringContainsString( 'inside a condition', $result->get_error_message() );
		$this->assertSame( $before, file_get_contents( $this->config ) );
		$this->assertDirectoryDoesNotExist( $this->dir . '/triage-private' );
		$state = $this->mode()->state();
		$this->assertSame( 'conditional', $state['constants'][0]['status'] );
		$this->assertSame( 'conditional', $state['profiles'][0]['blockers'][0]['status'] );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $state['profiles'][0]['manual'] );
	}

	public function test_a_constant_set_outside_wp_config_blocks_the_profile() {
		$this->runtime = array( 'SAVEQUERIES' => true );
		$state         = $this->mode()->state();
		$this->assertSame( 'elsewhere', $state['constants'][4]['source'] );
		$this->assertTrue( $state['profiles'][0]['available'] );
		$this->assertFalse( $state['profiles'][1]['available'] );
		$result = $this->mode()->apply( 'developer', HOUR_IN_SECONDS, false );
		$this->assertSame( 'triage_config_foreign', $result->get_error_code() );
	}

	public function test_state_says_where_each_value_is_defined() {
		$this->runtime = array(
			'WP_DEBUG_DISPLAY' => true,
			'SCRIPT_DEBUG'     => false,
		);
		$state         = $this->mode()->state();
		$this->assertTrue( $state['file']['found'] );
		$this->assertSame( $this->config, $state['file']['path'] );
		$this->assertSame( 'off', $state['profile'] );
		$this->assertNull( $state['active'] );
		$by_name = array_column( $state['constants'], null, 'name' );
		$this->assertSame( 'wp-config', $by_name['WP_DEBUG']['source'] );
		$this->assertSame( 'false', $by_name['WP_DEBUG']['value'] );
		$this->assertSame( 54, $by_name['WP_DEBUG']['line'] );
		$this->assertSame( 'default', $by_name['WP_DEBUG_DISPLAY']['source'] );
		$this->assertSame( 'true', $by_name['WP_DEBUG_DISPLAY']['value'] );
		$this->assertSame( 'default', $by_name['SAVEQUERIES']['source'] );
		$this->assertNull( $by_name['SAVEQUERIES']['value'] );
	}

	public function test_the_auto_revert_fires_when_expired_even_without_cron() {
		$original = file_get_contents( $this->config );
		$mode     = $this->mode();
		$mode->apply( 'log', MINUTE_IN_SECONDS, false );

		$mode->maybe_expire();
		$this->assertNotNull( $this->record(), 'Not expired yet.' );

		$record               = $this->record();
		$record['expires_at'] = time() - 1;
		$this->store( $record );
		wp_clear_scheduled_hook( Debug_Mode::CRON_HOOK ); // WP-Cron is dead.
		$mode->maybe_expire();

		$this->assertNull( $this->record() );
		$this->assertSame( $original, file_get_contents( $this->config ) );
	}

	public function test_only_a_network_deactivation_reverts_the_network_wide_debug_profile() {
		$original = file_get_contents( $this->config );
		$this->assertIsArray( $this->mode()->apply( 'log', HOUR_IN_SECONDS, false ) );
		$this->auto_revert()->deactivate( false );
		if ( is_multisite() ) {
			// A site administrator deactivating Triage on one site must not switch off the network's profile.
			$this->assertNotNull( $this->record() );
			$this->assertNotSame( $original, file_get_contents( $this->config ) );
			$this->auto_revert()->deactivate( true );
		}
		$this->assertNull( $this->record() );
		$this->assertSame( $original, file_get_contents( $this->config ) );
	}

	public function test_a_file_edited_by_hand_meanwhile_is_not_overwritten() {
		$mode = $this->mode();
		$mode->apply( 'log', MINUTE_IN_SECONDS, false );
		$edited = str_replace( "define( 'WP_DEBUG', true );", "define( 'WP_DEBUG', 1 );", file_get_contents( $this->config ) );
		file_put_contents( $this->config, $edited );

		$result = $mode->revert( false );

		$this->assertSame( 'triage_config_changed', $result->get_error_code() );
		$this->assertSame( $edited, file_get_contents( $this->config ) );
		$this->assertNotEmpty( $this->record()['failed'] );
		$record               = $this->record();
		$record['expires_at'] = time() - 1;
		$this->store( $record );
		$mode->maybe_expire();
		$this->assertSame( $edited, file_get_contents( $this->config ), 'A failed revert is not retried automatically.' );
	}

	public function test_expiry_bounds_and_the_test_filter() {
		$mode   = $this->mode();
		$expiry = new Debug_Expiry();
		$this->assertSame( 60, $expiry->min() );
		$this->assertSame( 'triage_debug_expiry', $mode->apply( 'log', 30, true )->get_error_code() );
		$this->assertSame( 'triage_debug_expiry', $mode->apply( 'log', DAY_IN_SECONDS + 1, true )->get_error_code() );
		add_filter(
			'triage_debug_min_expiry',
			static function () {
				return 1;
			}
		);
		$this->assertSame( 10, $expiry->min(), 'Never below 10 seconds.' );
		$this->assertIsArray( $mode->apply( 'log', 10, true ) );
	}

	public function test_a_missing_file_is_reported() {
		unlink( $this->config );
		$this->assertSame( 'triage_config_not_found', $this->mode()->apply( 'log', HOUR_IN_SECONDS, false )->get_error_code() );
		$this->assertFalse( $this->mode()->state()['file']['found'] );
		$this->assertSame( 'triage_debug_not_active', $this->mode()->revert( false )->get_error_code() );
	}

	public function test_a_file_that_does_not_parse_is_not_touched() {
		file_put_contents( $this->config, "<?php\ndefine( 'WP_DEBUG', false )\ndefine( 'X', 1 );\n" );
		$result = $this->mode()->apply( 'log', HOUR_IN_SECONDS, false );
		$this->assertSame( 'triage_config_invalid', $result->get_error_code() );
		$this->assertSame( "<?php\ndefine( 'WP_DEBUG', false )\ndefine( 'X', 1 );\n", file_get_contents( $this->config ) );
	}

	public function test_the_config_one_level_up_is_found_like_wordpress_does() {
		rename( $this->config, $this->dir . '/wp-config.php' );
		$this->assertSame( $this->dir . '/wp-config.php', ( new Config_Locator( $this->dir . '/public/' ) )->locate()['path'] );
		touch( $this->dir . '/wp-settings.php' ); // The parent is another WordPress install: not ours.
		$this->assertFalse( ( new Config_Locator( $this->dir . '/public/' ) )->locate()['found'] );
	}

	public function test_the_locator_reports_symlinks_owner_and_mode() {
		rename( $this->config, $this->dir . '/real-config.php' );
		symlink( $this->dir . '/real-config.php', $this->config );
		chmod( $this->dir . '/real-config.php', 0640 );
		$file = ( new Config_Locator( $this->dir . '/public/' ) )->locate();
		$this->assertTrue( $file['symlink'] );
		$this->assertSame( $this->dir . '/real-config.php', $file['real_path'] );
		$this->assertSame( '0640', $file['permissions'] );
		$this->assertNotSame( '', $file['owner'] );
		$this->assertIsArray( $this->mode()->apply( 'log', HOUR_IN_SECONDS, false ) );
		$this->assertTrue( is_link( $this->config ), 'The symlink survives the write.' );
		$this->assertStringContainsString( "'WP_DEBUG', true", file_get_contents( $this->dir . '/real-config.php' ) );
	}

	private function remove_tree( string $dir ): void {
		if ( ! is_dir( $dir ) ) {
			return;
		}
		$items = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $dir, FilesystemIterator::SKIP_DOTS ), RecursiveIteratorIterator::CHILD_FIRST );
		foreach ( $items as $item ) {
			if ( $item->isDir() && ! $item->isLink() ) {
				rmdir( $item->getPathname() );
			} else {
				unlink( $item->getPathname() );
			}
		}
		rmdir( $dir );
	}
}
