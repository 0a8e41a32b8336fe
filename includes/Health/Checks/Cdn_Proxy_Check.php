<?php
/**
 * Signs of a CDN or reverse proxy in front of the site, and whether the origin sees real client addresses.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the headers of the administrator's own request. A proxy's 502/504/52x can come from the proxy
 * itself (origin too slow for its timeout, origin refusing the proxy's address) rather than from PHP.
 */
final class Cdn_Proxy_Check implements Check {

	/** Header => what it reveals. */
	private const HEADERS = array(
		'HTTP_CF_RAY'            => 'CF-Ray',
		'HTTP_CF_CONNECTING_IP'  => 'CF-Connecting-IP',
		'HTTP_X_FORWARDED_FOR'   => 'X-Forwarded-For',
		'HTTP_X_REAL_IP'         => 'X-Real-IP',
		'HTTP_VIA'               => 'Via',
		'HTTP_X_FORWARDED_PROTO' => 'X-Forwarded-Proto',
		'HTTP_FASTLY_CLIENT_IP'  => 'Fastly-Client-IP',
		'HTTP_TRUE_CLIENT_IP'    => 'True-Client-IP',
		'HTTP_X_AMZ_CF_ID'       => 'X-Amz-Cf-Id',
		'HTTP_X_SUCURI_CLIENTIP' => 'X-Sucuri-ClientIP',
	);

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'cdn_proxy';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'cdn';
	}

	/**
	 * {@inheritDoc}
	 */
	public function is_slow(): bool {
		return false;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$server   = $context->runtime()->server_vars();
		$remote   = isset( $server['REMOTE_ADDR'] ) ? sanitize_text_field( (string) $server['REMOTE_ADDR'] ) : '';
		$evidence = array( Check_Result::evidence( 'REMOTE_ADDR', '' !== $remote ? $remote : __( 'not set', 'triage' ) ) );
		$found    = array();
		foreach ( self::HEADERS as $key => $name ) {
			if ( isset( $server[ $key ] ) && '' !== (string) $server[ $key ] ) {
				$value         = substr( sanitize_text_field( (string) $server[ $key ] ), 0, 200 );
				$found[ $key ] = $value;
				$evidence[]    = Check_Result::evidence( $name, $value );
			}
		}
		if ( ! $found ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'No CDN or proxy headers on your request: it reached the web server directly', 'triage' ), $evidence );
		}

		$client = $this->client_address( $found );
		$vendor = self::vendor( $server );
		/* translators: %s: CDN or proxy name. */
		$evidence[] = Check_Result::evidence( __( 'In front of the site', 'triage' ), $vendor );
		$evidence[] = Check_Result::evidence( __( 'Who produced an error page', 'triage' ), self::error_sides( $vendor ) );
		$evidence[] = Check_Result::evidence( __( 'Finding a request in the CDN\'s logs', 'triage' ), self::request_id_hint( $found, $vendor ) );
		if ( null !== $client && $client !== $remote ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %s: CDN or proxy name. */
				sprintf( __( 'Behind %s, the origin sees the proxy\'s address instead of the visitor\'s', 'triage' ), $vendor ),
				$evidence,
				__( 'Security and rate-limiting plugins then count every visitor as the proxy: one ban or limit blocks everyone behind that edge, and the proxy reports the origin\'s refusal as 5xx. Proxy errors (502/504, Cloudflare\'s 520–524) also come from the origin being slower than the proxy\'s own timeout (100 s at Cloudflare).', 'triage' ),
				__( 'Restore the real client address at the web server: nginx\'s real_ip module (set_real_ip_from <proxy ranges>; real_ip_header CF-Connecting-IP or X-Forwarded-For;) or Apache\'s mod_remoteip, trusting only the proxy\'s published address ranges. Keep slow admin tasks under the proxy\'s timeout or run them over WP-CLI.', 'triage' )
			);
		}
		/* translators: %s: CDN or proxy name. */
		return Check_Result::measured( $this, Check_Result::GOOD, sprintf( __( 'Behind %s, and the origin sees the visitor\'s real address', 'triage' ), $vendor ), $evidence );
	}

	/**
	 * The CDN or proxy named by a request's headers: a product name, "a proxy" for generic proxy headers,
	 * or '' when the request reached the web server directly.
	 *
	 * @param array<string, mixed> $server Server variables of the request.
	 * @return string
	 */
	public static function vendor( array $server ): string {
		$has = static function ( string $key ) use ( $server ): bool {
			return isset( $server[ $key ] ) && '' !== (string) $server[ $key ];
		};
		if ( $has( 'HTTP_CF_RAY' ) || $has( 'HTTP_CF_CONNECTING_IP' ) ) {
			return 'Cloudflare';
		}
		if ( $has( 'HTTP_X_AMZ_CF_ID' ) ) {
			return 'CloudFront';
		}
		if ( $has( 'HTTP_X_SUCURI_CLIENTIP' ) ) {
			return 'Sucuri';
		}
		if ( $has( 'HTTP_FASTLY_CLIENT_IP' ) ) {
			return 'Fastly';
		}
		foreach ( array_keys( self::HEADERS ) as $key ) {
			if ( $has( $key ) ) {
				return __( 'a proxy', 'triage' );
			}
		}
		return '';
	}

	/**
	 * How to tell the CDN's own error pages from the origin's.
	 *
	 * @param string $vendor CDN or proxy name.
	 * @return string
	 */
	public static function error_sides( string $vendor ): string {
		if ( 'Cloudflare' === $vendor ) {
			return __( 'Cloudflare\'s own pages carry codes 520–527 and name Cloudflare with a Ray ID: 520 the origin sent an empty or invalid answer, 521 it refused the connection, 522 the connection timed out, 523 unreachable, 524 no answer within 100 s, 525 the TLS handshake failed, 526 the origin\'s certificate is invalid (Full (strict) mode). A plain 502/504 page naming nginx or Apache comes from the origin (PHP-FPM or its own proxy), with the cause in its error log.', 'triage' );
		}
		if ( 'CloudFront' === $vendor ) {
			return __( 'CloudFront\'s own pages say "Generated by cloudfront (CloudFront)" with a Request ID: a 502 there means it could not connect to the origin or its certificate failed, a 504 that the origin was too slow. A page naming nginx or Apache comes from the origin.', 'triage' );
		}
		/* translators: %s: CDN or proxy name. */
		return sprintf( __( 'An error page that names %s (or carries its request id) comes from the proxy: it could not connect, the origin\'s certificate failed, or the origin was too slow. A page naming nginx or Apache with the origin\'s look comes from this server, with the cause in its error log.', 'triage' ), $vendor );
	}

	/**
	 * Where the request id is and how to look it up.
	 *
	 * @param array<string, string> $found  Proxy headers found.
	 * @param string                $vendor CDN or proxy name.
	 * @return string
	 */
	private static function request_id_hint( array $found, string $vendor ): string {
		if ( isset( $found['HTTP_CF_RAY'] ) ) {
			/* translators: %s: the CF-Ray value of this request. */
			return sprintf( __( 'Every answer carries a CF-Ray header (this request: %s), also printed at the bottom of Cloudflare\'s error pages: search it under Security → Events or in Logpush/Log Explorer (RayID field).', 'triage' ), $found['HTTP_CF_RAY'] );
		}
		if ( isset( $found['HTTP_X_AMZ_CF_ID'] ) ) {
			/* translators: %s: the X-Amz-Cf-Id value of this request. */
			return sprintf( __( 'Every answer carries an X-Amz-Cf-Id header (this request: %s): search the x-edge-request-id field of the CloudFront standard or real-time logs.', 'triage' ), $found['HTTP_X_AMZ_CF_ID'] );
		}
		/* translators: %s: CDN or proxy name. */
		return sprintf( __( 'Look for a request id header in the answer the visitor got (X-Request-Id, X-Sucuri-ID, X-Served-By) and search it in %s\'s logs; the time and the visitor\'s address narrow it down otherwise.', 'triage' ), $vendor );
	}

	/**
	 * The client address a proxy reported, most specific header first.
	 *
	 * @param array<string, string> $found Headers found.
	 * @return string|null
	 */
	private function client_address( array $found ): ?string {
		foreach ( array( 'HTTP_CF_CONNECTING_IP', 'HTTP_TRUE_CLIENT_IP', 'HTTP_FASTLY_CLIENT_IP', 'HTTP_X_SUCURI_CLIENTIP', 'HTTP_X_REAL_IP', 'HTTP_X_FORWARDED_FOR' ) as $key ) {
			if ( isset( $found[ $key ] ) ) {
				$first = trim( explode( ',', $found[ $key ] )[0] );
				return '' !== $first ? $first : null;
			}
		}
		return null;
	}
}
