<?php
/**
 * Takes secrets out of log text before Triage shows or sends it.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Log lines are raw: a plugin may dump its configuration, a driver may echo a DSN, an access log may hold
 * a login form's query string. Every log text Triage returns passes through here (via
 * Log_Entry_Parser::scrub()) and comes out with these replaced by `[redacted]`:
 *
 * - the values of DB_PASSWORD, the eight authentication keys and salts, and Triage's safe mode secret,
 *   wherever they appear;
 * - the value in `define( 'SOMETHING_PASSWORD|SECRET|TOKEN|KEY|SALT', '…' )`;
 * - the value after a password, passwd, pwd, secret, token, api key, access key or auth key/salt name
 *   followed by `=`, `:` or `=>` (query strings, JSON, var_export output);
 * - the password in `scheme://user:password@host`, and Bearer/Basic credentials.
 */
final class Secret_Redactor {

	public const MARK = '[redacted]';

	/** Constants whose values are secrets. */
	private const CONSTANTS = array( 'DB_PASSWORD', 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' );

	/** Option of the safe mode loader's secret (Triage_Safe_Mode_Loader::SECRET_OPTION; that class may not be loaded). */
	private const LOADER_SECRET_OPTION = 'triage_safe_mode_secret';

	/**
	 * Redacts secrets from a text.
	 *
	 * @param string $text Text.
	 * @return string
	 */
	public static function redact( string $text ): string {
		if ( '' === $text ) {
			return $text;
		}
		$literals = self::literals();
		if ( array() !== $literals ) {
			$text = str_replace( $literals, self::MARK, $text );
		}
		$patterns = array(
			// The value passed to define() for a password, secret, token, key or salt constant.
			'/(define\s*\(\s*["\'][A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN|KEY|SALT)[A-Z0-9_]*["\']\s*,\s*)(?:"[^"]*"|\'[^\']*\')/i' => '$1' . self::MARK,
			// The value after a secret-sounding name and an equals sign, a colon or a double arrow.
			'/(\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth_key|auth_salt|logged_in_(?:key|salt)|nonce_(?:key|salt))[\w.-]*["\']?\s*(?:=>|[=:])\s*)(?:"[^"]*"|\'[^\']*\'|[^\s&,;"\'}\]]+)/i' => '$1' . self::MARK,
			// scheme://user:password@host.
			'#(\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(@)#i' => '$1' . self::MARK . '$2',
			// Authorization: Bearer …, Basic ….
			'/(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+\/=-]{8,}/' => '$1' . self::MARK,
		);
		return (string) preg_replace( array_keys( $patterns ), array_values( $patterns ), $text );
	}

	/**
	 * The secret values known on this site, longest first (so a secret containing another goes whole).
	 *
	 * @return array<int, string>
	 */
	private static function literals(): array {
		$values = array();
		foreach ( self::CONSTANTS as $name ) {
			if ( defined( $name ) ) {
				$values[] = constant( $name );
			}
		}
		$values[] = function_exists( 'get_site_option' ) ? get_site_option( self::LOADER_SECRET_OPTION ) : '';
		$secrets  = array();
		foreach ( $values as $value ) {
			// Very short values would redact ordinary words; the sample phrase is public.
			if ( is_string( $value ) && strlen( $value ) >= 6 && false === stripos( $value, 'put your unique phrase here' ) ) {
				$secrets[] = $value;
			}
		}
		$secrets = array_values( array_unique( $secrets ) );
		usort(
			$secrets,
			static function ( $a, $b ) {
				return strlen( $b ) - strlen( $a );
			}
		);
		return $secrets;
	}
}
