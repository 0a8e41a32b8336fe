<?php
/**
 * Requests the site makes to itself, in parallel, each with a strict timeout.
 *
 * @package Triage
 */

namespace Triage\Health;

use Triage\Http\Loopback_Login;
use Triage\Logs\Debug_Log_Location;
use WpOrg\Requests\Requests;

defined( 'ABSPATH' ) || exit;

/**
 * Probes the front page and /wp-admin/ (both asked to report their peak memory with a signed token),
 * the REST root, admin-ajax.php and, when it lives under the web root, the debug log's URL.
 */
final class Loopback_Prober {

	/**
	 * Token issuer.
	 *
	 * @var Probe_Token
	 */
	private $tokens;

	/**
	 * Takes its collaborators.
	 *
	 * @param Probe_Token $tokens Token issuer.
	 */
	public function __construct( Probe_Token $tokens ) {
		$this->tokens = $tokens;
	}

	/**
	 * Seconds each request may take.
	 *
	 * @return float
	 */
	public function timeout(): float {
		/**
		 * Filters the timeout of each loopback probe, in seconds.
		 *
		 * @param float $seconds Default 10.
		 */
		return max( 1.0, (float) apply_filters( 'triage_loopback_timeout', 10.0 ) );
	}

	/**
	 * What to request, by probe name.
	 *
	 * @return array<string, array{url: string, headers: array<string, string>, cookies: array<string, string>}>
	 */
	public function targets(): array {
		$user_id = get_current_user_id();
		$targets = array(
			'front' => array(
				'url'     => home_url( '/' ),
				'headers' => array( Probe_Token::HEADER => $this->tokens->issue( $user_id ) ),
				'cookies' => array(),
			),
			'admin' => array(
				'url'     => admin_url( '/' ),
				'headers' => array( Probe_Token::HEADER => $this->tokens->issue( $user_id ) ),
				'cookies' => Loopback_Login::cookies_for( admin_url( '/' ) ),
			),
			'rest'  => array(
				'url'     => rest_url(),
				'headers' => array(),
				'cookies' => array(),
			),
			'ajax'  => array(
				'url'     => admin_url( 'admin-ajax.php' ),
				'headers' => array(),
				'cookies' => array(),
			),
		);
		$log_url = $this->debug_log_url();
		if ( null !== $log_url ) {
			$targets['debug_log'] = array(
				'url'     => $log_url,
				'headers' => array( 'Range' => 'bytes=0-0' ),
				'cookies' => array(),
			);
		}
		return $targets;
	}

	/**
	 * Runs every probe at once and waits for all (each bounded by the timeout).
	 *
	 * @return array<string, Loopback_Result>
	 */
	public function probe_all(): array {
		$targets  = $this->targets();
		$timings  = array();
		$requests = $this->requests( $targets, $this->timeout(), $timings );

		$started   = microtime( true );
		$responses = $requests ? Requests::request_multiple( $requests ) : array();
		$elapsed   = microtime( true ) - $started;

		$results = array();
		foreach ( $targets as $name => $target ) {
			$result   = new Loopback_Result( $target['url'] );
			$response = isset( $responses[ $name ] ) ? $responses[ $name ] : null;
			if ( $response instanceof \WpOrg\Requests\Response ) {
				$result->status     = (int) $response->status_code;
				$info               = isset( $timings[ $name ] ) ? $timings[ $name ] : array();
				$result->ttfb       = isset( $info['starttransfer_time'] ) ? (float) $info['starttransfer_time'] : null;
				$result->total      = isset( $info['total_time'] ) ? (float) $info['total_time'] : $elapsed;
				$result->first_line = self::first_line( (string) $response->body );
				$result->memory     = Probe_Responder::parse( (string) $response->body );
				$headers            = self::headers( $response );
				$result->server     = isset( $headers['server'] ) ? substr( sanitize_text_field( $headers['server'] ), 0, 100 ) : '';
				$result->location   = isset( $headers['location'] ) ? esc_url_raw( $headers['location'] ) : '';
				$result->snippet    = Loopback_Block::snippet( (string) $response->body );
				$result->blocked    = Loopback_Block::reason( $result->status, $headers, (string) $response->body );
			} else {
				$message           = $response instanceof \Exception ? $response->getMessage() : __( 'No response.', 'triage' );
				$result->error     = $message;
				$result->timed_out = (bool) preg_match( '/timed out|cURL error 28/i', $message );
				$result->total     = $elapsed;
			}
			$results[ $name ] = $result;
		}//end foreach
		return $results;
	}

