<?php
/**
 * A timed request to wp-cron.php the way spawn_cron() sends it, and what blocked it.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * Core's spawn fires a non-blocking POST with a 0.01 s timeout and never looks at the answer, so a
 * firewall, HTTP authentication or a TLS error stops cron silently. This sends the same request (same
 * cron_request filter, same https_local_ssl_verify), but waits for it. Its doing_wp_cron value is not a
 * time and never matches the lock, so wp-cron.php answers without running any event.
 */
final class Spawn_Tester {

	/** Seconds to wait. */
	public const TIMEOUT = 10;

	/**
	 * Sends the request.
	 *
	 * @param int $timeout Seconds to wait.
	 * @return array{ok: bool, outcome: string, status: int|null, message: string, url: string, duration_ms: int, timeout: int, sslverify: bool, server: string}
	 */
	public function test( int $timeout = self::TIMEOUT ): array {
		$marker = 'triage-spawn-test';
		// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filters, applied as spawn_cron() applies them.
		$request = apply_filters(
			'cron_request',
			array(
				'url'  => add_query_arg( 'doing_wp_cron', $marker, site_url( 'wp-cron.php' ) ),
				'key'  => $marker,
				'args' => array(
					'timeout'   => 0.01,
					'blocking'  => false,
					/** This filter is documented in wp-includes/class-wp-http-streams.php */
					'sslverify' => apply_filters( 'https_local_ssl_verify', false ),
				),
			),
			$marker
		);
		// phpcs:enable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
		$url       = is_array( $request ) && isset( $request['url'] ) ? (string) $request['url'] : site_url( 'wp-cron.php' );
		$args      = is_array( $request ) && isset( $request['args'] ) && is_array( $request['args'] ) ? $request['args'] : array();
		$sslverify = (bool) ( $args['sslverify'] ?? false );
		// Wait for the answer and see redirects instead of following them.
		$args['blocking']    = true;
		$args['timeout']     = $timeout;
		$args['redirection'] = 0;

		$start    = microtime( true );
		$response = wp_remote_post( $url, $args );
		$duration = (int) round( ( microtime( true ) - $start ) * 1000 );
		$result   = array(
			'ok'          => false,
			'outcome'     => 'error',
			'status'      => null,
			'message'     => '',
			'url'         => $url,
			'duration_ms' => $duration,
			'timeout'     => $timeout,
			'sslverify'   => $sslverify,
			'server'      => '',
		);
		if ( is_wp_error( $response ) ) {
			$result['message'] = $response->get_error_message();
			$result['outcome'] = self::error_outcome( $result['message'] );
			return $result;
		}
		$status            = (int) wp_remote_retrieve_response_code( $response );
		$result['status']  = $status;
		$result['server']  = substr( self::header( $response, 'server' ), 0, 80 );
		$result['outcome'] = self::status_outcome( $status, self::header( $response, 'www-authenticate' ) !== '' );
		$result['ok']      = 'ok' === $result['outcome'];
		$result['message'] = (string) wp_remote_retrieve_response_message( $response );
		return $result;
	}

	/**
	 * A response header as one string (repeated headers joined).
	 *
	 * @param array<string, mixed> $response Response.
	 * @param string               $name     Header.
	 * @return string
	 */
	private static function header( array $response, string $name ): string {
		$value = wp_remote_retrieve_header( $response, $name );
		return is_array( $value ) ? implode( ', ', $value ) : $value;
	}

	/**
	 * What an HTTP status says about the spawn.
	 *
	 * @param int  $status       Status.
	 * @param bool $authenticate Whether the answer asks for credentials.
	 * @return string ok, auth, forbidden, not_found, redirect, rate_limited, server_error or unexpected.
	 */
	public static function status_outcome( int $status, bool $authenticate ): string {
		if ( $status >= 200 && $status < 300 ) {
			return 'ok';
		}
		if ( 401 === $status || ( 403 === $status && $authenticate ) ) {
			return 'auth';
		}
		if ( 403 === $status ) {
			return 'forbidden';
		}
		if ( 404 === $status ) {
			return 'not_found';
		}
		if ( 429 === $status ) {
			return 'rate_limited';
		}
		if ( $status >= 300 && $status < 400 ) {
			return 'redirect';
		}
		return $status >= 500 ? 'server_error' : 'unexpected';
	}

	/**
	 * What a transport error says about the spawn.
	 *
	 * @param string $message Error message (cURL's or the streams transport's).
	 * @return string timeout, tls, dns, refused, blocked or error.
	 */
	public static function error_outcome( string $message ): string {
		$checks = array(
			'timeout' => '/cURL error 28|timed? ?out/i',
			'tls'     => '/cURL error (35|51|58|60|77)|SSL|certificate|TLS/i',
			'dns'     => '/cURL error 6\b|resolve host|getaddrinfo|name or service not known/i',
			'refused' => '/cURL error 7\b|connection refused|failed to connect|could not connect/i',
			'blocked' => '/blocked requests through HTTP/i',
		);
		foreach ( $checks as $outcome => $pattern ) {
			if ( 1 === preg_match( $pattern, $message ) ) {
				return $outcome;
			}
		}
		return 'error';
	}
}
