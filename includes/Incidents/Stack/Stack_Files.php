<?php
/**
 * Bounded, warning-free access to the files that describe the running stack.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Reads /proc entries and server configuration under a root ("/" in production, a fixture tree in
 * tests). Every read is capped (files, bytes per file, bytes in all) so a huge or looping config can never
 * make a request slow, and open_basedir or permission refusals become "unreadable", never PHP warnings.
 * Readability is a seam: tests run as root, which can read anything, so they pass a check of their own.
 */
final class Stack_Files {

	/** Most files read in one discovery. */
	public const MAX_FILES = 300;

	/** Most bytes read from one file. */
	public const MAX_FILE_BYTES = 524288;

	/** Most bytes read in one discovery. */
	public const MAX_TOTAL_BYTES = 8388608;

	/**
	 * Prefix put in front of every absolute path ('' for the real file system).
	 *
	 * @var string
	 */
	private $root;

	/**
	 * Whether PHP may read a path (full path in, bool out), or null for is_readable().
	 *
	 * @var callable|null
	 */
	private $readable;

	/**
	 * Files read so far.
	 *
	 * @var int
	 */
	private $files = 0;

	/**
	 * Bytes read so far.
	 *
	 * @var int
	 */
	private $bytes = 0;

	/**
	 * Takes the root and an optional readability check.
	 *
	 * @param string        $root     Root folder ('/' for the real file system).
	 * @param callable|null $readable Receives the full path; returns whether PHP may read it.
	 */
	public function __construct( string $root = '/', ?callable $readable = null ) {
		$this->root     = rtrim( $root, '/' );
		$this->readable = $readable;
	}

	/**
	 * The path on this machine of an absolute path under the root.
	 *
	 * @param string $path Absolute path.
	 * @return string
	 */
	public function full( string $path ): string {
		return $this->root . $path;
	}

	/**
	 * Whether the read budget is spent.
	 *
	 * @return bool
	 */
	public function exhausted(): bool {
		return $this->files >= self::MAX_FILES || $this->bytes >= self::MAX_TOTAL_BYTES;
	}

	/**
	 * Whether a path exists (file, folder or socket).
	 *
	 * @param string $path Absolute path.
	 * @return bool
	 */
	public function exists( string $path ): bool {
		$full = $this->full( $path );
		return self::is_absolute( $path ) && (bool) self::quietly( static fn() => file_exists( $full ) );
	}

	/**
	 * Whether a path is a regular file.
	 *
	 * @param string $path Absolute path.
	 * @return bool
	 */
	public function is_file( string $path ): bool {
		$full = $this->full( $path );
		return self::is_absolute( $path ) && (bool) self::quietly( static fn() => is_file( $full ) );
	}

	/**
	 * Whether PHP may read a path.
	 *
	 * @param string $path Absolute path.
	 * @return bool
	 */
	public function readable( string $path ): bool {
		if ( ! $this->exists( $path ) ) {
			return false;
		}
		$full = $this->full( $path );
		if ( null !== $this->readable ) {
			return (bool) call_user_func( $this->readable, $full );
		}
		return (bool) self::quietly( static fn() => is_readable( $full ) );
	}

	/**
	 * A file's content (at most MAX_FILE_BYTES), or null when it is missing, unreadable or the budget is spent.
	 *
	 * @param string $path Absolute path.
	 * @return string|null
	 */
	public function read( string $path ): ?string {
		if ( $this->exhausted() || ! $this->is_file( $path ) || ! $this->readable( $path ) ) {
			return null;
		}
		$length  = (int) min( self::MAX_FILE_BYTES, self::MAX_TOTAL_BYTES - $this->bytes );
		$full    = $this->full( $path );
		$content = self::quietly(
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a bounded local read of a config file; a refusal means "unreadable".
			static fn() => file_get_contents( $full, false, null, 0, max( 1, $length ) )
		);
		if ( ! is_string( $content ) ) {
			return null;
		}
		++$this->files;
		$this->bytes += strlen( $content );
		return $content;
	}

	/**
	 * A small /proc entry (cmdline, status): capped at 8 KB and outside the config budget, so many processes
	 * never starve the configuration reads.
	 *
	 * @param string $path Absolute path under /proc.
	 * @return string|null
	 */
	public function read_proc( string $path ): ?string {
		// One open per entry (no separate exists/readable checks): there may be thousands of processes.
		if ( 0 !== strpos( $path, '/proc/' ) || ( null !== $this->readable && ! $this->readable( $path ) ) ) {
			return null;
		}
		$full    = $this->full( $path );
		$content = self::quietly(
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a bounded read of a /proc entry; a process may exit meanwhile.
			static fn() => file_get_contents( $full, false, null, 0, 8192 )
		);
		return is_string( $content ) ? $content : null;
	}