	/**
	 * The requests for request_multiple(), by probe name.
	 *
	 * @param array<string, array{url: string, headers: array<string, string>, cookies: array<string, string>}> $targets Targets.
	 * @param float                                                                                             $timeout Seconds per request.
	 * @param array<string, array<string, mixed>>                                                               $timings Filled with curl timings as requests complete.
	 * @return array<string, array<string, mixed>>
	 */
	public function requests( array $targets, float $timeout, array &$timings ): array {
		/** This filter is documented in wp-includes/class-wp-http-streams.php */
		$verify   = (bool) apply_filters( 'https_local_ssl_verify', false ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
		$requests = array();
		foreach ( $targets as $name => $target ) {
			$headers = $target['headers'] + array( 'Cache-Control' => 'no-cache' );
			if ( $target['cookies'] ) {
				// As a header: Requests adds its 'cookies' option in a hook that request_multiple() never
				// runs, so the dashboard probe went out without its login and was sent to wp-login.php.
				$pairs = array();
				foreach ( $target['cookies'] as $cookie => $value ) {
					$pairs[] = $cookie . '=' . rawurlencode( $value );
				}
				$headers['Cookie'] = implode( '; ', $pairs );
			}
			$requests[ $name ] = array(
				'url'     => $target['url'],
				'headers' => $headers,
				'type'    => Requests::GET,
				'options' => array(
					'timeout'          => $timeout,
					'connect_timeout'  => min( 3.0, $timeout ),
					// As core's own loopbacks: off by default (self-signed certificates), on where the site asks.
					'verify'           => $verify,
					'follow_redirects' => false,
					'useragent'        => 'Triage/' . TRIAGE_VERSION . ' (health probe)',
					'hooks'            => $this->timing_hooks( $name, $timings ),
				),
			);
		}//end foreach
		return $requests;
	}

	/**
	 * Hooks that keep a request's curl timings: the transport reports them only through this hook.
	 *
	 * @param string                              $name    Probe name.
	 * @param array<string, array<string, mixed>> $timings Timings by probe name (curl_getinfo()), filled in when the request completes.
	 * @return \WpOrg\Requests\Hooks
	 */
	private function timing_hooks( string $name, array &$timings ): \WpOrg\Requests\Hooks {
		$hooks = new \WpOrg\Requests\Hooks();
		$hooks->register(
			'curl.after_request',
			static function ( $headers, $info = null ) use ( $name, &$timings ) {
				if ( is_array( $info ) ) {
					$timings[ $name ] = $info;
				}
			}
		);
		return $hooks;
	}

	/**
	 * A response's headers, names lowercase, repeated headers joined.
	 *
	 * @param \WpOrg\Requests\Response $response Response.
	 * @return array<string, string>
	 */
	private static function headers( \WpOrg\Requests\Response $response ): array {
		$headers = array();
		foreach ( $response->headers->getAll() as $name => $values ) {
			$headers[ strtolower( (string) $name ) ] = implode( ', ', (array) $values );
		}
		return $headers;
	}

	/**
	 * The first non-empty line of text in a body, for evidence.
	 *
	 * @param string $body Body.
	 * @return string
	 */
	public static function first_line( string $body ): string {
		$text = trim( wp_strip_all_tags( substr( $body, 0, 8192 ) ) );
		$line = (string) strtok( $text, "\n" );
		return wp_check_invalid_utf8( substr( trim( $line ), 0, 200 ), true );
	}

	/**
	 * The URL of the error log when it lies under the web root, else null.
	 *
	 * @return string|null
	 */
	private function debug_log_url(): ?string {
		$path = ( new Debug_Log_Location() )->resolve()['effective'];
		if ( null === $path ) {
			return null;
		}
		$path = wp_normalize_path( $path );
		$root = wp_normalize_path( ABSPATH );
		if ( 0 !== strpos( $path, $root ) ) {
			return null;
		}
		return site_url( '/' . ltrim( substr( $path, strlen( $root ) ), '/' ) );
	}
}
