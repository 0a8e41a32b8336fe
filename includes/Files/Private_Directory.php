<?php
/**
 * A directory for files visitors must never download: backups of wp-config.php, the private debug log.
 *
 * @package Triage
 */

namespace Triage\Files;

use Triage\Storage\Network_Storage;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Prefers `triage-private/` next to the web root (outside it, so the web server cannot serve it). When that
 * is not writable, or the web root is unknown, falls back to `wp-content/triage-private/` protected by an
 * `.htaccess` that denies all (Apache, LiteSpeed) and an empty `index.php`; nginx ignores `.htaccess`, so
 * file names there carry 128 random bits and the directory is never listed. The filter
 * `triage_private_directory` chooses another place.
 *
 * Paths are compared as real paths (a symlinked document root, Bedrock's web/wp, a WordPress in a
 * subdirectory), and a folder is only called outside when it is inside none of the document root, ABSPATH
 * and WP_CONTENT_DIR. WP-CLI and system cron know no document root: they use the folder a web request
 * chose, which is remembered, or else the protected fallback.
 */
final class Private_Directory {

	public const NAME = 'triage-private';

	/** Option (network-wide on multisite) remembering the folder chosen on a web request: array{path: string, outside_web_root: bool}. */
	public const REMEMBER_OPTION = 'triage_private_directory';

	/**
	 * The directory the site is served from.
	 *
	 * @var string
	 */
	private $web_root;

	/**
	 * WP_CONTENT_DIR.
	 *
	 * @var string
	 */
	private $content_dir;

	/**
	 * Writes the guard files.
	 *
	 * @var Atomic_Writer
	 */
	private $writer;

	/**
	 * Where the choice is remembered: one folder for the whole network, like the wp-config.php it backs up.
	 *
	 * @var Network_Storage
	 */
	private $storage;

	/**
	 * Takes the two places to choose between.
	 *
	 * @param string               $web_root    Document root (or ABSPATH when unknown).
	 * @param string               $content_dir WP_CONTENT_DIR.
	 * @param Atomic_Writer|null   $writer      Writer for the guard files; a default one when null.
	 * @param Network_Storage|null $storage     Where the choice is remembered; a default one when null.
	 */
	public function __construct( string $web_root, string $content_dir, ?Atomic_Writer $writer = null, ?Network_Storage $storage = null ) {
		$this->web_root    = untrailingslashit( $web_root );
		$this->content_dir = untrailingslashit( $content_dir );
		$this->writer      = $writer ?? new Atomic_Writer();
		$this->storage     = $storage ?? new Network_Storage();
	}

	/**
	 * The web root of this site (a real path): the document root when WordPress lives inside it, ABSPATH
	 * otherwise, and '' when no document root is known (WP-CLI, system cron).
	 *
	 * @return string
	 */
	public static function detect_web_root(): string {
		return self::web_root_for( ABSPATH, self::document_root() );
	}

	/**
	 * The web root for an ABSPATH and a document root, compared as real paths.
	 *
	 * @param string $abspath WordPress's folder.
	 * @param string $docroot Document root, '' when unknown.
	 * @return string Real path, or '' when unknown.
	 */
	public static function web_root_for( string $abspath, string $docroot ): string {
		if ( '' === $docroot ) {
			return '';
		}
		$abspath = self::real( $abspath );
		$docroot = self::real( $docroot );
		return self::is_inside( $abspath, $docroot ) ? $docroot : $abspath;
	}

	/**
	 * The folder remembered from an earlier choice, or ''.
	 *
	 * @return string
	 */
	public static function remembered(): string {
		$stored = ( new Network_Storage() )->get_option( self::REMEMBER_OPTION );
		return is_array( $stored ) && isset( $stored['path'] ) && is_string( $stored['path'] ) ? $stored['path'] : '';
	}

	/**
	 * The server's document root, '' when there is none (command line).
	 *
	 * @return string
	 */
	private static function document_root(): string {
		$docroot = isset( $_SERVER['DOCUMENT_ROOT'] ) && is_string( $_SERVER['DOCUMENT_ROOT'] ) ? sanitize_text_field( wp_unslash( $_SERVER['DOCUMENT_ROOT'] ) ) : '';
		return '' === $docroot ? '' : wp_normalize_path( untrailingslashit( $docroot ) );
	}

