<?php
/**
 * Signed, single-use tokens that let Triage's own loopback requests ask for measurements.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * A token is "id.expires.user.hmac": HMAC-SHA256 with a key derived from the site's auth salt, bound to the
 * user who started the probe, valid for seconds, and usable once (the id is stored until first use), so
 * nobody else can make the site report its memory.
 */
final class Probe_Token {

	public const HEADER = 'X-Triage-Probe';

	private const TRANSIENT_PREFIX = 'triage_probe_';

	/**
	 * Issues a token for one request.
	 *
	 * @param int $user_id User who asks.
	 * @param int $ttl     Seconds the token stays valid.
	 * @return string
	 */
	public function issue( int $user_id, int $ttl = 60 ): string {
		$id      = bin2hex( random_bytes( 16 ) );
		$expires = time() + max( 1, $ttl );
		set_transient( self::TRANSIENT_PREFIX . $id, $expires, $ttl + 5 );
		return $id . '.' . $expires . '.' . $user_id . '.' . $this->sign( $id, $expires, $user_id );
	}

	/**
	 * Checks a token and consumes it. Returns the user id it was issued to, or 0 when invalid.
	 *
	 * @param string $token Token from the request header.
	 * @return int
	 */
	public function redeem( string $token ): int {
		$parts = explode( '.', $token );
		if ( 4 !== count( $parts ) || ! preg_match( '/^[a-f0-9]{32}$/', $parts[0] ) || ! ctype_digit( $parts[1] ) || ! ctype_digit( $parts[2] ) ) {
			return 0;
		}
		list( $id, $expires, $user_id, $signature ) = $parts;
		if ( (int) $expires < time() || ! hash_equals( $this->sign( $id, (int) $expires, (int) $user_id ), $signature ) ) {
			return 0;
		}
		// Single use: a replayed token finds its id gone.
		if ( false === get_transient( self::TRANSIENT_PREFIX . $id ) ) {
			return 0;
		}
		delete_transient( self::TRANSIENT_PREFIX . $id );
		return (int) $user_id;
	}

	/**
	 * The signature.
	 *
	 * @param string $id      Token id.
	 * @param int    $expires Expiry timestamp.
	 * @param int    $user_id User id.
	 * @return string
	 */
	private function sign( string $id, int $expires, int $user_id ): string {
		return hash_hmac( 'sha256', "triage-probe|$id|$expires|$user_id", wp_salt( 'auth' ) );
	}
}
