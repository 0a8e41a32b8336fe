<?php
/**
 * The private folder is really outside what the web server serves, and stays where it was first put.
 *
 * @package Triage
 */

use Triage\Files\Private_Directory;

/**
 * Security review finding 12: under WP-CLI or system cron, and on symlinked, Bedrock and subdirectory
 * installs, the "outside the web root" folder landed inside the document root.
 */
class Private_Directory_Test extends WP_UnitTestCase {

	/**
	 * Scratch directory (real path).
	 *
	 * @var string
	 */
	private $dir;

	/**
	 * $_SERVER['DOCUMENT_ROOT'] before the test.
	 *
	 * @var mixed
	 */
	private $docroot;

	protected function set_up() {
		$this->dir = sys_get_temp_dir() . '/triage-private-' . uniqid( '', true );
		mkdir( $this->dir, 0755, true );
		$this->dir     = realpath( $this->dir );
		$this->docroot = isset( $_SERVER['DOCUMENT_ROOT'] ) ? $_SERVER['DOCUMENT_ROOT'] : null;
	}

	protected function tear_down() {
		if ( null === $this->docroot ) {
			unset( $_SERVER['DOCUMENT_ROOT'] );
		} else {
			$_SERVER['DOCUMENT_ROOT'] = $this->docroot;
		}
		$this->remove_tree( $this->dir );
	}

	/**
	 * Makes directories under the scratch directory.
	 *
	 * @param string ...$paths Relative paths.
	 * @return void
	 */
	private function mkdirs( ...$paths ) {
		foreach ( $paths as $path ) {
			mkdir( $this->dir . '/' . $path, 0755, true );
		}
	}

	public function test_without_a_document_root_the_web_root_is_unknown() {
		unset( $_SERVER['DOCUMENT_ROOT'] );
		$this->assertSame( '', Private_Directory::detect_web_root(), 'WP-CLI and system cron cannot tell where the web root is.' );
		$_SERVER['DOCUMENT_ROOT'] = '';
		$this->assertSame( '', Private_Directory::detect_web_root() );
	}

	public function test_with_an_unknown_web_root_the_protected_fallback_is_used_not_the_parent_of_abspath() {
		// Bedrock: web/ is served, WordPress in web/wp, content in web/app. Under WP-CLI nothing says so.
		$this->mkdirs( 'project/web/wp', 'project/web/app' );
		$result = ( new Private_Directory( '', $this->dir . '/project/web/app' ) )->resolve();
		$this->assertIsArray( $result );
		$this->assertSame( $this->dir . '/project/web/app/triage-private', $result['path'] );
		$this->assertFalse( $result['outside_web_root'] );
		$this->assertFileExists( $result['path'] . '/.htaccess' );
		$this->assertFileDoesNotExist( $this->dir . '/project/web/triage-private' );
	}

	public function test_a_symlinked_document_root_is_compared_by_its_real_path() {
		// Subdirectory install behind a symlinked document root: /link -> /srv/site, WordPress in /srv/site/wp.
		$this->mkdirs( 'srv/site/wp/wp-content' );
		symlink( $this->dir . '/srv/site', $this->dir . '/link' );
		$root = Private_Directory::web_root_for( $this->dir . '/srv/site/wp', $this->dir . '/link' );
		$this->assertSame( $this->dir . '/srv/site', $root );
		$_SERVER['DOCUMENT_ROOT'] = $this->dir . '/link';
		$result                   = ( new Private_Directory( $root, $this->dir . '/srv/site/wp/wp-content' ) )->resolve();
		$this->assertSame( $this->dir . '/srv/triage-private', $result['path'] );
		$this->assertTrue( $result['outside_web_root'] );
	}

