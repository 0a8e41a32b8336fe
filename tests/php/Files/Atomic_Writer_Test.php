<?php
/**
 * The atomic writer leaves the original byte-for-byte intact on every failure.
 *
 * @package Triage
 */

use Triage\Files\Atomic_Writer;

/**
 * Atomic writes with injected faults, on the real file system.
 */
class Atomic_Writer_Test extends WP_UnitTestCase {

	/**
	 * Scratch directory.
	 *
	 * @var string
	 */
	private $dir;

	/**
	 * The file written to.
	 *
	 * @var string
	 */
	private $file;

	const ORIGINAL = "<?php\r\n// Original, with CRLF and a BOM-free start.\r\ndefine( 'WP_DEBUG', false );\r\n";

	protected function set_up() {
		$this->dir  = sys_get_temp_dir() . '/triage-writer-' . uniqid( '', true );
		$this->file = $this->dir . '/site/wp-config.php';
		mkdir( $this->dir . '/site', 0755, true );
		mkdir( $this->dir . '/backups', 0700 );
		file_put_contents( $this->file, self::ORIGINAL );
		chmod( $this->file, 0640 );
	}

	protected function tear_down() {
		$this->remove_tree( $this->dir );
		if ( is_dir( $this->dir . '-moved' ) ) {
			$this->remove_tree( $this->dir . '-moved' );
		}
	}

	public function test_replaces_the_file_keeps_its_mode_and_backs_it_up() {
		$new    = "<?php\r\ndefine( 'WP_DEBUG', true );\r\n";
		$result = ( new Atomic_Writer() )->write( $this->file, $new, $this->dir . '/backups' );

		$this->assertIsArray( $result );
		$this->assertSame( $new, file_get_contents( $this->file ) );
		clearstatcache();
		$this->assertSame( '0640', sprintf( '%04o', fileperms( $this->file ) & 0777 ) );
		$this->assertFileExists( $result['backup'] );
		$this->assertSame( self::ORIGINAL, file_get_contents( $result['backup'] ) );
		$this->assertSame( array(), $this->temp_files() );
	}

	/**
	 * @dataProvider private_modes
	 *
	 * @param int $mode Mode of the original.
	 */
	public function test_the_temp_file_has_the_originals_mode_before_any_content_is_written( $mode ) {
		chmod( $this->file, $mode );
		$seen   = array();
		$writer = new Atomic_Writer(
			null,
			static function ( $handle, $bytes ) use ( &$seen ) {
				$path = stream_get_meta_data( $handle )['uri'];
				clearstatcache( true, $path );
				$seen[ basename( $path ) ] = fileperms( $path ) & 0777;
				return fwrite( $handle, $bytes );
			}
		);
		$this->assertIsArray( $writer->write( $this->file, "<?php\n// new\n", $this->dir . '/backups' ) );
		$this->assertCount( 2, $seen, 'The backup and the temp file.' );
		foreach ( $seen as $name => $perms ) {
			$this->assertSame( sprintf( '%04o', $mode & 0600 ), sprintf( '%04o', $perms ), $name . ' was readable by others while it held the secrets.' );
		}
		clearstatcache();
		$this->assertSame( sprintf( '%04o', $mode ), sprintf( '%04o', fileperms( $this->file ) & 0777 ) );
	}

	/**
	 * Modes a hardened wp-config.php has.
	 *
	 * @return array<string, array{0: int}>
	 */
	public function private_modes() {
		return array(
			'0600' => array( 0600 ),
			'0400' => array( 0400 ),
		);
	}

	public function test_backups_are_readable_by_their_owner_only() {
		chmod( $this->file, 0644 );
		$result = ( new Atomic_Writer() )->write( $this->file, "<?php\n// new\n", $this->dir . '/backups' );
		clearstatcache();
		$this->assertSame( '0600', sprintf( '%04o', fileperms( $result['backup'] ) & 0777 ), 'A backup of wp-config.php holds the database password.' );
		$this->assertSame( '0644', sprintf( '%04o', fileperms( $this->file ) & 0777 ), 'The file itself keeps its mode.' );
	}

	public function test_backup_names_carry_128_random_bits() {
		$writer = new Atomic_Writer();
		$first  = $writer->write( $this->file, "<?php\n// one\n", $this->dir . '/backups' );
		$second = $writer->write( $this->file, "<?php\n// two\n", $this->dir . '/backups' );
		// The private folder may sit under wp-content on nginx, which ignores its .htaccess: the name is the lock.
		$this->assertMatchesRegularExpression( '/^' . preg_quote( basename( $this->file ), '/' ) . '\.\d{8}-\d{12}-[a-f0-9]{32}\.bak$/', basename( $first['backup'] ) );
		$this->assertNotSame( substr( $first['backup'], -36 ), substr( $second['backup'], -36 ) );
	}

	public function test_a_new_file_is_created_without_widening_the_umask() {
		$new    = $this->dir . '/site/new.php';
		$result = ( new Atomic_Writer() )->write( $new, "<?php\n" );
		$this->assertIsArray( $result );
		clearstatcache();
		$this->assertSame( sprintf( '%04o', 0666 & ~umask() ), sprintf( '%04o', fileperms( $new ) & 0777 ) );
	}

