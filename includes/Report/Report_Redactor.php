<?php
/**
 * Takes secrets, personal data and absolute paths out of every string of the support report.
 *
 * @package Triage
 */

namespace Triage\Report;

use Triage\Logs\Secret_Redactor;

defined( 'ABSPATH' ) || exit;

/**
 * The report is built from allow-listed fields only; this is the second wall, run over every string it
 * holds just before it leaves: whatever a field carries (a check's evidence, a log line, a cron hook's
 * name), these never pass:
 *
 * - the value of every constant and variable wp-config.php defines, except the allowed constants
 *   (Config_Secrets), and the cookies of the current request;
 * - e-mail addresses, and IP addresses other than this server's own and loopback;
 * - in log text: every value after `name=` (query strings, cookies, form fields, nonces) and what
 *   Secret_Redactor already removes (keys, passwords, DSN credentials, Bearer tokens);
 * - the site root at the start of absolute paths, unless full paths were asked for.
 */
final class Report_Redactor {

	/**
	 * What a removed e-mail address becomes.
	 */
	public const EMAIL = '[email]';

	/**
	 * What a removed IP address becomes.
	 */
	public const IP = '[ip]';

	/**
	 * Literal values shorter than this are hidden only as whole words.
	 */
	private const WHOLE_WORD_BELOW = 8;

	/**
	 * Literal values to hide, longest first.
	 *
	 * @var array<int, string>
	 */
	private $literals;

	/**
	 * The site root with a trailing slash; empty to keep absolute paths.
	 *
	 * @var string
	 */
	private $root;

	/**
	 * Addresses that may stay: this server's own, and loopback.
	 *
	 * @var array<int, string>
	 */
	private $own_addresses;

	/**
	 * Takes what to hide.
	 *
	 * @param array<int, string> $literals      Values to hide wherever they appear.
	 * @param string             $root          Site root, made relative in paths; '' keeps full paths.
	 * @param array<int, string> $own_addresses IP addresses that may stay.
	 */
	public function __construct( array $literals, string $root, array $own_addresses = array() ) {
		// @phpstan-ignore argument.type (strlen()'s length is array_filter()'s truth value: empty values go)
		$literals = array_values( array_unique( array_filter( $literals, 'strlen' ) ) );
		usort(
			$literals,
			static function ( string $a, string $b ): int {
				return strlen( $b ) - strlen( $a );
			}
		);
		$this->literals      = $literals;
		$this->root          = '' === $root ? '' : rtrim( $root, '/\\' ) . '/';
		$this->own_addresses = array_merge( array( '127.0.0.1', '::1' ), $own_addresses );
	}

	/**
	 * The redactor for this site and request.
	 *
	 * @param bool        $full_paths Keep absolute paths.
	 * @param string|null $config     wp-config.php to read; null for this site's.
	 * @return self
	 */
	public static function for_this_site( bool $full_paths, ?string $config = null ): self {
		$secrets  = null === $config ? Config_Secrets::for_this_site() : new Config_Secrets( $config );
		$literals = $secrets->values();
		// Cookies hold sessions and nonces; their values go whatever their names. Never read for anything else.
		foreach ( (array) $_COOKIE as $value ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
			if ( is_string( $value ) && strlen( $value ) >= 4 ) {
				$literals[] = wp_unslash( $value );
			}
		}
		// So are the request's own query values long enough to be tokens (not format=json).
		foreach ( (array) $_GET as $value ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended, WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- read only to be hidden.
			if ( is_string( $value ) && strlen( $value ) >= 8 ) {
				$literals[] = wp_unslash( $value );
			}
		}
		$own = array();
		if ( ! empty( $_SERVER['SERVER_ADDR'] ) && is_string( $_SERVER['SERVER_ADDR'] ) ) {
			$own[] = sanitize_text_field( wp_unslash( $_SERVER['SERVER_ADDR'] ) );
		}
		return new self( $literals, $full_paths ? '' : ABSPATH, $own );
	}

