<?php
/**
 * Tells a request that a firewall, security plugin or login wall stopped from one the site answered.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * A loopback answered 401, 403 or 429, with a challenge page or with a login page never reached WordPress's
 * page at all: judging it as "the site works" or "the site fails" would both be wrong. Recognises the
 * common security plugins and WAFs by the headers and words their block pages carry.
 */
final class Loopback_Block {

	/** Statuses that mean "refused", whatever the body. */
	private const REFUSED = array( 401, 403, 407, 429 );

	/**
	 * Who answered, by a lowercase substring of the body or headers (first match wins, most specific first).
	 *
	 * @var array<string, string>
	 */
	private const PRODUCTS = array(
		'wordfence'                                 => 'Wordfence',
		'your access to this site has been limited' => 'Wordfence',
		'sucuri website firewall'                   => 'Sucuri',
		'x-sucuri-id'                               => 'Sucuri',
		'cloudproxy'                                => 'Sucuri',
		'solid security'                            => 'Solid Security',
		'ithemes security'                          => 'Solid Security (iThemes Security)',
		'aiowps'                                    => 'All-In-One Security',
		'all in one wp security'                    => 'All-In-One Security',
		'ninjafirewall'                             => 'NinjaFirewall',
		'bulletproof'                               => 'BulletProof Security',
		'imunify360'                                => 'Imunify360',
		'mod_security'                              => 'ModSecurity',
		'modsecurity'                               => 'ModSecurity',
		'akamaighost'                               => 'Akamai',
		'server: cloudflare'                        => 'Cloudflare',
		'cf-mitigated'                              => 'Cloudflare',
		'cf-ray'                                    => 'Cloudflare',
		'attention required! | cloudflare'          => 'Cloudflare',
		'awselb'                                    => 'AWS WAF',
		'x-amzn-waf'                                => 'AWS WAF',
	);

	/** Lowercase substrings that only a challenge (bot check) page carries, whatever its status. */
	private const CHALLENGES = array( 'cf-chl', 'challenge-platform', 'cf-mitigated: challenge', 'checking your browser', '<title>just a moment' );

	/** Lowercase substrings of a CAPTCHA: a challenge only on an error status (a 200 page may have a form with one). */
	private const CAPTCHAS = array( 'captcha', 'cf-turnstile', 'just a moment' );

	/** Lowercase substrings of a login form in a page. */
	private const LOGIN_FORMS = array( 'id="loginform"', 'name="pwd"' );

	/**
	 * Why a request counts as blocked, in words; empty when it was not blocked.
	 *
	 * @param int                   $status  HTTP status.
	 * @param array<string, string> $headers Response headers (names in any case).
	 * @param string                $body    The start of the body.
	 * @return string
	 */
	public static function reason( int $status, array $headers, string $body ): string {
		$headers  = array_change_key_case( $headers, CASE_LOWER );
		$haystack = self::haystack( $headers, $body );
		$who      = self::who( $haystack );
		$location = isset( $headers['location'] ) ? (string) $headers['location'] : '';

		if ( self::has_any( $haystack, self::CHALLENGES ) || ( $status >= 400 && self::has_any( $haystack, self::CAPTCHAS ) ) ) {
			return '' !== $who
				/* translators: 1: security product, 2: HTTP status. */
				? sprintf( __( 'a challenge page from %1$s (HTTP %2$d)', 'triage' ), $who, $status )
				/* translators: %d: HTTP status. */
				: sprintf( __( 'a challenge page (HTTP %d)', 'triage' ), $status );
		}
		// Another 4xx counts when a security product signed it (ModSecurity's 406); not the answers
		// WordPress itself gives to a bare probe (admin-ajax's 400, a 404), even through a CDN.
		if ( in_array( $status, self::REFUSED, true ) || ( $status > 400 && $status < 500 && ! in_array( $status, array( 404, 405, 410 ), true ) && '' !== $who ) ) {
			return '' !== $who
				/* translators: 1: HTTP status, 2: security product. */
				? sprintf( __( 'HTTP %1$d from %2$s', 'triage' ), $status, $who )
				/* translators: %d: HTTP status. */
				: sprintf( __( 'HTTP %d', 'triage' ), $status );
		}
		if ( $status >= 300 && $status < 400 && false !== stripos( $location, 'wp-login.php' ) ) {
			/* translators: 1: HTTP status, 2: URL. */
			return sprintf( __( 'a redirect to the login page (HTTP %1$d to %2$s)', 'triage' ), $status, $location );
		}
		if ( 200 === $status && self::has_any( strtolower( $body ), self::LOGIN_FORMS ) ) {
			return '' !== $who
				/* translators: %s: security product. */
				? sprintf( __( 'a login page from %s (HTTP 200)', 'triage' ), $who )
				: __( 'a login page (HTTP 200)', 'triage' );
		}
		return '';
	}

	/**
	 * The security product or WAF named by the headers or the body, or '' when none is recognisable.
	 *
	 * @param string $haystack Lowercase headers and body (see haystack()).
	 * @return string
	 */
	public static function who( string $haystack ): string {
		foreach ( self::PRODUCTS as $needle => $product ) {
			if ( false !== strpos( $haystack, $needle ) ) {
				return $product;
			}
		}
		return '';
	}

	/**
	 * Headers as "name: value" lines, then the start of the body, lowercased.
	 *
	 * @param array<string, string> $headers Headers, names lowercase.
	 * @param string                $body    Body.
	 * @return string
	 */
	public static function haystack( array $headers, string $body ): string {
		$lines = '';
		foreach ( $headers as $name => $value ) {
			$lines .= strtolower( $name . ': ' . $value ) . "\n";
		}
		return $lines . strtolower( substr( $body, 0, 16384 ) );
	}

	/**
	 * The start of a body as one line of text, for evidence.
	 *
	 * @param string $body Body.
	 * @return string
	 */
	public static function snippet( string $body ): string {
		// A space before every tag keeps "<title>403</title><h1>Denied</h1>" from reading "403Denied".
		$text = (string) preg_replace( '/\s+/', ' ', wp_strip_all_tags( str_replace( '<', ' <', substr( $body, 0, 4096 ) ) ) );
		$text = trim( wp_check_invalid_utf8( $text, true ) );
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, 160 ) : substr( $text, 0, 160 );
	}

	/**
	 * Whether any needle is in the haystack.
	 *
	 * @param string   $haystack Lowercase text.
	 * @param string[] $needles  Lowercase needles.
	 * @return bool
	 */
	private static function has_any( string $haystack, array $needles ): bool {
		foreach ( $needles as $needle ) {
			if ( false !== strpos( $haystack, $needle ) ) {
				return true;
			}
		}
		return false;
	}
}
