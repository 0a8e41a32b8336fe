<?php
/**
 * The loader is installed, updated and removed atomically, and the unwritable case says what to do.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';

use Triage\Files\Atomic_Writer;
use Triage\Safe_Mode\Loader_Installer;

/**
 * Installs into temp folders, never into the shared WordPress.
 */
class Loader_Installer_Test extends Safe_Mode_Test_Case {

	/**
	 * An installer for a temp mu-plugins folder.
	 *
	 * @param string $mu_dir   Folder.
	 * @param string $basename Triage's basename.
	 * @return Loader_Installer
	 */
	private function installer( $mu_dir, $basename = 'triage-main/plugin.php' ) {
		return new Loader_Installer( new Atomic_Writer(), $mu_dir, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', $basename );
	}

	public function test_install_writes_a_valid_loader_with_the_real_basename() {
		$mu        = $this->temp_dir() . '/mu-plugins';
		$installer = $this->installer( $mu );
		$this->assertFalse( $installer->status()['installed'] );
		$result = $installer->install();
		$this->assertIsArray( $result );
		$this->assertFileExists( $mu . '/triage-loader.php' );
		$written = file_get_contents( $mu . '/triage-loader.php' );
		$this->assertStringContainsString( "const PLUGIN_BASENAME = 'triage-main/plugin.php';", $written );
		$this->assertSame( Triage_Safe_Mode_Loader::VERSION, $installer->installed_version() );
		$this->assertSame( Triage_Safe_Mode_Loader::VERSION, get_site_option( Loader_Installer::VERSION_OPTION ) );
		$this->assertTrue( $installer->status()['current'] );
		exec( escapeshellarg( PHP_BINARY ) . ' -l ' . escapeshellarg( $mu . '/triage-loader.php' ) . ' 2>&1', $output, $status );
		$this->assertSame( 0, $status, implode( "\n", $output ) );
		$this->assertSame( array(), glob( $mu . '/.*.tmp' ), 'No temp file left behind.' );
	}

	public function test_an_old_version_is_replaced_when_the_version_changes() {
		$mu = $this->temp_dir();
		file_put_contents( $mu . '/triage-loader.php', "<?php\n/**\n * Plugin Name: Triage safe mode loader\n * Version: 0.0.1\n */\n// final class Triage_Safe_Mode_Loader\n" );
		update_site_option( Loader_Installer::VERSION_OPTION, '0.0.1' );
		$installer = $this->installer( $mu );
		$this->assertFalse( $installer->status()['current'] );
		$installer->maybe_update();
		$this->assertSame( Triage_Safe_Mode_Loader::VERSION, $installer->installed_version() );
		$this->assertTrue( $installer->status()['current'] );
	}

	public function test_an_up_to_date_loader_is_not_rewritten() {
		$mu        = $this->temp_dir();
		$installer = $this->installer( $mu );
		$installer->install();
		touch( $mu . '/triage-loader.php', 1000000000 );
		clearstatcache();
		$installer->maybe_update();
		clearstatcache();
		$this->assertSame( 1000000000, filemtime( $mu . '/triage-loader.php' ) );
	}

	public function test_activation_creates_the_signing_secret_and_installs() {
		delete_site_option( Triage_Safe_Mode_Loader::SECRET_OPTION );
		$mu = $this->temp_dir();
		$this->installer( $mu )->on_activation();
		$this->assertMatchesRegularExpression( '/^[a-f0-9]{64}$/', get_site_option( Triage_Safe_Mode_Loader::SECRET_OPTION ) );
		$this->assertFileExists( $mu . '/triage-loader.php' );
	}

	public function test_only_a_network_deactivation_removes_the_network_wide_loader() {
		$mu        = $this->temp_dir();
		$installer = $this->installer( $mu );
		$installer->install();
		$installer->on_deactivation( false );
		if ( is_multisite() ) {
			// A site administrator deactivating Triage on one site must not break a super admin's rescue link.
			$this->assertFileExists( $mu . '/triage-loader.php' );
			$this->assertSame( Triage_Safe_Mode_Loader::VERSION, get_site_option( Loader_Installer::VERSION_OPTION ) );
			$installer->on_deactivation( true );
		}
		$this->assertFileDoesNotExist( $mu . '/triage-loader.php' );
	}

	public function test_remove_deletes_our_loader_but_not_a_stranger_file() {
		$mu        = $this->temp_dir();
		$installer = $this->installer( $mu );
		$installer->install();
		$this->assertTrue( $installer->remove() );
		$this->assertFileDoesNotExist( $mu . '/triage-loader.php' );
		$this->assertFalse( get_site_option( Loader_Installer::VERSION_OPTION ) );

		file_put_contents( $mu . '/triage-loader.php', "<?php\n// Someone else's.\n" );
		$this->assertFalse( $installer->remove() );
		$this->assertFileExists( $mu . '/triage-loader.php' );
	}

	public function test_an_unwritable_folder_says_exactly_what_to_copy_where() {
		$blocker = $this->temp_dir() . '/not-a-folder';
		file_put_contents( $blocker, 'x' );
		$installer = $this->installer( $blocker . '/mu-plugins' );
		$result    = $installer->install();
		$this->assertWPError( $result );
		$this->assertSame( 'triage_loader_not_writable', $result->get_error_code() );
		$data = $result->get_error_data();
		$this->assertSame( 409, $data['status'] );
		$this->assertStringContainsString( TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', $data['manual'] );
		$this->assertStringContainsString( $blocker . '/mu-plugins/triage-loader.php', $data['manual'] );
		$this->assertStringContainsString( "'triage-main/plugin.php'", $data['manual'], 'A renamed plugin folder is named in the instructions.' );
		$this->assertFalse( $installer->status()['installed'] );
	}

	public function test_a_failed_write_leaves_the_old_loader_intact() {
		$mu  = $this->temp_dir();
		$old = "<?php\n/**\n * Version: 0.0.1\n */\n// final class Triage_Safe_Mode_Loader\n";
		file_put_contents( $mu . '/triage-loader.php', $old );
		$writer    = new Atomic_Writer(
			static function ( $step ) {
				if ( Atomic_Writer::STEP_BEFORE_RENAME === $step ) {
					throw new RuntimeException( 'simulated crash' );
				}
			}
		);
		$installer = new Loader_Installer( $writer, $mu, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', 'triage/plugin.php' );
		$this->assertWPError( $installer->install() );
		$this->assertSame( $old, file_get_contents( $mu . '/triage-loader.php' ) );
	}

	/**
	 * Asserts a WP_Error.
	 *
	 * @param mixed $actual Value.
	 * @return void
	 */
	private function assertWPError( $actual ) {
		$this->assertInstanceOf( WP_Error::class, $actual );
	}
}