	/**
	 * A text from the site's own facts (a check's evidence, a name, a path).
	 *
	 * @param string $text Text.
	 * @return string
	 */
	public function text( string $text ): string {
		if ( '' === $text ) {
			return $text;
		}
		// Secret_Redactor would take an earlier mark for a value and mark it again ("[redacted]]"): hide the
		// marks from it so that a text can pass here twice.
		$text = str_replace( Secret_Redactor::MARK, "\x01", $text );
		$text = str_replace( "\x01", Secret_Redactor::MARK, Secret_Redactor::redact( $text ) );
		$text = $this->literals( $text );
		$text = (string) preg_replace( '/[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/', self::EMAIL, $text );
		$text = $this->addresses( $text );
		return $this->path( $text );
	}

	/**
	 * A text read from a log: also loses every `name=value` value and everything after a Cookie header.
	 *
	 * @param string $text Log text.
	 * @return string
	 */
	public function log_text( string $text ): string {
		$text = (string) preg_replace( '/\b((?:set-)?cookie\s*[:=]\s*).*$/im', '$1' . Secret_Redactor::MARK, $text );
		$text = (string) preg_replace( '/([\w.\-\[\]%]+=)(?!\s|\[redacted\])[^\s&;,"\'<>]+/', '$1' . Secret_Redactor::MARK, $text );
		return $this->text( $text );
	}

	/**
	 * A path: relative to the site root unless full paths were asked for.
	 *
	 * @param string $text Text holding paths.
	 * @return string
	 */
	public function path( string $text ): string {
		if ( '' === $this->root || '' === $text ) {
			return $text;
		}
		$root = preg_quote( rtrim( $this->root, '/' ), '#' );
		// The root followed by a path loses itself and its slash; the root alone becomes ".".
		$text = (string) preg_replace( '#' . $root . '/(?=[^\s/"\'`|,;:)\]])#', '', $text );
		return (string) preg_replace( '#' . $root . '/?(?![\w.\-/])#', '.', $text );
	}

	/**
	 * Every string leaf of a value through text(); keys are the report's own and stay.
	 *
	 * @param mixed $value Value.
	 * @return mixed
	 */
	public function walk( $value ) {
		if ( is_array( $value ) ) {
			foreach ( $value as $key => $item ) {
				$value[ $key ] = $this->walk( $item );
			}
			return $value;
		}
		return is_string( $value ) ? $this->text( $value ) : $value;
	}

	/**
	 * Replaces the literal secrets: long ones wherever they appear, short ones (a database user called
	 * "shop") only as a whole word, so that a plugin folder or a word of the same name stays readable.
	 *
	 * @param string $text Text.
	 * @return string
	 */
	private function literals( string $text ): string {
		if ( array() === $this->literals ) {
			return $text;
		}
		$long  = array();
		$short = array();
		foreach ( $this->literals as $literal ) {
			if ( strlen( $literal ) >= self::WHOLE_WORD_BELOW ) {
				$long[] = $literal;
			} else {
				$short[] = '(?<![\w/.@-])' . preg_quote( $literal, '~' ) . '(?![\w/.@-])';
			}
		}
		$text = str_replace( $long, Secret_Redactor::MARK, $text );
		return array() === $short ? $text : (string) preg_replace( '~' . implode( '|', $short ) . '~', Secret_Redactor::MARK, $text );
	}

	/**
	 * Replaces IP addresses that are not this server's.
	 *
	 * @param string $text Text.
	 * @return string
	 */
	private function addresses( string $text ): string {
		$own     = $this->own_addresses;
		$replace = static function ( array $found ) use ( $own ): string {
			$candidate = trim( $found[0], '[]' );
			if ( false === filter_var( $candidate, FILTER_VALIDATE_IP ) || in_array( $candidate, $own, true ) ) {
				return $found[0];
			}
			return self::IP;
		};
		// IPv4, then IPv6 (at least two colons and a hex digit; a time like 12:34:56 is not a valid address).
		$text = (string) preg_replace_callback( '/(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/', $replace, $text );
		return (string) preg_replace_callback( '/(?<![\w:.])\[?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?\]?(?![\w:])/', $replace, $text );
	}
}
