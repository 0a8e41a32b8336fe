<?php
/**
 * The site's maintenance state: .maintenance, update locks, leftover upgrade folders, the drop-in.
 *
 * @package Triage
 */

namespace Triage\Maintenance;

defined( 'ABSPATH' ) || exit;

/**
 * Folders and the clock come in through the constructor, so the service works the same from WP-CLI, from
 * REST and in tests (which never touch the real WordPress folder: a fresh .maintenance there would answer
 * 503 to every other process).
 */
final class Maintenance_State {

	/** WordPress (wp_is_maintenance_mode()) honours the file for this long after $upgrading. */
	public const HONOURED_FOR = 600;

	/** Core's update locks and how long each is held before an upgrader may take it over. */
	public const LOCKS = array(
		'core_updater.lock' => 900,
		'auto_updater.lock' => 3600,
	);

	/** Entries listed per folder. */
	private const MAX_ITEMS = 10;

	/**
	 * WordPress's folder, with a trailing slash.
	 *
	 * @var string
	 */
	private $abspath;

	/**
	 * The wp-content folder, with a trailing slash.
	 *
	 * @var string
	 */
	private $content_dir;

	/**
	 * Current time.
	 *
	 * @var callable(): int
	 */
	private $clock;

	/**
	 * Takes the folders and an optional clock.
	 *
	 * @param string        $abspath     ABSPATH.
	 * @param string        $content_dir WP_CONTENT_DIR.
	 * @param callable|null $clock       Returns the current Unix time.
	 */
	public function __construct( string $abspath, string $content_dir, ?callable $clock = null ) {
		$this->abspath     = rtrim( $abspath, '/\\' ) . '/';
		$this->content_dir = rtrim( $content_dir, '/\\' ) . '/';
		$this->clock       = $clock ?? 'time';
	}

	/**
	 * The state of this site.
	 *
	 * @return self
	 */
	public static function for_this_site(): self {
		return new self( ABSPATH, WP_CONTENT_DIR );
	}

	/**
	 * Path of the .maintenance file.
	 *
	 * @return string
	 */
	public function file_path(): string {
		return $this->abspath . '.maintenance';
	}

	/**
	 * Current time.
	 *
	 * @return int
	 */
	public function now(): int {
		return (int) call_user_func( $this->clock );
	}

	/**
	 * Everything at once.
	 *
	 * @return array<string, mixed> Shape: includes/REST/schemas/maintenance/maintenance-state.json.
	 */
	public function read(): array {
		$file    = $this->file();
		$locks   = $this->locks();
		$folders = array(
			$this->folder( 'upgrade', 1 ),
			$this->folder( 'upgrade-temp-backup', 2 ),
		);
		$drop_in = $this->content_dir . 'maintenance.php';
		return array(
			'file'         => $file,
			'locks'        => $locks,
			'lock_held'    => (bool) array_filter( array_column( $locks, 'held' ) ),
			'folders'      => $folders,
			'drop_in'      => array(
				'path'     => $drop_in,
				'exists'   => is_file( $drop_in ),
				'modified' => is_file( $drop_in ) ? (int) filemtime( $drop_in ) : null,
			),
			'honoured_for' => self::HONOURED_FOR,
			'found'        => $file['exists'] || array_filter( array_column( $locks, 'held' ) ) || array_filter( array_column( $folders, 'leftovers' ) ),
			'now'          => $this->now(),
		);
	}