	public function test_a_folder_inside_the_document_root_is_never_called_outside() {
		// The web root passed in is WordPress's own folder, but the server serves its parent.
		$this->mkdirs( 'public/wp/wp-content' );
		$_SERVER['DOCUMENT_ROOT'] = $this->dir . '/public';
		$result                   = ( new Private_Directory( $this->dir . '/public/wp', $this->dir . '/public/wp/wp-content' ) )->resolve();
		$this->assertFalse( $result['outside_web_root'] );
		$this->assertSame( $this->dir . '/public/wp/wp-content/triage-private', $result['path'] );
		$this->assertFileDoesNotExist( $this->dir . '/public/triage-private' );
	}

	public function test_the_folder_chosen_on_a_web_request_is_remembered_for_cli_and_cron() {
		$this->mkdirs( 'site/public/wp-content' );
		$_SERVER['DOCUMENT_ROOT'] = $this->dir . '/site/public';
		$web                      = ( new Private_Directory( $this->dir . '/site/public', $this->dir . '/site/public/wp-content' ) )->resolve();
		$this->assertSame( $this->dir . '/site/triage-private', $web['path'] );
		$this->assertTrue( $web['outside_web_root'] );

		unset( $_SERVER['DOCUMENT_ROOT'] );
		$cli = new Private_Directory( '', $this->dir . '/site/public/wp-content' );
		$this->assertSame( $web, $cli->resolve(), 'WP-CLI writes where the web requests do.' );
		$this->assertSame( $web['path'], $cli->candidate() );
		$this->assertSame( $web['path'], Private_Directory::remembered() );
	}

	public function test_the_choice_is_remembered_network_wide_on_multisite_and_not_autoloaded_on_a_single_site() {
		global $wpdb;
		$this->mkdirs( 'net/public/wp-content' );
		$_SERVER['DOCUMENT_ROOT'] = $this->dir . '/net/public';
		$web                      = ( new Private_Directory( $this->dir . '/net/public', $this->dir . '/net/public/wp-content' ) )->resolve();
		if ( is_multisite() ) {
			$this->assertSame( $web, get_network_option( null, Private_Directory::REMEMBER_OPTION ) );
			$this->assertNull( $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM $wpdb->options WHERE option_name = %s", Private_Directory::REMEMBER_OPTION ) ), 'Not a per-site option.' );
			$site = wp_insert_site(
				array(
					'domain' => 'example.org',
					'path'   => '/private-dir/',
				)
			);
			$this->assertIsInt( $site );
			switch_to_blog( $site );
			$this->assertSame( $web['path'], Private_Directory::remembered(), 'Every site of the network sees the one folder.' );
			restore_current_blog();
			return;
		}
		// WordPress 6.6 writes 'off' where earlier versions wrote 'no'.
		$this->assertContains( $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM $wpdb->options WHERE option_name = %s", Private_Directory::REMEMBER_OPTION ) ), array( 'no', 'off' ), 'Read by file-writing requests only.' );
	}

	public function test_a_remembered_folder_that_vanished_is_chosen_again() {
		$this->mkdirs( 'a/public/wp-content' );
		$_SERVER['DOCUMENT_ROOT'] = $this->dir . '/a/public';
		$first                    = ( new Private_Directory( $this->dir . '/a/public', $this->dir . '/a/public/wp-content' ) )->resolve();
		$this->remove_tree( $this->dir . '/a' );
		$this->mkdirs( 'b/public/wp-content' );
		$_SERVER['DOCUMENT_ROOT'] = $this->dir . '/b/public';
		$second                   = ( new Private_Directory( $this->dir . '/b/public', $this->dir . '/b/public/wp-content' ) )->resolve();
		$this->assertSame( $this->dir . '/b/triage-private', $second['path'] );
	}

	/**
	 * Removes a directory tree.
	 *
	 * @param string $dir Directory.
	 * @return void
	 */
	private function remove_tree( $dir ) {
		if ( is_link( $dir ) || is_file( $dir ) ) {
			unlink( $dir );
			return;
		}
		if ( ! is_dir( $dir ) ) {
			return;
		}
		foreach ( scandir( $dir ) as $entry ) {
			if ( '.' !== $entry && '..' !== $entry ) {
				$this->remove_tree( $dir . '/' . $entry );
			}
		}
		rmdir( $dir );
	}
}
