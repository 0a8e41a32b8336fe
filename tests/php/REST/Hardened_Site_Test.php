<?php
/**
 * Security review finding 5: a site that forbids administrators to change files (DISALLOW_FILE_MODS,
 * DISALLOW_FILE_EDIT) gets no file written by Triage.
 *
 * @package Triage
 */

use Triage\Capabilities;
use Triage\Files\Atomic_Writer;
use Triage\Files\File_Mods;
use Triage\Logs\Log_Sources;
use Triage\Safe_Mode\Loader_Installer;

require_once dirname( __DIR__ ) . '/Config/Config_Scratch.php';
require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';

/**
 * DISALLOW_FILE_MODS is simulated with core's file_mod_allowed filter (what wp_is_file_mod_allowed()
 * returns with the constant set); DISALLOW_FILE_EDIT, a constant for good, in a process of its own.
 */
class Hardened_Site_Test extends Triage_REST_TestCase {

	/**
	 * Scratch site.
	 *
	 * @var Config_Scratch|null
	 */
	private $site;

	protected function set_up() {
		$this->log_in_as_site_owner();
	}

	protected function tear_down() {
		if ( null !== $this->site ) {
			$this->site->remove();
		}
	}

	/**
	 * Hardens the site: wp_is_file_mod_allowed() says no in every context, as with DISALLOW_FILE_MODS.
	 *
	 * @return void
	 */
	private function disallow_file_mods(): void {
		add_filter( 'file_mod_allowed', '__return_false' );
	}

	/**
	 * A site owner given Triage's configure action back by the filter, so the write itself is tested.
	 *
	 * @return void
	 */
	private function grant_configure_by_filter(): void {
		add_filter(
			'triage_configure_capability',
			static function () {
				return is_multisite() ? 'manage_network_options' : 'manage_options';
			}
		);
	}

	public function test_the_configure_capability_is_one_core_removes_on_hardened_sites() {
		$capabilities = new Capabilities();
		$this->assertSame( 'edit_files', $capabilities->capability( Capabilities::CONFIGURE ) );
		$this->assertTrue( $capabilities->can( Capabilities::CONFIGURE ) );

		$this->disallow_file_mods();

		$this->assertFalse( $capabilities->can( Capabilities::CONFIGURE ) );
		$this->assertTrue( $capabilities->can( Capabilities::VIEW ), 'Reading diagnostics stays.' );
		$response = $this->dispatch(
			'POST',
			'/triage/v1/debug/profile',
			array(
				'profile' => 'log',
				'dry_run' => true,
			)
		);
		$this->assert_error_response( 403, 'rest_forbidden', $response );
		$this->assertStringContainsString( 'DISALLOW_FILE_MODS is set', $response->get_data()['message'] );
		$this->assertSame( 200, $this->dispatch( 'GET', '/triage/v1/debug' )->get_status() );
	}

	public function test_multisite_keeps_the_configure_default_network_level() {
		if ( ! is_multisite() ) {
			$this->markTestSkipped( 'Multisite only.' );
		}
		$this->log_in_as( 'administrator' );
		$this->assertFalse( ( new Capabilities() )->can( Capabilities::CONFIGURE ), 'A site administrator is not a super admin.' );
	}

