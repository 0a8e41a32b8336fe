<?php
/**
 * The private directory is only handed out with its guard files in place, written through Atomic_Writer.
 *
 * @package Triage
 */

use Triage\Files\Atomic_Writer;
use Triage\Files\Private_Directory;

/**
 * Private_Directory's guards (.htaccess, index.php) on the real file system, in a folder chosen with the
 * triage_private_directory filter.
 */
class Private_Directory_Guards_Test extends WP_UnitTestCase {

	/**
	 * Scratch directory; the private folder is chosen/ inside it.
	 *
	 * @var string
	 */
	private $dir;

	protected function set_up() {
		parent::set_up();
		$this->dir = sys_get_temp_dir() . '/triage-private-guards-' . uniqid( '', true );
		mkdir( $this->dir . '/public/wp-content', 0755, true );
		$chosen = $this->dir . '/chosen';
		add_filter(
			'triage_private_directory',
			static function () use ( $chosen ) {
				return $chosen;
			}
		);
	}

	protected function tear_down() {
		$this->remove_tree( $this->dir );
		parent::tear_down();
	}

	public function test_creates_the_folder_with_its_guards() {
		$result = ( new Private_Directory( $this->dir . '/public', $this->dir . '/public/wp-content' ) )->resolve();

		$this->assertIsArray( $result );
		$this->assertSame( $this->dir . '/chosen', $result['path'] );
		$this->assertStringContainsString( 'Require all denied', (string) file_get_contents( $result['path'] . '/.htaccess' ) );
		$this->assertStringContainsString( 'Silence is golden', (string) file_get_contents( $result['path'] . '/index.php' ) );
	}

	public function test_keeps_guards_that_are_already_there() {
		mkdir( $this->dir . '/chosen' );
		file_put_contents( $this->dir . '/chosen/.htaccess', "# edited by the host\nRequire all denied\n" );

		( new Private_Directory( $this->dir . '/public', $this->dir . '/public/wp-content' ) )->resolve();

		$this->assertSame( "# edited by the host\nRequire all denied\n", file_get_contents( $this->dir . '/chosen/.htaccess' ) );
		$this->assertFileExists( $this->dir . '/chosen/index.php' );
	}

	public function test_refuses_a_folder_whose_guards_cannot_be_written() {
		// A full disk: every write comes up short.
		$writer = new Atomic_Writer(
			null,
			static function () {
				return false;
			}
		);

		$result = ( new Private_Directory( $this->dir . '/public', $this->dir . '/public/wp-content', $writer ) )->resolve();

		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_private_dir_failed', $result->get_error_code() );
		$this->assertFileDoesNotExist( $this->dir . '/chosen/.htaccess' );
	}

	/**
	 * Deletes a directory tree.
	 *
	 * @param string $path Directory.
	 */
	private function remove_tree( string $path ) {
		if ( ! is_dir( $path ) ) {
			return;
		}
		foreach ( new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $path, FilesystemIterator::SKIP_DOTS ), RecursiveIteratorIterator::CHILD_FIRST ) as $item ) {
			$item->isDir() ? rmdir( $item->getPathname() ) : unlink( $item->getPathname() );
		}
		rmdir( $path );
	}
}
