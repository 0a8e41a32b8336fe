<?php
/**
 * Asks the site for its own front page, to see whether a change broke it.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * One GET of home_url() with a short timeout and no redirects followed. Only a 5xx answer counts as
 * broken: a loopback that cannot connect at all (firewalls, basic auth, split DNS) proves nothing either
 * way, and rolling back on it would make debug mode impossible to use on those hosts.
 */
final class Loopback_Checker {

	/** Seconds before the loopback gives up. */
	public const TIMEOUT = 8;

	/**
	 * Requests the front page.
	 *
	 * @return array{status: int|null, broken: bool, error: string|null, ms: int}
	 */
	public function check(): array {
		$started  = microtime( true );
		$response = wp_remote_get(
			add_query_arg( 'triage-loopback', (string) wp_rand(), home_url( '/' ) ),
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'sslverify'   => false,
				'headers'     => array( 'Cache-Control' => 'no-cache' ),
			)
		);
		$elapsed  = (int) round( ( microtime( true ) - $started ) * 1000 );
		if ( is_wp_error( $response ) ) {
			return array(
				'status' => null,
				'broken' => false,
				'error'  => $response->get_error_message(),
				'ms'     => $elapsed,
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		return array(
			'status' => $status,
			'broken' => $status >= 500,
			'error'  => null,
			'ms'     => $elapsed,
		);
	}
}
