<?php
/**
 * Shared set-up for the flight recorder's tests: temp folders, a fixture /proc, a recorder wired to them.
 *
 * @package Triage
 */

use Triage\Files\Atomic_Writer;
use Triage\Incidents\Recorder\Flight_Recorder;
use Triage\Incidents\Recorder\Process_Table;
use Triage\Incidents\Recorder\Recorder_Settings;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Safe_Mode_Sessions;

Safe_Mode_Sessions::load_codec();

/**
 * Temp private folder, temp must-use folder and a fixture proc tree, removed after each test.
 */
abstract class Recorder_Test_Case extends WP_UnitTestCase {

	/** The fixture's boot time. */
	const BOOT = 1700000000;

	/** "Now" in the fixture: boot plus 10,000 s. */
	const NOW = 1700010000;

	/** A 32-hex key. */
	const KEY = '0123456789abcdef0123456789abcdef';

	/**
	 * Temp directories to remove.
	 *
	 * @var string[]
	 */
	protected $temp_dirs = array();

	/**
	 * Private folder of the test.
	 *
	 * @var string
	 */
	protected $private;

	/**
	 * Fixture proc root.
	 *
	 * @var string
	 */
	protected $proc;

	/**
	 * Must-use folder of the test.
	 *
	 * @var string
	 */
	protected $mu;

	protected function set_up() {
		parent::set_up();
		$this->private = $this->temp_dir();
		$this->proc    = $this->temp_dir();
		$this->mu      = $this->temp_dir() . '/mu-plugins';
		file_put_contents( $this->proc . '/stat', "cpu  1 2 3 4\nbtime " . self::BOOT . "\nprocesses 5\n" );
		$this->set_settings( 0 );
	}

	protected function tear_down() {
		foreach ( $this->temp_dirs as $dir ) {
			$this->remove_tree( $dir );
		}
		parent::tear_down();
	}

	/**
	 * Stores recorder settings pointing at the test's private folder.
	 *
	 * @param int  $until   Until.
	 * @param int  $started Started.
	 * @param bool $apcu    APCu.
	 * @return void
	 */
	protected function set_settings( $until, $started = 0, $apcu = false ) {
		( new Recorder_Settings() )->save(
			array(
				'until'   => $until,
				'started' => $started,
				'dir'     => $this->private,
				'key'     => self::KEY,
				'apcu'    => $apcu,
			)
		);
	}

	/**
	 * A new temp directory.
	 *
	 * @return string
	 */
	protected function temp_dir() {
		$dir = sys_get_temp_dir() . '/triage-recorder-' . uniqid( '', true );
		mkdir( $dir, 0755, true );
		$this->temp_dirs[] = $dir;
		return $dir;
	}

	/**
	 * Removes a directory tree.
	 *
	 * @param string $dir Directory.
	 * @return void
	 */
	protected function remove_tree( $dir ) {
		if ( ! is_dir( $dir ) || is_link( $dir ) ) {
			return;
		}
		foreach ( scandir( $dir ) as $entry ) {
			if ( '.' === $entry || '..' === $entry ) {
				continue;
			}
			$path = $dir . '/' . $entry;
			if ( is_dir( $path ) && ! is_link( $path ) ) {
				$this->remove_tree( $path );
			} else {
				unlink( $path );
			}
		}
		rmdir( $dir );
	}

	/**
	 * Adds a process to the fixture proc tree.
	 *
	 * @param int    $pid        Pid.
	 * @param float  $started_at Unix time it started.
	 * @param string $name       comm.
	 * @return void
	 */
	protected function add_process( $pid, $started_at, $name = 'php-fpm8.2' ) {
		mkdir( $this->proc . '/' . $pid );
		$ticks = (int) round( ( $started_at - self::BOOT ) * 100 );
		// Fields 3 to 21 are zeros here; field 22 is the start time in ticks after boot.
		file_put_contents( $this->proc . '/' . $pid . '/stat', $pid . ' (' . $name . ') S ' . implode( ' ', array_fill( 0, 18, '0' ) ) . ' ' . $ticks . " 0 0\n" );
		file_put_contents( $this->proc . '/' . $pid . '/comm', $name . "\n" );
	}

	/**
	 * Writes a marker as the loader does.
	 *
	 * @param int    $pid     Pid.
	 * @param float  $started Start.
	 * @param string $uri     URI.
	 * @param string $method  Method.
	 * @param bool   $logged  Logged in.
	 * @return string The file.
	 */
	protected function add_marker( $pid, $started, $uri = '/', $method = 'GET', $logged = false ) {
		$file = $this->private . '/' . Triage_Flight_Recorder_Loader::FILE_PREFIX . $pid . '_' . hrtime( true ) . '-' . self::KEY . '.run';
		file_put_contents( $file, Triage_Flight_Recorder_Loader::marker_line( $started, $pid, $method, $uri, $logged ) );
		return $file;
	}

	/**
	 * An installer for the test's must-use folder.
	 *
	 * @return Loader_Installer
	 */
	protected function installer() {
		return new Loader_Installer( new Atomic_Writer(), $this->mu, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', 'triage/plugin.php' );
	}

	/**
	 * A recorder on the fixtures.
	 *
	 * @param int           $limit      Time limit in seconds.
	 * @param callable|null $fpm_status fpm_get_status() stand-in.
	 * @param string|null   $proc       Proc root; the fixture when null.
	 * @param int|null      $now        Now; NOW when null.
	 * @return Flight_Recorder
	 */
	protected function recorder( $limit = 30, $fpm_status = null, $proc = null, $now = null ) {
		$private = $this->private;
		$now     = null === $now ? self::NOW : $now;
		return new Flight_Recorder(
			new Recorder_Settings(),
			$this->installer(),
			static function () use ( $private ) {
				return array(
					'path'             => $private,
					'outside_web_root' => true,
				);
			},
			new Process_Table( null === $proc ? $this->proc : $proc ),
			static function () use ( $now ) {
				return $now;
			},
			static function () use ( $limit ) {
				return $limit;
			},
			null === $fpm_status ? static function () {
				return null;
			} : $fpm_status
		);
	}
}