	/**
	 * A path with symlinks resolved (as far as it exists), normalized, without a trailing slash.
	 *
	 * @param string $path Path.
	 * @return string
	 */
	private static function real( string $path ): string {
		$path = wp_normalize_path( untrailingslashit( $path ) );
		$real = '' !== $path ? realpath( $path ) : false;
		if ( false === $real ) {
			// Not there yet: resolve the parent, which usually is.
			$parent = '' !== $path ? realpath( dirname( $path ) ) : false;
			return false === $parent ? $path : wp_normalize_path( untrailingslashit( $parent ) ) . '/' . basename( $path );
		}
		return wp_normalize_path( untrailingslashit( $real ) );
	}

	/**
	 * Whether a path is a folder or inside it.
	 *
	 * @param string $path   Path.
	 * @param string $folder Folder.
	 * @return bool
	 */
	private static function is_inside( string $path, string $folder ): bool {
		return '' !== $folder && 0 === strpos( $path . '/', rtrim( $folder, '/' ) . '/' );
	}

	/**
	 * The folder next to the web root, or '' when the web root is unknown or that folder would be inside
	 * something the web server serves.
	 *
	 * @return string
	 */
	private function outside_candidate(): string {
		if ( '' === $this->web_root ) {
			return '';
		}
		$root   = self::real( $this->web_root );
		$parent = dirname( $root );
		if ( $parent === $root || '' === $parent || '.' === $parent ) {
			return '';
		}
		$candidate = self::real( ( '/' === $parent ? '' : $parent ) . '/' . self::NAME );
		foreach ( array( $root, self::real( ABSPATH ), self::real( $this->content_dir ), self::real( self::document_root() ) ) as $served ) {
			if ( '' !== $served && '/' !== $served && self::is_inside( $candidate, $served ) ) {
				return '';
			}
		}
		return $candidate;
	}

	/**
	 * Whether a folder can be used or created.
	 *
	 * @param string $path Folder.
	 * @return bool
	 */
	private static function usable( string $path ): bool {
		return ( is_dir( $path ) && wp_is_writable( $path ) ) || ( ! file_exists( $path ) && wp_is_writable( dirname( $path ) ) );
	}

	/**
	 * Remembers a choice made on a web request (one that knew the document root).
	 *
	 * @param array{path: string, outside_web_root: bool} $choice Choice.
	 * @return void
	 */
	private function remember( array $choice ): void {
		if ( '' === $this->web_root || $this->storage->get_option( self::REMEMBER_OPTION ) === $choice ) {
			return;
		}
		$this->storage->update_option( self::REMEMBER_OPTION, $choice, false );
	}

	/**
	 * The private directory, created when needed.
	 *
	 * @return array{path: string, outside_web_root: bool}|WP_Error
	 */
	public function resolve() {
		/**
		 * Filters the directory where Triage keeps backups and the private debug log.
		 *
		 * @since 0.1.0
		 *
		 * @param string|null $directory Null lets Triage choose.
		 */
		$chosen = apply_filters( 'triage_private_directory', null );
		if ( is_string( $chosen ) && '' !== $chosen ) {
			return $this->prepare( untrailingslashit( $chosen ), false );
		}

		$stored = $this->storage->get_option( self::REMEMBER_OPTION );
		if ( is_array( $stored ) && isset( $stored['path'], $stored['outside_web_root'] ) && is_string( $stored['path'] ) && is_dir( $stored['path'] ) && wp_is_writable( $stored['path'] ) ) {
			$result = $this->prepare( $stored['path'], (bool) $stored['outside_web_root'] );
			if ( ! is_wp_error( $result ) ) {
				return $result;
			}
		}

		$outside = $this->outside_candidate();
		if ( '' !== $outside && self::usable( $outside ) ) {
			$result = $this->prepare( $outside, true );
			if ( ! is_wp_error( $result ) ) {
				$this->remember( $result );
				return $result;
			}
		}
		$result = $this->prepare( $this->content_dir . '/' . self::NAME, false );
		if ( ! is_wp_error( $result ) ) {
			$this->remember( $result );
		}
		return $result;
	}