	/**
	 * The .maintenance file.
	 *
	 * @return array{path: string, exists: bool, format: string|null, upgrading: int|null, modified: int|null, bytes: int, age: int|null, honoured: bool, fresh: bool, expires_in: int|null}
	 */
	public function file(): array {
		$path  = $this->file_path();
		$state = array(
			'path'       => $path,
			'exists'     => false,
			'format'     => null,
			'upgrading'  => null,
			'modified'   => null,
			'bytes'      => 0,
			'age'        => null,
			'honoured'   => false,
			'fresh'      => false,
			'expires_in' => null,
		);
		clearstatcache( true, $path );
		if ( ! file_exists( $path ) ) {
			return $state;
		}
		$read               = Maintenance_File::read( $path );
		$now                = $this->now();
		$state['exists']    = true;
		$state['format']    = $read['format'];
		$state['upgrading'] = $read['upgrading'];
		$state['modified']  = $read['modified'];
		$state['bytes']     = $read['bytes'];
		if ( 'always' === $read['format'] ) {
			$state['age']   = 0;
			$state['fresh'] = true;
		} elseif ( null !== $read['upgrading'] || null !== $read['modified'] ) {
			// Unknown contents: the file's time is the best guess of when the update started.
			$since               = $read['upgrading'] ?? (int) $read['modified'];
			$state['age']        = $now - $since;
			$state['fresh']      = $state['age'] < self::HONOURED_FOR;
			$state['expires_in'] = $state['fresh'] ? self::HONOURED_FOR - max( 0, $state['age'] ) : null;
		}
		// Whether visitors get 503, asked as wp_is_maintenance_mode() asks it. WP-CLI hooks that filter to false
		// so that it runs in maintenance mode; from there the answer would describe WP-CLI, not visitors.
		$cli               = defined( 'WP_CLI' ) && WP_CLI;
		$state['honoured'] = $state['fresh'] && ( $cli || (bool) apply_filters( 'enable_maintenance_mode', true, $read['upgrading'] ?? $now ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
		return $state;
	}

	/**
	 * Core's update locks.
	 *
	 * @return array<int, array{name: string, set_at: int|null, age: int|null, timeout: int, held: bool}>
	 */
	public function locks(): array {
		$now   = $this->now();
		$found = array();
		foreach ( self::LOCKS as $name => $timeout ) {
			$value   = get_option( $name );
			$set_at  = is_numeric( $value ) ? (int) $value : null;
			$age     = null === $set_at ? null : $now - $set_at;
			$found[] = array(
				'name'    => $name,
				'set_at'  => $set_at,
				'age'     => $age,
				'timeout' => $timeout,
				'held'    => null !== $age && $age < $timeout,
			);
		}
		return $found;
	}

	/**
	 * A folder under wp-content the upgrader leaves files in.
	 *
	 * @param string $name  Folder name.
	 * @param int    $depth 2 to list the entries of its subfolders (upgrade-temp-backup/plugins/<slug>).
	 * @return array{name: string, path: string, exists: bool, leftovers: int, items: array<int, array{name: string, age: int}>, oldest_age: int|null}
	 */
	private function folder( string $name, int $depth ): array {
		$path   = $this->content_dir . $name;
		$result = array(
			'name'       => $name,
			'path'       => $path,
			'exists'     => is_dir( $path ),
			'leftovers'  => 0,
			'items'      => array(),
			'oldest_age' => null,
		);
		if ( ! $result['exists'] ) {
			return $result;
		}
		$now     = $this->now();
		$entries = self::entries( $path );
		if ( 2 === $depth ) {
			$nested = array();
			foreach ( $entries as $entry ) {
				if ( is_dir( $path . '/' . $entry ) ) {
					foreach ( self::entries( $path . '/' . $entry ) as $child ) {
						$nested[] = $entry . '/' . $child;
					}
				}
			}
			$entries = $nested;
		}
		$result['leftovers'] = count( $entries );
		foreach ( $entries as $entry ) {
			$age                  = $now - (int) @filemtime( $path . '/' . $entry ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a file removed meanwhile has no age.
			$result['oldest_age'] = max( (int) $result['oldest_age'], $age );
			if ( count( $result['items'] ) < self::MAX_ITEMS ) {
				$result['items'][] = array(
					'name' => $entry,
					'age'  => $age,
				);
			}
		}
		return $result;
	}

	/**
	 * Entries of a folder, without dot entries and the index.php / .htaccess that guard it.
	 *
	 * @param string $path Folder.
	 * @return array<int, string>
	 */
	private static function entries( string $path ): array {
		$list = @scandir( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- unreadable means nothing to list.
		if ( ! is_array( $list ) ) {
			return array();
		}
		return array_values( array_diff( $list, array( '.', '..', 'index.php', '.htaccess' ) ) );
	}
}
