<?php
/**
 * What /proc says about a pid: there or not, since when, which program.
 *
 * @package Triage
 */

namespace Triage\Incidents\Recorder;

defined( 'ABSPATH' ) || exit;

/**
 * Reads /proc (or a fixture tree with the same layout, for tests): /proc/stat's btime, and for a pid its
 * stat (field 22, start time in clock ticks after boot) and comm. Linux's clock tick is 100 Hz on every
 * architecture PHP runs on (USER_HZ), so a start time is known to within a second of btime's rounding.
 * Nothing here warns: a file that cannot be read is an unknown.
 */
final class Process_Table {

	/** Clock ticks per second of /proc/<pid>/stat (USER_HZ). */
	private const TICKS = 100;

	/**
	 * The proc root, without a trailing slash.
	 *
	 * @var string
	 */
	private $root;

	/**
	 * Boot time, read once.
	 *
	 * @var int|null
	 */
	private $boot = null;

	/**
	 * Takes the proc root.
	 *
	 * @param string $root '/proc', or a fixture folder.
	 */
	public function __construct( string $root = '/proc' ) {
		$this->root = rtrim( $root, '/' );
	}

	/**
	 * Whether this table can tell anything (a readable /proc/stat with btime).
	 *
	 * @return bool
	 */
	public function available(): bool {
		return null !== $this->boot_time();
	}

	/**
	 * Whether a process with this pid exists now.
	 *
	 * @param int $pid Pid.
	 * @return bool
	 */
	public function exists( int $pid ): bool {
		return $pid > 0 && is_dir( $this->root . '/' . $pid );
	}

	/**
	 * When the process with this pid started (Unix time), or null when unknown.
	 *
	 * @param int $pid Pid.
	 * @return float|null
	 */
	public function started_at( int $pid ): ?float {
		$boot = $this->boot_time();
		$stat = null === $boot ? '' : $this->read( $pid . '/stat' );
		// The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
		$close = strrpos( $stat, ')' );
		if ( null === $boot || false === $close ) {
			return null;
		}
		$fields = preg_split( '/\s+/', trim( substr( $stat, $close + 1 ) ) );
		// After the name: state is field 3, starttime field 22, i.e. index 19 here.
		if ( false === $fields || ! isset( $fields[19] ) || ! ctype_digit( $fields[19] ) ) {
			return null;
		}
		return $boot + (int) $fields[19] / self::TICKS;
	}

	/**
	 * The program name of a pid (comm), or null when unknown.
	 *
	 * @param int $pid Pid.
	 * @return string|null
	 */
	public function name( int $pid ): ?string {
		$comm = trim( $this->read( $pid . '/comm' ) );
		return '' === $comm ? null : $comm;
	}

	/**
	 * Whether a program name is one that serves PHP requests (PHP-FPM, php-cgi, Apache with mod_php,
	 * LiteSpeed's lsphp, FrankenPHP).
	 *
	 * @param string $name comm.
	 * @return bool
	 */
	public static function serves_php( string $name ): bool {
		return 1 === preg_match( '/^(php|lsphp|apache|httpd|litespeed|frankenphp)/i', $name );
	}

	/**
	 * Boot time from /proc/stat.
	 *
	 * @return int|null
	 */
	private function boot_time(): ?int {
		if ( null === $this->boot ) {
			$this->boot = 1 === preg_match( '/^btime\s+(\d+)/m', $this->read( 'stat' ), $m ) ? (int) $m[1] : 0;
		}
		return $this->boot > 0 ? $this->boot : null;
	}

	/**
	 * A small file under the root, '' when it cannot be read.
	 *
	 * @param string $relative Path under the root.
	 * @return string
	 */
	private function read( string $relative ): string {
		$file = $this->root . '/' . $relative;
		if ( ! is_file( $file ) || ! is_readable( $file ) ) {
			return '';
		}
		$contents = @file_get_contents( $file, false, null, 0, 65536 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- /proc entries vanish between the check and the read.
		return false === $contents ? '' : $contents;
	}
}