	/**
	 * Removes what Triage wrote in a private directory (wp-config.php backups, private logs and their
	 * archives, the guards), and the directory when nothing else is left. Files of other names stay.
	 *
	 * @param string $path Directory.
	 * @return bool Whether the directory is gone.
	 */
	public static function remove_triage_files( string $path ): bool {
		$entries = is_dir( $path ) && ! is_link( $path ) ? scandir( $path ) : false;
		if ( false === $entries ) {
			return ! file_exists( $path );
		}
		$left = array();
		foreach ( $entries as $entry ) {
			if ( '.' === $entry || '..' === $entry ) {
				continue;
			}
			$file = $path . '/' . $entry;
			// Atomic_Writer's backups (older ones carry 64 random bits, newer 128), random_file() names and their log archives.
			if ( is_file( $file ) && ! is_link( $file ) && preg_match( '/(\.\d{8}-\d{12}-(?:[a-f0-9]{16}){1,2}\.bak|^[a-z0-9_]+-[a-f0-9]{32}\.[a-z0-9]+(\.\d{8}-\d{6}-[a-f0-9]{8,32})?)$/', $entry ) ) {
				wp_delete_file( $file );
				continue;
			}
			$left[] = $entry;
		}
		$guards = array(
			'.htaccess' => '# Written by Triage:',
			'index.php' => "<?php\n// Silence is golden.\n",
		);
		if ( array() !== array_diff( $left, array_keys( $guards ) ) ) {
			// Someone else's files: the guards keep protecting them.
			return false;
		}
		foreach ( $left as $entry ) {
			$head = (string) file_get_contents( $path . '/' . $entry, false, null, 0, 64 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
			if ( 0 !== strpos( $head, $guards[ $entry ] ) ) {
				return false;
			}
		}
		foreach ( $left as $entry ) {
			wp_delete_file( $path . '/' . $entry );
		}
		return @rmdir( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- a race with a new file leaves the folder, which is fine.
	}

	/**
	 * The directory resolve() would use, without creating anything (for instructions shown to people).
	 *
	 * @return string
	 */
	public function candidate(): string {
		/** This filter is documented in includes/Files/Private_Directory.php */
		$chosen = apply_filters( 'triage_private_directory', null );
		if ( is_string( $chosen ) && '' !== $chosen ) {
			return untrailingslashit( $chosen );
		}
		$remembered = self::remembered();
		if ( '' !== $remembered && is_dir( $remembered ) ) {
			return $remembered;
		}
		$outside = $this->outside_candidate();
		if ( '' !== $outside && self::usable( $outside ) ) {
			return $outside;
		}
		return $this->content_dir . '/' . self::NAME;
	}

	/**
	 * A new unguessable file name in the private directory (the file is not created).
	 *
	 * @param string $prefix    Name prefix, e.g. "debug".
	 * @param string $extension Extension without the dot.
	 * @return string|WP_Error
	 */
	public function random_file( string $prefix, string $extension ) {
		$dir = $this->resolve();
		if ( is_wp_error( $dir ) ) {
			return $dir;
		}
		return $dir['path'] . '/' . $prefix . '-' . bin2hex( random_bytes( 16 ) ) . '.' . $extension;
	}

	/**
	 * Creates the directory and its guards.
	 *
	 * @param string $path             Directory.
	 * @param bool   $outside_web_root Whether it is outside the web root.
	 * @return array{path: string, outside_web_root: bool}|WP_Error
	 */
	private function prepare( string $path, bool $outside_web_root ) {
		if ( ! is_dir( $path ) && ! wp_mkdir_p( $path ) ) {
			return new WP_Error( 'triage_private_dir_failed', __( 'Triage could not create its private folder for backups and logs.', 'triage' ), array( 'status' => 500 ) );
		}
		if ( ! wp_is_writable( $path ) ) {
			return new WP_Error( 'triage_private_dir_failed', __( 'Triage\'s private folder for backups and logs is not writable.', 'triage' ), array( 'status' => 500 ) );
		}
		$guards = array(
			'.htaccess' => "# Written by Triage: nothing in this folder is for visitors.\nRequire all denied\nDeny from all\n",
			'index.php' => "<?php\n// Silence is golden.\n",
		);
		foreach ( $guards as $name => $contents ) {
			if ( file_exists( $path . '/' . $name ) ) {
				continue;
			}
			// A folder that promises "nothing here is for visitors" without its guard would be a lie: fail instead.
			$written = $this->writer->write( $path . '/' . $name, $contents );
			if ( is_wp_error( $written ) ) {
				return new WP_Error( 'triage_private_dir_failed', __( 'Triage could not protect its private folder for backups and logs.', 'triage' ), array( 'status' => 500 ) );
			}
		}
		return array(
			'path'             => $path,
			'outside_web_root' => $outside_web_root,
		);
	}
}
