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
		$vendor = isset( $found['HTTP_CF_RAY'] ) ? 'Cloudflare' : ( isset( $found['HTTP_X_AMZ_CF_ID'] ) ? 'CloudFront' : ( isset( $found['HTTP_X_SUCURI_CLIENTIP'] ) ? 'Sucuri' : __( 'a proxy', 'triage' ) ) );
		/* translators: %s: CDN or proxy name. */
		$evidence[] = Check_Result::evidence( __( 'In front of the site', 'triage' ), $vendor );
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