	/**
	 * Paths matching a glob pattern, sorted like nginx and PHP-FPM read them, without the root prefix.
	 *
	 * @param string $pattern Absolute pattern.
	 * @param int    $max     Cap.
	 * @return string[]
	 */
	public function glob( string $pattern, int $max = 100 ): array {
		if ( ! self::is_absolute( $pattern ) ) {
			return array();
		}
		$full    = $this->full( $pattern );
		$matches = self::quietly( static fn() => glob( $full ) );
		if ( ! is_array( $matches ) ) {
			return array();
		}
		sort( $matches );
		$length = strlen( $this->root );
		$paths  = array();
		foreach ( array_slice( $matches, 0, $max ) as $match ) {
			$paths[] = substr( $match, $length );
		}
		return $paths;
	}

	/**
	 * Numeric entries of /proc (process ids), at most $max.
	 *
	 * @param int $max Cap.
	 * @return int[]|null Null when /proc cannot be listed.
	 */
	public function pids( int $max = 4096 ): ?array {
		$full    = $this->full( '/proc' );
		$entries = self::quietly( static fn() => is_dir( $full ) ? scandir( $full ) : false );
		if ( ! is_array( $entries ) ) {
			return null;
		}
		$pids = array();
		foreach ( $entries as $entry ) {
			if ( ctype_digit( $entry ) ) {
				$pids[] = (int) $entry;
			}
		}
		sort( $pids );
		return array_slice( $pids, 0, $max );
	}

	/**
	 * Owner, group and mode of a path, or null when it cannot be seen.
	 *
	 * @param string $path Absolute path.
	 * @return array{owner: string, group: string, mode: string}|null
	 */
	public function stat( string $path ): ?array {
		if ( ! $this->exists( $path ) ) {
			return null;
		}
		$full = $this->full( $path );
		$stat = self::quietly( static fn() => stat( $full ) );
		if ( ! is_array( $stat ) ) {
			return null;
		}
		return array(
			'owner' => self::user_name( (int) $stat['uid'] ),
			'group' => self::group_name( (int) $stat['gid'] ),
			'mode'  => sprintf( '%04o', $stat['mode'] & 07777 ),
		);
	}

	/**
	 * Runs a file system call with warnings swallowed: open_basedir, a hidden /proc or a permission refusal
	 * all mean "cannot see", and must not reach the site's error log or a test's warning handler.
	 *
	 * @param callable $call Call.
	 * @return mixed Its result, or false when it threw.
	 */
	public static function quietly( callable $call ) {
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- scoped to this call, restored below.
			static function () {
				return true;
			}
		);
		try {
			return call_user_func( $call );
		} catch ( \Throwable $error ) {
			return false;
		} finally {
			restore_error_handler();
		}
	}

	/**
	 * Whether a value is an absolute path without NUL bytes or stream wrappers.
	 *
	 * @param string $path Path.
	 * @return bool
	 */
	public static function is_absolute( string $path ): bool {
		return '' !== $path && '/' === $path[0] && false === strpos( $path, "\0" ) && false === strpos( $path, '://' );
	}

	/**
	 * A path made absolute against a base folder, with "." and ".." segments resolved textually.
	 *
	 * @param string $path Path as written in a config.
	 * @param string $base Folder it is relative to.
	 * @return string
	 */
	public static function absolute( string $path, string $base ): string {
		$joined = '/' === substr( $path, 0, 1 ) ? $path : rtrim( $base, '/' ) . '/' . $path;
		$parts  = array();
		foreach ( explode( '/', $joined ) as $part ) {
			if ( '' === $part || '.' === $part ) {
				continue;
			}
			if ( '..' === $part ) {
				array_pop( $parts );
				continue;
			}
			$parts[] = $part;
		}
		return '/' . implode( '/', $parts );
	}

	/**
	 * A user's name, or the number when the system cannot say.
	 *
	 * @param int $uid User id.
	 * @return string
	 */
	private static function user_name( int $uid ): string {
		if ( function_exists( 'posix_getpwuid' ) ) {
			$user = self::quietly( static fn() => posix_getpwuid( $uid ) );
			if ( is_array( $user ) ) {
				return (string) $user['name'];
			}
		}
		return (string) $uid;
	}

	/**
	 * A group's name, or the number when the system cannot say.
	 *
	 * @param int $gid Group id.
	 * @return string
	 */
	private static function group_name( int $gid ): string {
		if ( function_exists( 'posix_getgrgid' ) ) {
			$group = self::quietly( static fn() => posix_getgrgid( $gid ) );
			if ( is_array( $group ) ) {
				return (string) $group['name'];
			}
		}
		return (string) $gid;
	}
}
