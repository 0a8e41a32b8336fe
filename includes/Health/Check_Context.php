<?php
/**
 * Inputs several checks share, computed at most once per run.
 *
 * @package Triage
 */

namespace Triage\Health;

use Triage\Logs\Debug_Log_Location;

defined( 'ABSPATH' ) || exit;

/**
 * Gives checks the runtime seam, system files, server configs, the loopback results and the debug log
 * tail, each computed lazily so a run of fast checks never sends a loopback request.
 */
final class Check_Context {

	/**
	 * PHP seam.
	 *
	 * @var Runtime
	 */
	private $runtime;

	/**
	 * System files.
	 *
	 * @var System_Files
	 */
	private $files;

	/**
	 * Runs the loopback probes (Loopback_Prober::probe_all in production).
	 *
	 * @var callable(): array<string, Loopback_Result>
	 */
	private $probe;

	/**
	 * Lazily computed values.
	 *
	 * @var array<string, mixed>
	 */
	private $memo = array();

	/**
	 * Takes its collaborators.
	 *
	 * @param Runtime      $runtime PHP seam.
	 * @param System_Files $files   System files.
	 * @param callable     $probe   Returns loopback results by probe name.
	 */
	public function __construct( Runtime $runtime, System_Files $files, callable $probe ) {
		$this->runtime = $runtime;
		$this->files   = $files;
		$this->probe   = $probe;
	}

	/**
	 * PHP seam.
	 *
	 * @return Runtime
	 */
	public function runtime(): Runtime {
		return $this->runtime;
	}

	/**
	 * System files.
	 *
	 * @return System_Files
	 */
	public function files(): System_Files {
		return $this->files;
	}

	/**
	 * Web server and PHP-FPM settings read from their config files.
	 *
	 * @return Server_Config
	 */
	public function server_config(): Server_Config {
		if ( ! isset( $this->memo['config'] ) ) {
			$status               = $this->fpm_status();
			$this->memo['config'] = Server_Config::read( $this->files, is_array( $status ) && isset( $status['pool'] ) ? (string) $status['pool'] : '' );
		}
		return $this->memo['config'];
	}

	/**
	 * The result of fpm_get_status(), or null outside PHP-FPM or when disabled.
	 *
	 * @return array<string, mixed>|null
	 */
	public function fpm_status(): ?array {
		if ( ! array_key_exists( 'fpm', $this->memo ) ) {
			$status            = 'fpm-fcgi' === $this->runtime->sapi() ? $this->runtime->call( 'fpm_get_status' ) : null;
			$this->memo['fpm'] = is_array( $status ) ? $status : null;
		}
		return $this->memo['fpm'];
	}

	/**
	 * Loopback results by probe name (front, admin, rest, ajax, debug_log).
	 *
	 * @return array<string, Loopback_Result>
	 */
	public function loopbacks(): array {
		if ( ! isset( $this->memo['loopbacks'] ) ) {
			$this->memo['loopbacks'] = (array) call_user_func( $this->probe );
		}
		return $this->memo['loopbacks'];
	}

	/**
	 * The last bytes of the effective error log, or null when there is none or it is unreadable.
	 *
	 * @return array{path: string, size: int, tail: string}|null
	 */
	public function debug_log_tail(): ?array {
		if ( ! array_key_exists( 'log', $this->memo ) ) {
			$this->memo['log'] = $this->read_log_tail();
		}
		return $this->memo['log'];
	}

	/**
	 * Reads the last 256 KB of the effective log.
	 *
	 * @return array{path: string, size: int, tail: string}|null
	 */
	private function read_log_tail(): ?array {
		$location = ( new Debug_Log_Location() )->resolve();
		$path     = $location['effective'];
		if ( null === $path ) {
			return null;
		}
		$size = $this->runtime->call( 'filesize', $path );
		if ( ! is_int( $size ) ) {
			return null;
		}
		$handle = $this->runtime->call( 'fopen', $path, 'rb' );
		if ( ! is_resource( $handle ) ) {
			return null;
		}
		$length = min( $size, 262144 );
		fseek( $handle, $size - $length );
		$tail = $length > 0 ? (string) fread( $handle, $length ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the last 256 KB of a log that can be gigabytes: WP_Filesystem has no seek.
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- bounded local read.
		return array(
			'path' => $path,
			'size' => $size,
			'tail' => $tail,
		);
	}
}
