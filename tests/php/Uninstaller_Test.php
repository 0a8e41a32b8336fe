<?php
/**
 * Uninstall removes what Triage stored, and nothing else.
 *
 * @package Triage
 */

use Triage\Cron\Cron_Heartbeat;
use Triage\Cron\Event_Runner;
use Triage\Uninstaller;

/**
 * Uninstall clean-up.
 */
class Uninstaller_Test extends WP_UnitTestCase {

	public function test_removes_triage_options_transients_and_user_meta_only() {
		$user_id = self::factory()->user->create();
		add_option( 'triage_settings', array( 'a' => 1 ) );
		add_option( 'triage_log_paths', array( '/var/log/nginx/error.log' ) );
		set_transient( 'triage_health_cache', 'x', 60 );
		set_site_transient( 'triage_site_cache', 'x', 60 );
		update_user_meta( $user_id, 'triage_safe_mode', 'x' );
		add_option( 'not_triage', 'keep' );
		add_option( 'triagex', 'keep' );
		update_user_meta( $user_id, 'nickname_keep', 'keep' );

		( new Uninstaller() )->uninstall();
		wp_cache_flush();

		$this->assertFalse( get_option( 'triage_settings' ) );
		$this->assertFalse( get_option( 'triage_log_paths' ) );
		$this->assertFalse( get_transient( 'triage_health_cache' ) );
		$this->assertFalse( get_site_transient( 'triage_site_cache' ) );
		$this->assertSame( '', get_user_meta( $user_id, 'triage_safe_mode', true ) );
		$this->assertSame( 'keep', get_option( 'not_triage' ) );
		$this->assertSame( 'keep', get_option( 'triagex' ) );
		$this->assertSame( 'keep', get_user_meta( $user_id, 'nickname_keep', true ) );
	}

	public function test_removes_backups_and_private_logs_but_not_a_strangers_files() {
		$dir = sys_get_temp_dir() . '/triage-uninstall-' . uniqid( '', true );
		mkdir( $dir, 0700 );
		$private = static function () use ( $dir ) {
			return $dir;
		};
		add_filter( 'triage_private_directory', $private );
		try {
			$triage = array(
				'wp-config.php.20261202-014500123456-0123456789abcdef.bak',
				'wp-config.php.20261201-090000000001-fedcba9876543210.bak',
				'wp-config.php.20261202-020000000002-0123456789abcdef0123456789abcdef.bak',
				'debug-0123456789abcdef0123456789abcdef.log',
				'debug-0123456789abcdef0123456789abcdef.log.20261202-014500-0123456789abcdef0123456789abcdef',
			);
			foreach ( $triage as $name ) {
				file_put_contents( $dir . '/' . $name, "define( 'DB_PASSWORD', 'secret' );\n" );
			}
			( new Triage\Files\Private_Directory( '', WP_CONTENT_DIR ) )->resolve();
			$this->assertFileExists( $dir . '/.htaccess' );
			file_put_contents( $dir . '/notes.txt', 'not Triage\'s' );

			( new Uninstaller() )->uninstall();

			foreach ( $triage as $name ) {
				$this->assertFileDoesNotExist( $dir . '/' . $name, 'A backup of wp-config.php holds the database password.' );
			}
			$this->assertFileExists( $dir . '/notes.txt', 'Only Triage\'s own files go.' );
			$this->assertFileExists( $dir . '/.htaccess', 'The folder still holds someone\'s file: its guard stays.' );

			unlink( $dir . '/notes.txt' );
			( new Uninstaller() )->uninstall();
			$this->assertDirectoryDoesNotExist( $dir, 'An emptied private folder is removed.' );
		} finally {
			remove_filter( 'triage_private_directory', $private );
			foreach ( is_dir( $dir ) ? scandir( $dir ) : array() as $entry ) {
				if ( '.' !== $entry && '..' !== $entry ) {
					unlink( $dir . '/' . $entry );
				}
			}
			if ( is_dir( $dir ) ) {
				rmdir( $dir );
			}
		}
	}

