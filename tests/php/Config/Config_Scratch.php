<?php
/**
 * A scratch WordPress folder with a wp-config.php from the corpus, and the debug mode service over it.
 *
 * @package Triage
 */

use Triage\Config\Config_File;
use Triage\Config\Config_Locator;
use Triage\Config\Config_Parser;
use Triage\Config\Debug_Mode;
use Triage\Config\Debug_Record;
use Triage\Files\Atomic_Writer;
use Triage\Files\Private_Directory;
use Triage\Storage\Network_Storage;

require_once __DIR__ . '/Config_Fixtures.php';

/**
 * For tests outside Debug_Mode_Test that switch profiles on a real file: a site that answers 200 and has no
 * debug constants of its own at run time.
 */
final class Config_Scratch {

	/**
	 * Holds public/ (the WordPress root, with wp-config.php) and triage-private/.
	 *
	 * @var string
	 */
	public $dir;

	/**
	 * The scratch wp-config.php.
	 *
	 * @var string
	 */
	public $config;

	/**
	 * Creates the folder with a corpus file.
	 *
	 * @param string $fixture Corpus file name.
	 */
	public function __construct( string $fixture = 'default-install.php' ) {
		$this->dir    = sys_get_temp_dir() . '/triage-scratch-' . uniqid( '', true );
		$this->config = $this->dir . '/public/wp-config.php';
		mkdir( $this->dir . '/public/wp-content', 0755, true );
		file_put_contents( $this->config, Config_Fixtures::source( $fixture ) );
	}

	/**
	 * The service over the scratch file.
	 *
	 * @return Debug_Mode
	 */
	public function mode(): Debug_Mode {
		$private = new Private_Directory( $this->dir . '/public', $this->dir . '/public/wp-content' );
		return new Debug_Mode(
			new Config_File( new Config_Locator( $this->dir . '/public/' ), new Atomic_Writer(), $private ),
			new Config_Parser(),
			$private,
			new Debug_Record( new Network_Storage() ),
			static function () {
				return array(
					'status' => 200,
					'broken' => false,
					'error'  => null,
					'ms'     => 1,
				);
			},
			static function () {
				return array(
					'defined' => false,
					'value'   => null,
				);
			}
		);
	}

	/**
	 * The stored record.
	 *
	 * @return array<string, mixed>|null
	 */
	public function record(): ?array {
		return ( new Debug_Record( new Network_Storage() ) )->get();
	}

	/**
	 * Stores a record as is.
	 *
	 * @param array<string, mixed> $record Record.
	 * @return void
	 */
	public function store( array $record ): void {
		( new Debug_Record( new Network_Storage() ) )->save( $record );
	}

	/**
	 * Removes the folder.
	 *
	 * @return void
	 */
	public function remove(): void {
		wp_clear_scheduled_hook( Debug_Mode::CRON_HOOK );
		$items = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $this->dir, FilesystemIterator::SKIP_DOTS ), RecursiveIteratorIterator::CHILD_FIRST );
		foreach ( $items as $item ) {
			if ( $item->isDir() && ! $item->isLink() ) {
				rmdir( $item->getPathname() );
			} else {
				unlink( $item->getPathname() );
			}
		}
		rmdir( $this->dir );
	}
}
