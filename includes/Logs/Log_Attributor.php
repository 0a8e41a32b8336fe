<?php
/**
 * Names the plugin, theme, must-use plugin or core file an error came from.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Attribution from the paths in an entry: the error's own file, then each stack frame, until one lies in a
 * plugin, a must-use plugin or a theme. Core only when nothing else is named (a deprecation raised in
 * wp-includes on behalf of a plugin names that plugin in its frames). No WordPress needed: the directories
 * come in through the constructor.
 */
final class Log_Attributor {

	/**
	 * Directory prefixes (normalised, with a trailing slash) and the type each means.
	 *
	 * @var array<string, string>
	 */
	private $roots = array();

	/**
	 * Takes the site's directories.
	 *
	 * @param string             $plugins_dir    WP_PLUGIN_DIR.
	 * @param string             $mu_plugins_dir WPMU_PLUGIN_DIR.
	 * @param array<int, string> $theme_roots    Theme directories.
	 * @param string             $abspath        ABSPATH.
	 */
	public function __construct( string $plugins_dir, string $mu_plugins_dir, array $theme_roots, string $abspath ) {
		$this->roots[ self::dir( $plugins_dir ) ]    = 'plugin';
		$this->roots[ self::dir( $mu_plugins_dir ) ] = 'mu-plugin';
		foreach ( $theme_roots as $root ) {
			$this->roots[ self::dir( $root ) ] = 'theme';
		}
		$this->roots[ self::dir( $abspath ) . 'wp-includes/' ] = 'core';
		$this->roots[ self::dir( $abspath ) . 'wp-admin/' ]    = 'core';
		// Longest first, so wp-content/plugins wins over a theme root that contains it.
		uksort(
			$this->roots,
			static function ( $a, $b ) {
				return strlen( $b ) - strlen( $a );
			}
		);
	}

	/**
	 * Attribution of an entry from its paths.
	 *
	 * @param array<int, string> $paths Paths, the error's own file first.
	 * @return array{type: string, slug: string, file: string}
	 */
	public function attribute( array $paths ): array {
		$core = null;
		foreach ( $paths as $path ) {
			$found = $this->classify( $path );
			if ( null === $found ) {
				continue;
			}
			if ( 'core' !== $found['type'] ) {
				return $found;
			}
			$core = $core ?? $found;
		}
		return $core ?? array(
			'type' => 'unknown',
			'slug' => '',
			'file' => '',
		);
	}

	/**
	 * Which extension one path belongs to.
	 *
	 * @param string $path File path.
	 * @return array{type: string, slug: string, file: string}|null
	 */
	public function classify( string $path ): ?array {
		$path = str_replace( '\\', '/', $path );
		foreach ( $this->roots as $root => $type ) {
			if ( 0 === strpos( $path, $root ) ) {
				return self::result( $type, substr( $path, strlen( $root ) ) );
			}
		}
		// Logs copied from another server: fall back on WordPress's default layout.
		foreach ( array(
			'/wp-content/plugins/'    => 'plugin',
			'/wp-content/mu-plugins/' => 'mu-plugin',
			'/wp-content/themes/'     => 'theme',
			'/wp-includes/'           => 'core',
			'/wp-admin/'              => 'core',
		) as $marker => $type ) {
			$at = strpos( $path, $marker );
			if ( false !== $at ) {
				return self::result( $type, substr( $path, $at + strlen( $marker ) ) );
			}
		}
		return null;
	}

	/**
	 * Builds a result from the path below the root.
	 *
	 * @param string $type     Type.
	 * @param string $relative Path below the root.
	 * @return array{type: string, slug: string, file: string}
	 */
	private static function result( string $type, string $relative ): array {
		$slash = strpos( $relative, '/' );
		if ( 'core' === $type ) {
			$slug = 'wordpress'; // phpcs:ignore WordPress.WP.CapitalPDangit -- a slug, not prose.
		} elseif ( false === $slash ) {
			// A single-file plugin (hello.php) or must-use plugin: the file names it.
			$slug = preg_replace( '/\.php$/', '', $relative );
		} else {
			$slug = substr( $relative, 0, $slash );
		}
		return array(
			'type' => $type,
			'slug' => (string) $slug,
			'file' => $relative,
		);
	}

	/**
	 * A directory with forward slashes and one trailing slash.
	 *
	 * @param string $dir Directory.
	 * @return string
	 */
	private static function dir( string $dir ): string {
		return rtrim( str_replace( '\\', '/', $dir ), '/' ) . '/';
	}
}