	public function test_removes_the_remembered_private_folder_too() {
		$root = sys_get_temp_dir() . '/triage-uninstall-' . uniqid( '', true );
		mkdir( $root . '/public/wp-content', 0755, true );
		$server                   = isset( $_SERVER['DOCUMENT_ROOT'] ) ? $_SERVER['DOCUMENT_ROOT'] : null;
		$_SERVER['DOCUMENT_ROOT'] = $root . '/public';
		$chosen                   = ( new Triage\Files\Private_Directory( $root . '/public', $root . '/public/wp-content' ) )->resolve();
		unset( $_SERVER['DOCUMENT_ROOT'] );
		try {
			$this->assertSame( realpath( $root ) . '/triage-private', $chosen['path'] );
			file_put_contents( $chosen['path'] . '/wp-config.php.20261202-014500123456-0123456789abcdef.bak', 'x' );
			( new Uninstaller() )->uninstall();
			$this->assertDirectoryDoesNotExist( $chosen['path'] );
		} finally {
			if ( null !== $server ) {
				$_SERVER['DOCUMENT_ROOT'] = $server;
			}
			foreach ( array( $chosen['path'], $root . '/public/wp-content', $root . '/public', $root ) as $dir ) {
				foreach ( is_dir( $dir ) ? scandir( $dir ) : array() as $entry ) {
					if ( is_file( $dir . '/' . $entry ) ) {
						unlink( $dir . '/' . $entry );
					}
				}
				if ( is_dir( $dir ) ) {
					rmdir( $dir );
				}
			}
		}
	}

	public function test_removes_network_options_on_multisite() {
		if ( ! is_multisite() ) {
			$this->assertFalse( is_multisite(), 'Single site: network options do not exist.' );
			return;
		}
		update_site_option( 'triage_network_settings', 'x' );
		update_site_option( 'other_network_setting', 'keep' );
		( new Uninstaller() )->uninstall();
		wp_cache_flush();
		$this->assertFalse( get_site_option( 'triage_network_settings' ) );
		$this->assertSame( 'keep', get_site_option( 'other_network_setting' ) );
	}

	/**
	 * The heartbeat's event and its history, and the run log, go on every site; other events stay.
	 */
	public function test_removes_the_heartbeat_and_cron_runs_on_every_site() {
		$sites = array( get_current_blog_id() );
		if ( is_multisite() ) {
			$sites[] = wp_insert_site(
				array(
					'domain' => 'example.org',
					'path'   => '/uninstall-cron/',
				)
			);
		}
		foreach ( $sites as $site ) {
			$this->on_site(
				$site,
				static function () {
					wp_schedule_event( time() + 60, 'hourly', Cron_Heartbeat::HOOK );
					wp_schedule_single_event( time() + 60, 'not_triage_event' );
					update_option( Cron_Heartbeat::OPTION, array( 'installed' => time() ), false );
					update_option( Event_Runner::OPTION, array( array( 'hook' => 'x' ) ), false );
				}
			);
		}

		( new Uninstaller() )->uninstall();
		wp_cache_flush();

		foreach ( $sites as $site ) {
			$this->on_site(
				$site,
				function () use ( $site ) {
					$this->assertFalse( wp_next_scheduled( Cron_Heartbeat::HOOK ), "site $site" );
					$this->assertNotFalse( wp_next_scheduled( 'not_triage_event' ), "site $site" );
					$this->assertFalse( get_option( Cron_Heartbeat::OPTION ), "site $site" );
					$this->assertFalse( get_option( Event_Runner::OPTION ), "site $site" );
					wp_clear_scheduled_hook( 'not_triage_event' );
				}
			);
		}
	}

	/**
	 * Runs code on a site (switching only on multisite).
	 *
	 * @param int      $site Site id.
	 * @param callable $code Code.
	 * @return void
	 */
	private function on_site( $site, callable $code ) {
		if ( is_multisite() ) {
			switch_to_blog( $site );
		}
		try {
			$code();
		} finally {
			if ( is_multisite() ) {
				restore_current_blog();
			}
		}
	}

	public function test_deactivation_unschedules_the_heartbeat() {
		wp_schedule_event( time() + 60, 'hourly', Cron_Heartbeat::HOOK );
		Cron_Heartbeat::deactivate( false );
		$this->assertFalse( wp_next_scheduled( Cron_Heartbeat::HOOK ) );
	}
}