	public function test_wp_config_is_not_written_and_the_lines_come_back_to_change_by_hand() {
		$this->site = new Config_Scratch();
		$before     = file_get_contents( $this->site->config );
		$this->disallow_file_mods();

		$plan   = $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, true );
		$result = $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, false );

		foreach ( array( $plan, $result ) as $error ) {
			$this->assertInstanceOf( WP_Error::class, $error );
			$this->assertSame( 'triage_file_mods_disallowed', $error->get_error_code() );
			$this->assertSame( 409, $error->get_error_data()['status'] );
			$this->assertStringContainsString( 'DISALLOW_FILE_MODS is set', $error->get_error_message() );
			$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $error->get_error_data()['manual'] );
		}
		$this->assertSame( $before, file_get_contents( $this->site->config ) );
		$this->assertDirectoryDoesNotExist( $this->site->dir . '/triage-private', 'Not even the private folder is created.' );
		$this->assertNull( $this->site->record() );
		$state = $this->site->mode()->state();
		$this->assertSame( 'DISALLOW_FILE_MODS', $state['file']['disallowed_by'] );
		$this->assertFalse( $state['profiles'][0]['available'] );
	}

	public function test_a_profile_on_before_the_site_was_hardened_is_not_reverted_by_triage() {
		$this->site = new Config_Scratch();
		$this->assertIsArray( $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, false ) );
		$on = file_get_contents( $this->site->config );
		$this->disallow_file_mods();

		$result = $this->site->mode()->revert( false );

		$this->assertSame( 'triage_file_mods_disallowed', $result->get_error_code() );
		$this->assertStringContainsString( "replace define( 'WP_DEBUG', true ); with define( 'WP_DEBUG', false );", $result->get_error_data()['manual'] );
		$this->assertMatchesRegularExpression( "/Line \\d+: remove define\\( 'WP_DEBUG_LOG'/", $result->get_error_data()['manual'] );
		$this->assertSame( $on, file_get_contents( $this->site->config ) );
		$this->assertNotEmpty( $this->site->record()['failed'], 'The automatic revert stops retrying.' );
	}

	public function test_a_log_is_not_archived() {
		$this->grant_configure_by_filter();
		$dir  = Log_Fixtures::dir();
		$path = Log_Fixtures::write( 'debug.log', Log_Fixtures::line( 'PHP Notice:  hi in /a.php on line 1' ), $dir );
		update_option( Log_Sources::OPTION, array( $path ) );
		$id = Log_Sources::custom_id( $path );
		$this->disallow_file_mods();

		foreach ( array( array( 'dry_run' => true ), array( 'confirm' => true ) ) as $params ) {
			$response = $this->dispatch( 'POST', "/triage/v1/logs/$id/archive", $params );
			$this->assert_error_response( 409, 'triage_file_mods_disallowed', $response );
			$this->assertStringContainsString( 'does not archive or clear the log', $response->get_data()['message'] );
			$this->assertStringContainsString( $path, $response->get_data()['data']['manual'] );
		}
		$this->assertSame( array( 'debug.log' ), array_values( array_diff( scandir( $dir ), array( '.', '..' ) ) ) );
		$this->assertNotSame( '', file_get_contents( $path ) );
	}

	public function test_the_must_use_loader_is_not_installed() {
		$mu        = Log_Fixtures::dir() . '/mu-plugins';
		$installer = new Loader_Installer( new Atomic_Writer(), $mu, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', 'triage/plugin.php' );
		$this->disallow_file_mods();

		$result = $installer->install();

		$this->assertSame( 'triage_file_mods_disallowed', $result->get_error_code() );
		$this->assertSame( 409, $result->get_error_data()['status'] );
		$this->assertStringContainsString( 'does not install its safe mode loader', $result->get_error_message() );
		$this->assertSame( $installer->manual(), $result->get_error_data()['manual'] );
		$this->assertDirectoryDoesNotExist( $mu );
		$this->assertFalse( $installer->status()['writable'] );
	}

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_disallow_file_edit_stops_edits_but_not_the_loader() {
		define( 'DISALLOW_FILE_EDIT', true );
		$this->assertSame( 'DISALLOW_FILE_EDIT', File_Mods::disallowed_by( File_Mods::CONFIG ) );
		$this->assertSame( 'DISALLOW_FILE_EDIT', File_Mods::disallowed_by( File_Mods::LOGS ) );
		$this->assertNull( File_Mods::disallowed_by( File_Mods::LOADER ), 'Core still installs plugins with only the editor off.' );
		$this->assertFalse( ( new Capabilities() )->can( Capabilities::CONFIGURE ) );
		$this->site = new Config_Scratch();
		$before     = file_get_contents( $this->site->config );
		$this->assertSame( 'triage_file_mods_disallowed', $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, false )->get_error_code() );
		$this->assertSame( $before, file_get_contents( $this->site->config ) );
	}
}
