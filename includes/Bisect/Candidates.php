<?php
/**
 * What a bisection can test.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use Triage\Logs\Debug_Log_Location;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use Triage_Safe_Mode_Loader;

defined( 'ABSPATH' ) || exit;

/**
 * Candidates are the active plugins (network ones first) except Triage, and the active theme as
 * "theme:<stylesheet>" whenever another theme can stand in for it (a default theme that is neither the
 * active theme nor its parent, else the minimal theme Triage ships); suspects are marked.
 */
final class Candidates {

	public const THEME_PREFIX = 'theme:';

	/**
	 * Safe mode sessions (they know the real active plugins, even inside a session).
	 *
	 * @var Safe_Mode_Sessions
	 */
	private $safe_mode;

	/**
	 * Suspect finder.
	 *
	 * @var Suspects
	 */
	private $suspects;

	/**
	 * Where PHP logs errors.
	 *
	 * @var Debug_Log_Location
	 */
	private $log_location;

	/**
	 * Takes its collaborators.
	 *
	 * @param Safe_Mode_Sessions $safe_mode    Safe mode sessions.
	 * @param Suspects           $suspects     Suspect finder.
	 * @param Debug_Log_Location $log_location Log location.
	 */
	public function __construct( Safe_Mode_Sessions $safe_mode, Suspects $suspects, Debug_Log_Location $log_location ) {
		$this->safe_mode    = $safe_mode;
		$this->suspects     = $suspects;
		$this->log_location = $log_location;
	}

	/**
	 * What can be bisected: active plugins but Triage, then the active theme when another theme can stand
	 * in for it. Suspects are marked.
	 *
	 * @return array<int, array{id: string, name: string, kind: string, network: bool, suspect: ?string, suspect_at: ?int}>
	 */
	public function all(): array {
		$self       = plugin_basename( TRIAGE_FILE );
		$candidates = array();
		foreach ( $this->safe_mode->active_plugins() as $file => $info ) {
			if ( $file === $self ) {
				continue;
			}
			$candidates[ $file ] = array(
				'id'         => $file,
				'name'       => $info['name'],
				'kind'       => 'plugin',
				'network'    => $info['network'],
				'suspect'    => null,
				'suspect_at' => null,
			);
		}
		$theme = $this->theme_candidate();
		if ( null !== $theme ) {
			$candidates[ $theme['id'] ] = $theme;
		}
		$resolved = $this->log_location->resolve();
		foreach ( $this->suspects->find( array_keys( $candidates ), $resolved['effective'], time(), (string) get_option( 'template' ) ) as $suspect ) {
			if ( isset( $candidates[ $suspect['id'] ] ) ) {
				$candidates[ $suspect['id'] ]['suspect']    = $suspect['reason'];
				$candidates[ $suspect['id'] ]['suspect_at'] = $suspect['at'];
			}
		}
		return array_values( $candidates );
	}

	/**
	 * The active theme and what would stand in for it in probes ('' when nothing can: the theme cannot be
	 * tested), or null when the site names no theme.
	 *
	 * @return array{id: string, name: string, stylesheet: string, template: string, stand_in: string}|null
	 */
	public function theme(): ?array {
		$stylesheet = (string) get_option( 'stylesheet' );
		if ( '' === $stylesheet ) {
			return null;
		}
		$template = (string) get_option( 'template' );
		$theme    = wp_get_theme( $stylesheet );
		return array(
			'id'         => self::THEME_PREFIX . $stylesheet,
			'name'       => $theme->exists() ? wp_strip_all_tags( (string) $theme->get( 'Name' ) ) : $stylesheet,
			'stylesheet' => $stylesheet,
			'template'   => '' !== $template ? $template : $stylesheet,
			'stand_in'   => Triage_Safe_Mode_Loader::stand_in_theme( get_theme_root(), $stylesheet, $template, self::own_themes_dir() ),
		);
	}

	/**
	 * The folder of the theme Triage ships to stand in when no other theme can.
	 *
	 * @return string
	 */
	public static function own_themes_dir(): string {
		return TRIAGE_DIR . '/themes';
	}

	/**
	 * The candidate id a plugin or theme folder named in an error maps to, among the given ids: the plugin
	 * in that folder (or the single-file plugin of that name), or the active theme for its own folder and
	 * its parent's (a child theme's parent is part of the theme).
	 *
	 * @param string      $type       plugin or theme.
	 * @param string      $slug       Folder.
	 * @param string[]    $candidates Candidate ids.
	 * @param string|null $template   The active theme's parent folder, when it has one.
	 * @return string|null
	 */
	public static function id_for( string $type, string $slug, array $candidates, ?string $template = null ): ?string {
		foreach ( $candidates as $id ) {
			if ( 'theme' === $type && self::is_theme( $id ) ) {
				$stylesheet = substr( $id, strlen( self::THEME_PREFIX ) );
				if ( $slug === $stylesheet || ( null !== $template && '' !== $template && $slug === $template ) ) {
					return $id;
				}
			}
			if ( 'plugin' === $type && self::is_plugin( $id ) && ( dirname( $id ) === $slug || $id === $slug . '.php' ) ) {
				return $id;
			}
		}
		return null;
	}

	/**
	 * The active theme as a candidate, when another theme can replace it.
	 *
	 * @return array{id: string, name: string, kind: string, network: bool, suspect: ?string, suspect_at: ?int}|null
	 */
	private function theme_candidate(): ?array {
		$theme = $this->theme();
		if ( null === $theme || '' === $theme['stand_in'] ) {
			return null;
		}
		return array(
			'id'         => $theme['id'],
			'name'       => $theme['name'],
			'kind'       => 'theme',
			'network'    => false,
			'suspect'    => null,
			'suspect_at' => null,
		);
	}

	/**
	 * Whether a candidate id is a plugin.
	 *
	 * @param string $id Candidate id.
	 * @return bool
	 */
	public static function is_plugin( string $id ): bool {
		return ! self::is_theme( $id );
	}

	/**
	 * Whether a candidate id is the theme.
	 *
	 * @param string $id Candidate id.
	 * @return bool
	 */
	public static function is_theme( string $id ): bool {
		return 0 === strpos( $id, self::THEME_PREFIX );
	}
}
