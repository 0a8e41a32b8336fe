<?php
/**
 * Tells what started the cron run this request is part of.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * The signs each runner leaves:
 * - WP-CLI (wp cron event run): the WP_CLI constant.
 * - Loopback spawn (spawn_cron() on a page view): a request to wp-cron.php whose doing_wp_cron value is
 *   the microtime core formats with %.22F, sent by the WordPress HTTP API ("WordPress/x.y; <home>").
 * - System cron (curl, wget, a host's scheduler): a request to wp-cron.php without that pair; its
 *   doing_wp_cron is empty or absent.
 * - Alternate cron (ALTERNATE_WP_CRON): wp_cron() includes wp-cron.php inside an ordinary page view.
 * A run inside any other request (Triage's "run now", a plugin calling do_action) is "manual".
 */
final class Cron_Run_Source {

	/** Sources, in the order the UI lists them. */
	public const SOURCES = array( 'loopback', 'system', 'wp-cli', 'alternate', 'manual' );

	/**
	 * Source of a request described by its signs.
	 *
	 * @param array{wp_cli?: bool, doing_cron?: bool, script?: string, doing_wp_cron?: string|null, alternate?: bool, user_agent?: string} $signs Signs (see current()).
	 * @return string One of SOURCES.
	 */
	public static function classify( array $signs ): string {
		if ( ! empty( $signs['wp_cli'] ) ) {
			return 'wp-cli';
		}
		$script = isset( $signs['script'] ) ? (string) $signs['script'] : '';
		if ( 'wp-cron.php' === $script ) {
			$value = isset( $signs['doing_wp_cron'] ) ? (string) $signs['doing_wp_cron'] : '';
			$agent = isset( $signs['user_agent'] ) ? (string) $signs['user_agent'] : '';
			if ( 1 === preg_match( '/^\d{9,}\.\d{22}$/', $value ) && 0 === strpos( $agent, 'WordPress/' ) ) {
				return 'loopback';
			}
			return 'system';
		}
		if ( ! empty( $signs['doing_cron'] ) && ! empty( $signs['alternate'] ) ) {
			return 'alternate';
		}
		return 'manual';
	}

	/**
	 * Signs of the current request.
	 *
	 * @return array{wp_cli: bool, doing_cron: bool, script: string, doing_wp_cron: string|null, alternate: bool, user_agent: string, remote_addr: string}
	 */
	public static function current(): array {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended, WordPress.Security.ValidatedSanitizedInput -- read-only signs, shortened and sanitized before they are stored.
		$script = isset( $_SERVER['SCRIPT_FILENAME'] ) ? basename( (string) $_SERVER['SCRIPT_FILENAME'] ) : '';
		if ( ( '' === $script || 'index.php' === $script ) && isset( $_SERVER['SCRIPT_NAME'] ) ) {
			$script = basename( (string) $_SERVER['SCRIPT_NAME'] );
		}
		$signs = array(
			'wp_cli'        => defined( 'WP_CLI' ) && WP_CLI,
			'doing_cron'    => function_exists( 'wp_doing_cron' ) && wp_doing_cron(),
			'script'        => $script,
			'doing_wp_cron' => isset( $_GET['doing_wp_cron'] ) ? sanitize_text_field( wp_unslash( (string) $_GET['doing_wp_cron'] ) ) : null,
			'alternate'     => defined( 'ALTERNATE_WP_CRON' ) && ALTERNATE_WP_CRON,
			'user_agent'    => isset( $_SERVER['HTTP_USER_AGENT'] ) ? substr( sanitize_text_field( wp_unslash( (string) $_SERVER['HTTP_USER_AGENT'] ) ), 0, 120 ) : '',
			'remote_addr'   => isset( $_SERVER['REMOTE_ADDR'] ) ? substr( sanitize_text_field( (string) $_SERVER['REMOTE_ADDR'] ), 0, 45 ) : '',
		);
		// phpcs:enable
		return $signs;
	}
}
