<?php
/**
 * The debug profiles Triage can switch a site to.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * Off: the site's own settings, exactly as they were. Log privately: errors go to a private, random-named
 * file and never to visitors. Developer: the same, plus unminified core scripts and the query log.
 *
 * About display_errors: with WP_DEBUG_DISPLAY false, WordPress's own wp_debug_mode() calls
 * ini_set( 'display_errors', 0 ) on every request, so Triage writes define() lines only and never an
 * ini_set() statement into wp-config.php (the editor only ever adds, changes and removes define() calls).
 */
final class Debug_Profiles {

	public const OFF       = 'off';
	public const LOG       = 'log';
	public const DEVELOPER = 'developer';

	/** Every constant a profile may set, in the order they are written. */
	public const MANAGED = array( 'WP_DEBUG', 'WP_DEBUG_LOG', 'WP_DEBUG_DISPLAY', 'SCRIPT_DEBUG', 'SAVEQUERIES' );

	/**
	 * Profile ids.
	 *
	 * @return array<int, string>
	 */
	public static function ids(): array {
		return array( self::OFF, self::LOG, self::DEVELOPER );
	}

	/**
	 * Human name of a profile.
	 *
	 * @param string $profile Profile id.
	 * @return string
	 */
	public static function label( string $profile ): string {
		switch ( $profile ) {
			case self::LOG:
				return __( 'Log privately', 'triage' );
			case self::DEVELOPER:
				return __( 'Developer', 'triage' );
			default:
				return __( 'Off', 'triage' );
		}
	}

	/**
	 * The constants a profile sets.
	 *
	 * @param string $profile  Profile id.
	 * @param string $log_file Private log file for WP_DEBUG_LOG.
	 * @return array<string, bool|string> Empty for Off, which restores instead.
	 */
	public static function values( string $profile, string $log_file ): array {
		if ( self::OFF === $profile ) {
			return array();
		}
		$values = array(
			'WP_DEBUG'         => true,
			'WP_DEBUG_LOG'     => $log_file,
			'WP_DEBUG_DISPLAY' => false,
		);
		if ( self::DEVELOPER === $profile ) {
			$values['SCRIPT_DEBUG'] = true;
			$values['SAVEQUERIES']  = true;
		}
		return $values;
	}
}
