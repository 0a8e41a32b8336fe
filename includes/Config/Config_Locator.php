<?php
/**
 * Finds wp-config.php where WordPress finds it, and what may be done with it.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * Mirrors wp-load.php: ABSPATH/wp-config.php, or the one in the parent folder when that folder is not
 * itself a WordPress install (has no wp-settings.php). Reports symlinks, ownership, permissions and
 * whether Triage could replace the file atomically (both the file and its folder must be writable).
 */
final class Config_Locator {

	/**
	 * ABSPATH, with a trailing slash.
	 *
	 * @var string
	 */
	private $abspath;

	/**
	 * Replacement for is_writable(), for tests running as root (who can write anything).
	 *
	 * @var callable
	 */
	private $is_writable;

	/**
	 * Takes where WordPress lives.
	 *
	 * @param string        $abspath     ABSPATH.
	 * @param callable|null $is_writable Writability check; wp_is_writable() by default.
	 */
	public function __construct( string $abspath, ?callable $is_writable = null ) {
		$this->abspath     = trailingslashit( $abspath );
		$this->is_writable = null === $is_writable ? 'wp_is_writable' : $is_writable;
	}

	/**
	 * Where wp-config.php is and what Triage may do with it.
	 *
	 * @return array{found: bool, path: string|null, real_path: string|null, symlink: bool, readable: bool, writable: bool, directory_writable: bool, owner: string, permissions: string, size: int}
	 */
	public function locate(): array {
		$path = null;
		if ( file_exists( $this->abspath . 'wp-config.php' ) ) {
			$path = $this->abspath . 'wp-config.php';
		} elseif ( @file_exists( dirname( $this->abspath ) . '/wp-config.php' ) && ! @file_exists( dirname( $this->abspath ) . '/wp-settings.php' ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir may forbid the parent.
			$path = dirname( $this->abspath ) . '/wp-config.php';
		}

		/**
		 * Filters the wp-config.php file Triage reads and edits.
		 *
		 * @since 0.1.0
		 *
		 * @param string|null $path The file WordPress loads, or null when none was found.
		 */
		$filtered = apply_filters( 'triage_wp_config_path', $path );
		$path     = is_string( $filtered ) && '' !== $filtered ? $filtered : null;

		if ( null === $path || ! file_exists( $path ) ) {
			return array(
				'found'              => false,
				'path'               => $path,
				'real_path'          => null,
				'symlink'            => false,
				'readable'           => false,
				'writable'           => false,
				'directory_writable' => false,
				'owner'              => '',
				'permissions'        => '',
				'size'               => 0,
			);
		}

		$real  = realpath( $path );
		$real  = false === $real ? $path : $real;
		$perms = fileperms( $real );
		$size  = filesize( $real );
		return array(
			'found'              => true,
			'path'               => $path,
			'real_path'          => $real,
			'symlink'            => is_link( $path ),
			'readable'           => is_readable( $real ),
			'writable'           => (bool) call_user_func( $this->is_writable, $real ),
			'directory_writable' => (bool) call_user_func( $this->is_writable, dirname( $real ) ),
			'owner'              => $this->owner( $real ),
			'permissions'        => false === $perms ? '' : sprintf( '%04o', $perms & 07777 ),
			'size'               => false === $size ? 0 : $size,
		);
	}

	/**
	 * Owner and group names (or ids when posix is missing).
	 *
	 * @param string $path File.
	 * @return string
	 */
	private function owner( string $path ): string {
		$uid = fileowner( $path );
		$gid = filegroup( $path );
		if ( false === $uid ) {
			return '';
		}
		$user  = (string) $uid;
		$group = false === $gid ? '' : (string) $gid;
		if ( function_exists( 'posix_getpwuid' ) ) {
			$info = posix_getpwuid( $uid );
			$user = is_array( $info ) ? $info['name'] : $user;
		}
		if ( false !== $gid && function_exists( 'posix_getgrgid' ) ) {
			$info  = posix_getgrgid( $gid );
			$group = is_array( $info ) ? $info['name'] : $group;
		}
		return '' === $group ? $user : $user . ':' . $group;
	}
}
