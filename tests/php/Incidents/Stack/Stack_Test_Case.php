<?php
/**
 * Discovery over fixture /proc and config trees, with PHP warnings turned into failures.
 *
 * @package Triage
 */

use Triage\Incidents\Stack\Running_Stack;
use Triage\Incidents\Stack\Stack_Discovery;

/**
 * Base for stack discovery tests.
 */
abstract class Stack_Test_Case extends WP_UnitTestCase {

	/**
	 * Warnings and notices raised during the test.
	 *
	 * @var string[]
	 */
	private $raised = array();

	/**
	 * Temporary copies to remove.
	 *
	 * @var string[]
	 */
	private $copies = array();

	protected function set_up() {
		parent::set_up();
		$this->raised = array();
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- the test fails on any warning that is not silenced.
			function ( $errno, $message, $file, $line ) {
				// Silenced ones too: a handler of the site's (or a logging plugin) would still see them.
				$this->raised[] = $message . ' at ' . $file . ':' . $line;
				return true;
			}
		);
	}

	protected function tear_down() {
		restore_error_handler();
		foreach ( $this->copies as $copy ) {
			$this->remove( $copy );
		}
		$this->assertSame( array(), $this->raised, 'Discovery must not raise PHP warnings or notices, not even silenced ones.' );
		parent::tear_down();
	}

	/**
	 * The fixture tree's path.
	 *
	 * @param string $name Fixture name.
	 * @return string
	 */
	protected function fixture( $name ) {
		return dirname( __DIR__ ) . '/fixtures/stack/' . $name;
	}

	/**
	 * A private copy of a fixture tree, to change modes in.
	 *
	 * @param string $name Fixture name.
	 * @return string
	 */
	protected function copy_fixture( $name ) {
		$target = get_temp_dir() . 'triage-stack-' . $name . '-' . wp_generate_password( 8, false );
		$source = $this->fixture( $name );
		$files  = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $source, FilesystemIterator::SKIP_DOTS ), RecursiveIteratorIterator::SELF_FIRST );
		mkdir( $target );
		foreach ( $files as $file ) {
			$path = $target . substr( $file->getPathname(), strlen( $source ) );
			if ( $file->isDir() ) {
				mkdir( $path );
			} else {
				copy( $file->getPathname(), $path );
			}
		}
		$this->copies[] = $target;
		return $target;
	}

	/**
	 * Readability as a PHP user that owns none of the files would see it: the "other" bits. The tests may
	 * run as root, which reads everything, so is_readable() cannot tell.
	 *
	 * @param string $full Path on disk.
	 * @return bool
	 */
	public static function readable_by_others( $full ) {
		clearstatcache( true, $full );
		$perms = file_exists( $full ) ? fileperms( $full ) : false;
		return false !== $perms && 0 !== ( $perms & 0004 );
	}

	/**
	 * Discovers on a tree.
	 *
	 * @param string $root    Root folder.
	 * @param array  $options Seams besides the defaults.
	 * @return Running_Stack
	 */
	protected function discover( $root, array $options = array() ) {
		return ( new Stack_Discovery(
			$root,
			$options + array(
				'readable'   => array( self::class, 'readable_by_others' ),
				'php_user'   => 'www-data',
				'fpm_status' => null,
				'database'   => null,
			)
		) )->discover();
	}

	/**
	 * The first log of a role.
	 *
	 * @param Running_Stack $stack Stack.
	 * @param string        $role  Role.
	 * @return array|null
	 */
	protected function log( Running_Stack $stack, $role ) {
		foreach ( $stack->logs() as $log ) {
			if ( $role === $log['role'] ) {
				return $log;
			}
		}
		return null;
	}

	/**
	 * Paths of the logs of a role.
	 *
	 * @param Running_Stack $stack Stack.
	 * @param string        $role  Role.
	 * @return string[]
	 */
	protected function paths( Running_Stack $stack, $role ) {
		$paths = array();
		foreach ( $stack->logs() as $log ) {
			if ( $role === $log['role'] ) {
				$paths[] = $log['path'];
			}
		}
		return $paths;
	}

	/**
	 * Removes a folder tree.
	 *
	 * @param string $dir Folder.
	 * @return void
	 */
	private function remove( $dir ) {
		if ( ! is_dir( $dir ) ) {
			return;
		}
		chmod( $dir, 0755 );
		foreach ( scandir( $dir ) as $entry ) {
			if ( '.' === $entry || '..' === $entry ) {
				continue;
			}
			$path = $dir . '/' . $entry;
			if ( is_dir( $path ) && ! is_link( $path ) ) {
				$this->remove( $path );
			} else {
				unlink( $path );
			}
		}
		rmdir( $dir );
	}
}
