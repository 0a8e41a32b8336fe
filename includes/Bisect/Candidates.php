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
 * "theme:<stylesheet>" when an installed default theme can stand in for it; suspects are marked.
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
	 * What can be bisected: active plugins but Triage, then the active theme when a default theme is there
	 * to stand in for it. Suspects are marked.
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
		foreach ( $this->suspects->find( array_keys( $candidates ), $resolved['effective'], time() ) as $suspect ) {
			if ( isset( $candidates[ $suspect['id'] ] ) ) {
				$candidates[ $suspect['id'] ]['suspect']    = $suspect['reason'];
				$candidates[ $suspect['id'] ]['suspect_at'] = $suspect['at'];
			}
		}
		return array_values( $candidates );
	}

	/**
	 * The active theme as a candidate, when an installed default theme can replace it.
	 *
	 * @return array{id: string, name: string, kind: string, network: bool, suspect: ?string, suspect_at: ?int}|null
	 */
	private function theme_candidate(): ?array {
		$default    = Triage_Safe_Mode_Loader::default_theme( get_theme_root() );
		$stylesheet = (string) get_option( 'stylesheet' );
		if ( '' === $default || $default === $stylesheet || '' === $stylesheet ) {
			return null;
		}
		$theme = wp_get_theme( $stylesheet );
		return array(
			'id'         => self::THEME_PREFIX . $stylesheet,
			'name'       => $theme->exists() ? wp_strip_all_tags( (string) $theme->get( 'Name' ) ) : $stylesheet,
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
