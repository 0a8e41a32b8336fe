<?php
/**
 * Login cookies for a request the site sends to itself.
 *
 * @package Triage
 */

namespace Triage\Http;

defined( 'ABSPATH' ) || exit;

/**
 * Loopback requests that must run as the current user (the health check's /wp-admin/ probe, logged-in
 * bisection probes) cannot pass on the browser's cookies: a REST request never receives the wp-admin auth
 * cookie, whose path is /wp-admin. These cookies are minted instead, on the user's current session token,
 * so no new session is created, and they expire in minutes.
 */
final class Loopback_Login {

	/** Lifetime of the minted cookies, in seconds. */
	public const LIFETIME = 600;

	/**
	 * The logged_in and auth cookies of the current user, for a request to $url; none when logged out.
	 *
	 * @param string $url URL the cookies go to (its scheme picks the secure auth cookie).
	 * @return array<string, string>
	 */
	public static function cookies_for( string $url ): array {
		$user_id = get_current_user_id();
		if ( $user_id < 1 ) {
			return array();
		}
		$expires = time() + self::LIFETIME;
		$token   = wp_get_session_token();
		$secure  = 'https' === wp_parse_url( $url, PHP_URL_SCHEME );
		return array(
			LOGGED_IN_COOKIE                               => wp_generate_auth_cookie( $user_id, $expires, 'logged_in', $token ),
			( $secure ? SECURE_AUTH_COOKIE : AUTH_COOKIE ) => wp_generate_auth_cookie( $user_id, $expires, $secure ? 'secure_auth' : 'auth', $token ),
		);
	}
}