	public function test_a_crash_between_temp_write_and_rename_leaves_the_original() {
		$seen   = array();
		$writer = new Atomic_Writer(
			function ( $step, $temp, $target ) use ( &$seen ) {
				$seen[] = $step;
				if ( Atomic_Writer::STEP_BEFORE_RENAME === $step && $this->file === $target ) {
					$this->assertFileExists( $temp, 'The temp file is complete before the rename.' );
					throw new RuntimeException( 'simulated crash' );
				}
			}
		);

		$result = $writer->write( $this->file, "<?php\n// new\n", $this->dir . '/backups' );

		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_write_interrupted', $result->get_error_code() );
		$this->assertContains( Atomic_Writer::STEP_BEFORE_RENAME, $seen );
		$this->assertSame( bin2hex( self::ORIGINAL ), bin2hex( file_get_contents( $this->file ) ) );
		$this->assertSame( array(), $this->temp_files() );
		$this->assertSame( array(), glob( $this->dir . '/backups/*' ), 'A backup of a change that never happened is removed.' );
	}

	public function test_a_full_disk_short_write_leaves_the_original() {
		$writer = new Atomic_Writer(
			null,
			static function ( $handle, $bytes ) {
				static $written = 0;
				if ( $written >= 10 ) {
					return 0; // No space left on device.
				}
				$part     = substr( $bytes, 0, 10 );
				$written += strlen( $part );
				return fwrite( $handle, $part );
			}
		);

		$result = $writer->write( $this->file, str_repeat( "// padding\n", 200 ) );

		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_write_short', $result->get_error_code() );
		$this->assertSame( 507, $result->get_error_data()['status'] );
		$this->assertSame( bin2hex( self::ORIGINAL ), bin2hex( file_get_contents( $this->file ) ) );
		$this->assertSame( array(), $this->temp_files() );
	}

	public function test_fwrite_failing_outright_leaves_the_original() {
		$writer = new Atomic_Writer( null, '__return_false' );
		$result = $writer->write( $this->file, "<?php\n" );
		$this->assertSame( 'triage_write_short', $result->get_error_code() );
		$this->assertSame( self::ORIGINAL, file_get_contents( $this->file ) );
		$this->assertSame( array(), $this->temp_files() );
	}

	public function test_a_vanished_directory_changes_nothing() {
		$moved  = $this->dir . '-moved';
		$writer = new Atomic_Writer(
			function ( $step ) use ( $moved ) {
				if ( Atomic_Writer::STEP_BEFORE_TEMP === $step && is_dir( $this->dir ) ) {
					rename( $this->dir, $moved ); // The whole tree disappears from under the writer.
				}
			}
		);

		$result = $writer->write( $this->file, "<?php\n// new\n" );

		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'triage_write_directory_not_writable', $result->get_error_code() );
		$this->assertDirectoryDoesNotExist( $this->dir );
		$this->assertSame( bin2hex( self::ORIGINAL ), bin2hex( file_get_contents( $moved . '/site/wp-config.php' ) ) );
		$this->assertSame( array( $moved . '/site/wp-config.php' ), glob( $moved . '/site/{,.}*[!.]', GLOB_BRACE ) );
	}

	public function test_a_vanished_backup_directory_changes_nothing() {
		rmdir( $this->dir . '/backups' );
		$result = ( new Atomic_Writer() )->write( $this->file, "<?php\n", $this->dir . '/backups' );
		$this->assertSame( 'triage_write_backup_failed', $result->get_error_code() );
		$this->assertSame( self::ORIGINAL, file_get_contents( $this->file ) );
		$this->assertSame( array(), $this->temp_files() );
	}

	public function test_invalid_contents_are_never_written() {
		$result = ( new Atomic_Writer() )->write( $this->file, "<?php\ndefine( 'WP_DEBUG', );;(\n", null, array( \Triage\Config\Config_Parser::class, 'validate' ) );
		$this->assertSame( 'triage_write_invalid', $result->get_error_code() );
		$this->assertSame( 422, $result->get_error_data()['status'] );
		$this->assertSame( self::ORIGINAL, file_get_contents( $this->file ) );
		$this->assertSame( array(), $this->temp_files() );
	}

	public function test_a_symlinked_file_keeps_its_link_and_the_target_changes() {
		$link = $this->dir . '/link-config.php';
		symlink( $this->file, $link );
		$result = ( new Atomic_Writer() )->write( $link, "<?php\n// via link\n" );
		$this->assertIsArray( $result );
		$this->assertTrue( is_link( $link ) );
		$this->assertSame( "<?php\n// via link\n", file_get_contents( $this->file ) );
	}

	/**
	 * Temp files left next to the target.
	 *
	 * @return string[]
	 */
	private function temp_files() {
		return glob( $this->dir . '/site/.*.tmp' );
	}

	/**
	 * Removes a directory tree.
	 *
	 * @param string $dir Directory.
	 * @return void
	 */
	private function remove_tree( $dir ) {
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
