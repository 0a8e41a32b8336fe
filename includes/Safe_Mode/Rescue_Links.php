<?php
/**
 * One-time rescue links into safe mode.
 *
 * @package Triage
 */

namespace Triage\Safe_Mode;

use Triage\Capabilities;
use Triage_Safe_Mode_Loader;

defined( 'ABSPATH' ) || exit;

/**
 * Creates the link an admin keeps for the day wp-admin itself fails. The token has 256 random bits and
 * only its HMAC is stored; the must-use loader consumes it (once, within 7 days, on the click of its
 * confirmation page, so a mail scanner's prefetch does not spend it) before any plugin loads. The rescue
 * session belongs to the creator: only they may log in during it, and only while they may use safe mode.
 * One link per site: creating a new one replaces the old one.
 */
final class Rescue_Links {

	public const DEFAULT_EXPIRY = 604800;

	/** Seven days: Triage_Safe_Mode_Loader::RESCUE_MAX_TTL, written out since that class may not be loaded yet. */
	public const MAX_EXPIRY = 604800;

	/**
	 * Capability policy: its safe mode capability is stored with the link for the loader to check.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Loads the codec.
	 *
	 * @param Capabilities|null $capabilities Capability policy; a new one by default.
	 */
	public function __construct( ?Capabilities $capabilities = null ) {
		Safe_Mode_Sessions::load_codec();
		$this->capabilities = $capabilities ?? new Capabilities();
	}

	/**
	 * Creates a link; the URL is shown once and never stored.
	 *
	 * @param int  $user_id    Admin the rescue session will belong to.
	 * @param int  $expires_in Seconds.
	 * @param bool $dry_run    Create nothing.
	 * @return array{url: string, expires_at: int}
	 */
	public function create( int $user_id, int $expires_in, bool $dry_run ): array {
		$expires = time() + max( 600, min( self::MAX_EXPIRY, $expires_in ) );
		if ( $dry_run ) {
			return array(
				'url'        => '',
				'expires_at' => $expires,
			);
		}
		$token = bin2hex( random_bytes( 32 ) );
		Triage_Safe_Mode_Loader::ensure_secret();
		update_option(
			Triage_Safe_Mode_Loader::RESCUE_OPTION,
			array(
				'hash'    => Triage_Safe_Mode_Loader::hash_token( $token ),
				'expires' => $expires,
				'user'    => $user_id,
				'theme'   => 1,
				'created' => time(),
				// The loader runs before plugins, so it cannot ask Capabilities: it checks this one.
				'c'       => $this->capabilities->capability( Capabilities::SAFE_MODE ),
			),
			false
		);
		return array(
			'url'        => add_query_arg( Triage_Safe_Mode_Loader::RESCUE_PARAM, $token, site_url( 'wp-login.php', 'login' ) ),
			'expires_at' => $expires,
		);
	}

	/**
	 * Whether a usable link exists.
	 *
	 * @return array{exists: bool, expires_at: int|null}
	 */
	public function status(): array {
		$stored = get_option( Triage_Safe_Mode_Loader::RESCUE_OPTION );
		$valid  = is_array( $stored ) && isset( $stored['expires'] ) && (int) $stored['expires'] > time();
		return array(
			'exists'     => $valid,
			'expires_at' => $valid ? (int) $stored['expires'] : null,
		);
	}

	/**
	 * Revokes the link.
	 *
	 * @return void
	 */
	public function revoke(): void {
		delete_option( Triage_Safe_Mode_Loader::RESCUE_OPTION );
	}
}
