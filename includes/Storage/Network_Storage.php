<?php
/**
 * Options and transients that belong to the whole installation.
 *
 * @package Triage
 */

namespace Triage\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Network-wide on multisite (one debug profile, one log summary for the whole network, because they are
 * about one wp-config.php and one set of log files), the site's own options otherwise.
 *
 * The single-site branch is not the same as calling the *_site_* functions there: a single site's "site
 * transients" live under other names (`_site_transient_…`), and update_site_option() cannot autoload.
 */
final class Network_Storage {

	/**
	 * Reads an option.
	 *
	 * @param string $name     Option name.
	 * @param mixed  $fallback Returned when the option does not exist.
	 * @return mixed
	 */
	public function get_option( string $name, $fallback = false ) {
		return is_multisite() ? get_site_option( $name, $fallback ) : get_option( $name, $fallback );
	}

	/**
	 * Writes an option.
	 *
	 * @param string $name     Option name.
	 * @param mixed  $value    Value.
	 * @param bool   $autoload Load with every request on a single site (network options have no such flag).
	 * @return bool Whether the value changed.
	 */
	public function update_option( string $name, $value, bool $autoload ): bool {
		return is_multisite() ? update_site_option( $name, $value ) : update_option( $name, $value, $autoload );
	}

	/**
	 * Deletes an option.
	 *
	 * @param string $name Option name.
	 * @return bool Whether it was deleted.
	 */
	public function delete_option( string $name ): bool {
		return is_multisite() ? delete_site_option( $name ) : delete_option( $name );
	}

	/**
	 * Reads a transient.
	 *
	 * @param string $name Transient name.
	 * @return mixed False when missing or expired.
	 */
	public function get_transient( string $name ) {
		return is_multisite() ? get_site_transient( $name ) : get_transient( $name );
	}

	/**
	 * Writes a transient.
	 *
	 * @param string $name       Transient name.
	 * @param mixed  $value      Value.
	 * @param int    $expiration Seconds to keep it.
	 * @return bool Whether it was saved.
	 */
	public function set_transient( string $name, $value, int $expiration ): bool {
		return is_multisite() ? set_site_transient( $name, $value, $expiration ) : set_transient( $name, $value, $expiration );
	}

	/**
	 * Deletes a transient.
	 *
	 * @param string $name Transient name.
	 * @return bool Whether it was deleted.
	 */
	public function delete_transient( string $name ): bool {
		return is_multisite() ? delete_site_transient( $name ) : delete_transient( $name );
	}
}
