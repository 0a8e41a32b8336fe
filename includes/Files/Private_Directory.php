<?php
/**
 * A directory for files visitors must never download: backups of wp-config.php, the private debug log.
 *
 * @package Triage
 */

namespace Triage\Files;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Prefers `triage-private/` next to the web root (outside it, so the web server cannot serve it). When that
 * is not writable, falls back to `wp-content/triage-private/` protected by an `.htaccess` that denies all
 * (Apache, LiteSpeed) and an empty `index.php`; nginx ignores `.htaccess`, so file names there carry 128
 * random bits and the directory is never listed. The filter `triage_private_directory` chooses another place.
 */
final class Private_Directory {

	public const NAME = 'triage-private';

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
	 * Takes the two places to choose between.
	 *
	 * @param string             $web_root    Document root (or ABSPATH when unknown).
	 * @param string             $content_dir WP_CONTENT_DIR.
	 * @param Atomic_Writer|null $writer      Writer for the guard files; a default one when null.
	 */
	public function __construct( string $web_root, string $content_dir, ?Atomic_Writer $writer = null ) {
		$this->web_root    = untrailingslashit( $web_root );
		$this->content_dir = untrailingslashit( $content_dir );
		$this->writer      = $writer ?? new Atomic_Writer();
	}

	/**
	 * The web root of this site: the document root when WordPress lives inside it, ABSPATH otherwise.
	 *
	 * @return string
	 */
	public static function detect_web_root(): string {
		$abspath = wp_normalize_path( untrailingslashit( ABSPATH ) );
		$docroot = isset( $_SERVER['DOCUMENT_ROOT'] ) ? wp_normalize_path( untrailingslashit( sanitize_text_field( wp_unslash( (string) $_SERVER['DOCUMENT_ROOT'] ) ) ) ) : '';
		if ( '' !== $docroot && 0 === strpos( $abspath . '/', $docroot . '/' ) ) {
			return $docroot;
		}
		return $abspath;
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

		$outside = dirname( $this->web_root ) . '/' . self::NAME;
		if ( ( is_dir( $outside ) && wp_is_writable( $outside ) ) || ( ! file_exists( $outside ) && wp_is_writable( dirname( $outside ) ) ) ) {
			$result = $this->prepare( $outside, true );
			if ( ! is_wp_error( $result ) ) {
				return $result;
			}
		}
		return $this->prepare( $this->content_dir . '/' . self::NAME, false );
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
		$outside = dirname( $this->web_root ) . '/' . self::NAME;
		if ( ( is_dir( $outside ) && wp_is_writable( $outside ) ) || ( ! file_exists( $outside ) && wp_is_writable( dirname( $outside ) ) ) ) {
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
