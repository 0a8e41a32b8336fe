<?php
/**
 * Shared set-up for safe mode tests.
 *
 * @package Triage
 */

use Triage\Safe_Mode\Safe_Mode_Sessions;

Safe_Mode_Sessions::load_codec();

/**
 * Resets the cookie and gives helpers for sessions.
 */
abstract class Safe_Mode_Test_Case extends WP_UnitTestCase {

	/**
	 * Temp directories to remove.
	 *
	 * @var string[]
	 */
	protected $temp_dirs = array();

	protected function set_up() {
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
		// As on a site where Triage was activated.
		Triage_Safe_Mode_Loader::ensure_secret();
	}

	protected function tear_down() {
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
		foreach ( $this->temp_dirs as $dir ) {
			$this->remove_tree( $dir );
		}
	}

	/**
	 * A new temp directory.
	 *
	 * @return string
	 */
	protected function temp_dir() {
		$dir = sys_get_temp_dir() . '/triage-safe-' . uniqid( '', true );
		mkdir( $dir, 0755, true );
		$this->temp_dirs[] = $dir;
		return $dir;
	}

	/**
	 * Removes a directory tree.
	 *
	 * @param string $dir Directory.
	 * @return void
	 */
	protected function remove_tree( $dir ) {
		if ( ! is_dir( $dir ) ) {
			return;
		}
		foreach ( scandir( $dir ) as $entry ) {
			if ( '.' === $entry || '..' === $entry ) {
				continue;
			}
			$path = $dir . '/' . $entry;
			if ( is_dir( $path ) && ! is_link( $path ) ) {
				$this->remove_tree( $path );
			} else {
				unlink( $path );
			}
		}
		rmdir( $dir );
	}

	/**
	 * A signed session cookie value.
	 *
	 * @param int        $user_id User.
	 * @param array|null $keep    Plugins kept on.
	 * @param int        $ttl     Seconds to live (negative: expired).
	 * @return string
	 */
	protected function cookie_for( $user_id, $keep = array(), $ttl = 3600 ) {
		return Triage_Safe_Mode_Loader::encode(
			array(
				'u' => $user_id,
				'e' => time() + $ttl,
				'k' => $keep,
			)
		);
	}
}
