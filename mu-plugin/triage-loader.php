<?php
/**
 * Plugin Name: Triage safe mode loader
 * Description: Lets one administrator browse with some plugins off, for their browser only. Installed and removed by the Triage plugin; does nothing for visitors.
 * Version:     1.4.0
 * Author:      The Triage team
 * License:     GPL-2.0-or-later
 *
 * Per request without a Triage cookie, rescue parameter or probe header this file runs defined( 'ABSPATH' ),
 * class_exists( 'Triage_Safe_Mode_Loader', false ), three isset() checks and one comparison of a constant (the
 * flight recorder's, 0 unless an administrator turned it on): no other function call, no file access, no database
 * query. With the `triage_safe_mode` cookie it checks an
 * HMAC-SHA256 signature, then filters the list of active plugins for this request only. The real
 * active_plugins option is never written. The key is derived from a 256-bit random secret Triage stores at
 * activation in a non-autoloaded option (read with one query, only on requests that carry the cookie, a
 * rescue link or a probe header), mixed with AUTH_KEY and AUTH_SALT when they are real: empty, undefined or
 * sample salts are public, so they are never relied on, and without the secret nothing verifies.
 *
 * Bisection probes are loopback requests with an X-Triage-Probe header: a single-request override signed
 * with another key derived from the secret, naming the user who started it, an expiry a few minutes ahead
 * and a nonce that the site stored (with the plugins and theme to load) and that this file deletes on
 * first use. A forged, tampered, expired or replayed header is ignored, and so is one carried by another user.
 *
 * When a plugin or the theme fatals on every request outside wp-admin, Triage's own REST API fails too. An
 * administrator can then get the `triage_rest` cookie (from an admin-ajax action, which still works): signed
 * with its own key, bound to them, their capability and at most an hour, it turns every other plugin off (and,
 * if asked, the theme) for that administrator's requests to Triage's REST routes only. The Triage page marks
 * those calls with the probe header's value `rest`, so visitors still pay only the three isset() checks.
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

if ( ! class_exists( 'Triage_Safe_Mode_Loader', false ) ) {

	/**
	 * Session codec, plugin filter and rescue-link handler. Static helpers are pure so that tests (and the
	 * Triage plugin, which signs the cookie) can call them directly.
	 *
	 * @phpstan-type Session array{u: int, e: int, k: string[]|null, o: string[]|null, t: int, r: int, m: string[]|null, c: string, theme?: string}
	 * @phpstan-type Probe_Override array{n: string, a: int}
	 */
	final class Triage_Safe_Mode_Loader {

		/** Loader version; the installer replaces the installed copy when this changes. */
		const VERSION = '1.4.0';

		/** Session cookie name. */
		const COOKIE = 'triage_safe_mode';

		/** Query parameter of a rescue link. */
		const RESCUE_PARAM = 'triage-rescue';

		/** Option holding the random secret every signing key derives from (not autoloaded; a site option on multisite). */
		const SECRET_OPTION = 'triage_safe_mode_secret';

		/** Option holding the hashed rescue token (not autoloaded). */
		const RESCUE_OPTION = 'triage_safe_mode_rescue';

		/** Longest life of a rescue link, in seconds (7 days); a stored link claiming more is refused. */
		const RESCUE_MAX_TTL = 604800;

		/**
		 * Capability the creator of a session must still have when the session names none (one signed or
		 * stored by a loader before 1.3.0). Newer sessions, rescue links and probes carry the safe mode
		 * capability the site required when they were created (Triage\Capabilities, filterable), since this
		 * file runs before any plugin and cannot ask.
		 */
		const CAPABILITY = 'activate_plugins';

		/** Longest cookie value accepted (browsers keep about 4 KB per cookie). */
		const MAX_COOKIE_BYTES = 3800;

		/** $_SERVER key of the bisection probe header (X-Triage-Probe). */
		const PROBE_HEADER = 'HTTP_X_TRIAGE_PROBE';

		/** Option name prefix of a probe's single-use nonce (not autoloaded). */
		const PROBE_NONCE_PREFIX = 'triage_probe_';

		/** Transient name prefix where a probe reports what happened inside it. */
		const PROBE_RESULT_PREFIX = 'triage_probe_result_';

		/** Longest life of a probe override, in seconds. */
		const PROBE_MAX_TTL = 300;

		/** Cookie that keeps other plugins off for one admin's requests to Triage's REST routes. */
		const REST_COOKIE = 'triage_rest';

		/** Probe header value the Triage page sends with its REST calls, so that REST_COOKIE is looked at. */
		const REST_MARK = 'rest';

		/** Longest life of REST_COOKIE, in seconds. */
		const REST_MAX_TTL = 3600;

		/** Most errors a probe's report lists (the fatal error that ends the request is always kept). */
		const PROBE_MAX_ERRORS = 20;

		/** Folder of the minimal theme Triage ships (in its themes/ folder) to stand in when no other theme can. */
		const STAND_IN_THEME = 'triage-stand-in';

		/** Triage's own basename, which always stays active. The installer writes the real one here. */
		const PLUGIN_BASENAME = 'triage/plugin.php';

		/**
		 * The instance serving this request, when a session was accepted.
		 *
		 * @var Triage_Safe_Mode_Loader|null
		 */
		private static $current = null;

		/**
		 * The validated session.
		 *
		 * @var Session
		 */
		private $session;

		/**
		 * The probe override in effect (nonce n, anonymous a), or null for a cookie session.
		 *
		 * @var Probe_Override|null
		 */
		private $probe = null;

		/**
		 * Whether this is a REST_COOKIE session (Triage's REST routes only), not a safe mode session.
		 *
		 * @var bool
		 */
		private $rest = false;

		/**
		 * Memory set aside for the probe report, freed when a fatal error (say, memory exhaustion) ends
		 * the request.
		 *
		 * @var string|null
		 * @phpstan-ignore property.onlyWritten (it is never read: it holds memory until the shutdown handler frees it)
		 */
		private static $reserve = null;

		/**
		 * What this probed request raised itself (level, message, file, line), in order, at most
		 * PROBE_MAX_ERRORS: a probe is judged by these, never by what other requests wrote to a shared log.
		 *
		 * @var array<int, array{level: string, message: string, file: string, line: int}>
		 */
		private $errors = array();

		/**
		 * Errors of this probe left out past PROBE_MAX_ERRORS.
		 *
		 * @var int
		 */
		private $errors_dropped = 0;

		/**
		 * The error handler in place before the probe's, called after each error is recorded.
		 *
		 * @var callable|null
		 */
		private $previous_handler = null;

		/**
		 * The fatal error core's own fatal error handler saw, before its error page raised notices of its
		 * own (error_get_last() then returns the last of those).
		 *
		 * @var array{type: int, message: string, file: string, line: int}|null
		 */
		private $fatal_error = null;

		/**
		 * Whether the session has been dropped for the rest of this request.
		 *
		 * @var bool
		 */
		private $ignored = false;

		/**
		 * The unfiltered active plugins seen by the filter, for "3 of 27".
		 *
		 * @var array<int, string>
		 */
		private $real_plugins = array();

		/**
		 * The unfiltered network-active plugins seen by the filter (basename => activation time).
		 *
		 * @var array<string, int>
		 */
		private $real_sitewide = array();

		/**
		 * The template/stylesheet filter, when the session uses a default theme.
		 *
		 * @var callable|null
		 */
		private $theme_filter = null;

		/**
		 * Holds a validated session.
		 *
		 * @param array      $session Session from decode().
		 * @param array|null $probe   Probe override (n, a), for a probe request.
		 * @phpstan-param Session             $session
		 * @phpstan-param Probe_Override|null $probe
		 */
		public function __construct( array $session, $probe = null ) {
			$this->session = $session;
			$this->probe   = $probe;
		}

		/**
		 * Entry point on requests that carry the cookie or a rescue parameter.
		 *
		 * @return void
		 */
		public static function boot() {
			if ( ! is_file( WP_PLUGIN_DIR . '/' . self::PLUGIN_BASENAME ) ) {
				// Triage was removed without its uninstaller: stay inert.
				return;
			}
			$sitewide = is_multisite() ? (array) get_site_option( 'active_sitewide_plugins', array() ) : array();
			if ( ! isset( $sitewide[ self::PLUGIN_BASENAME ] ) && ! in_array( self::PLUGIN_BASENAME, (array) get_option( 'active_plugins', array() ), true ) ) {
				// Triage is deactivated: so is safe mode.
				return;
			}
			if ( isset( $_SERVER[ self::PROBE_HEADER ] ) && is_string( $_SERVER[ self::PROBE_HEADER ] ) && self::boot_probe( wp_unslash( $_SERVER[ self::PROBE_HEADER ] ) ) ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- verified by HMAC in verify_probe().
				return;
			}
			// phpcs:disable WordPress.Security.NonceVerification.Recommended -- the signed token is the credential.
			if ( isset( $_GET[ self::RESCUE_PARAM ] ) && is_string( $_GET[ self::RESCUE_PARAM ] ) ) {
				$method = isset( $_SERVER['REQUEST_METHOD'] ) && is_string( $_SERVER['REQUEST_METHOD'] ) ? strtoupper( sanitize_key( $_SERVER['REQUEST_METHOD'] ) ) : 'GET';
				self::handle_rescue( sanitize_text_field( wp_unslash( $_GET[ self::RESCUE_PARAM ] ) ), $method );
			}
			// phpcs:enable
			if ( isset( $_COOKIE[ self::REST_COOKIE ] ) && is_string( $_COOKIE[ self::REST_COOKIE ] ) && self::is_triage_rest_request() && self::boot_rest( wp_unslash( $_COOKIE[ self::REST_COOKIE ] ) ) ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- verified by HMAC in verify_rest().
				return;
			}
			if ( ! isset( $_COOKIE[ self::COOKIE ] ) || ! is_string( $_COOKIE[ self::COOKIE ] ) ) {
				return;
			}
			$session = self::decode( wp_unslash( $_COOKIE[ self::COOKIE ] ), time() ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- verified by HMAC in decode().
			if ( null === $session ) {
				// Forged, tampered or expired: no effect (the stale cookie expires on its own).
				return;
			}
			if ( is_array( $session['m'] ) && self::is_triage_request() ) {
				// A guided bisection: Triage's own screens load only the must-keep plugins, so they keep
				// working while the step being judged loads a plugin that breaks wp-admin.
				$session['k'] = $session['m'];
				$session['o'] = null;
				$session['t'] = 0;
			}
			self::$current = new self( $session );
			self::$current->hook();
		}

		/**
		 * Whether this request is for Triage's own page or REST routes.
		 *
		 * @return bool
		 */
		public static function is_triage_request() {
			$uri  = isset( $_SERVER['REQUEST_URI'] ) && is_string( $_SERVER['REQUEST_URI'] ) ? rawurldecode( wp_unslash( $_SERVER['REQUEST_URI'] ) ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never output.
			$page = isset( $_GET['page'] ) && is_string( $_GET['page'] ) ? wp_unslash( $_GET['page'] ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never output.
			return false !== strpos( $uri, '/wp-json/triage/v1' ) || false !== strpos( $uri, 'rest_route=/triage/v1' ) || ( 'triage' === $page && false !== strpos( $uri, '/wp-admin/' ) );
		}

		/**
		 * Whether this request is for one of Triage's REST routes, read as WordPress will route it: a
		 * rest_route query or form field wins over the path, so both must name Triage's namespace.
		 *
		 * @return bool
		 */
		public static function is_triage_rest_request() {
			// phpcs:disable WordPress.Security.NonceVerification -- compared, never output or acted on.
			$uri = isset( $_SERVER['REQUEST_URI'] ) && is_string( $_SERVER['REQUEST_URI'] ) ? wp_unslash( $_SERVER['REQUEST_URI'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never output.
			if ( isset( $_POST['rest_route'] ) ) {
				$route = wp_unslash( $_POST['rest_route'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never output.
			} elseif ( isset( $_GET['rest_route'] ) ) {
				$route = wp_unslash( $_GET['rest_route'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never output.
			} else {
				$path  = rawurldecode( (string) strtok( $uri, '?' ) );
				$at    = strpos( $path, '/wp-json/' );
				$route = false === $at ? '' : substr( $path, $at + 8 );
			}
			// phpcs:enable
			return is_string( $route ) && false === strpos( $route, '..' ) && 1 === preg_match( '#^/triage/v1(/|$)#', $route );
		}

		/**
		 * The REST_COOKIE signing key: a derivation of its own, so neither a session cookie nor a probe
		 * header can stand in for it.
		 *
		 * @return string
		 */
		public static function rest_key() {
			return self::derive_key( 'rest', self::secret(), defined( 'AUTH_KEY' ) ? AUTH_KEY : null, defined( 'AUTH_SALT' ) ? AUTH_SALT : null );
		}

		/**
		 * Signs a REST_COOKIE value: u (user), e (expiry), c (the capability they must keep), t (1: the
		 * theme is swapped too).
		 *
		 * @param array<string, mixed> $grant Grant.
		 * @return string Cookie value ('' when no secret could be stored).
		 */
		public static function sign_rest( array $grant ) {
			$data = array(
				'u' => isset( $grant['u'] ) ? (int) $grant['u'] : 0,
				'e' => isset( $grant['e'] ) ? (int) $grant['e'] : 0,
				'c' => self::capability_of( $grant ),
				't' => empty( $grant['t'] ) ? 0 : 1,
			);
			self::ensure_secret();
			$key = self::rest_key();
			if ( '' === $key ) {
				return '';
			}
			$payload = rtrim( strtr( base64_encode( (string) wp_json_encode( $data ) ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- cookie-safe encoding, not obfuscation.
			return $payload . '.' . hash_hmac( 'sha256', $payload, $key );
		}

		/**
		 * Verifies a REST_COOKIE value: signature, shape, and an expiry within REST_MAX_TTL.
		 *
		 * @param mixed $value Cookie value (anything until checked).
		 * @param int   $now   Current time.
		 * @return array{u: int, e: int, c: string, t: int}|null
		 */
		public static function verify_rest( $value, $now ) {
			if ( ! is_string( $value ) || strlen( $value ) > 1024 || 1 !== substr_count( $value, '.' ) ) {
				return null;
			}
			$key = self::rest_key();
			if ( '' === $key ) {
				return null;
			}
			list( $payload, $mac ) = explode( '.', $value );
			if ( ! hash_equals( hash_hmac( 'sha256', $payload, $key ), $mac ) ) {
				return null;
			}
			$json = base64_decode( strtr( $payload, '-_', '+/' ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- cookie-safe encoding, not obfuscation.
			$data = false === $json ? null : json_decode( $json, true );
			if ( ! is_array( $data ) || ! isset( $data['u'], $data['e'], $data['c'] ) || ! is_int( $data['u'] ) || ! is_int( $data['e'] ) || ! is_string( $data['c'] )
				|| $data['u'] < 1 || $data['e'] <= $now || $data['e'] > $now + self::REST_MAX_TTL ) {
				return null;
			}
			return array(
				'u' => $data['u'],
				'e' => $data['e'],
				'c' => self::capability_of( $data ),
				't' => empty( $data['t'] ) ? 0 : 1,
			);
		}

		/**
		 * Turns every plugin but Triage off for this request to Triage's REST routes, when the cookie is
		 * valid; whose it is is checked once WordPress knows who is logged in (verify_user()).
		 *
		 * @param string $value REST_COOKIE value.
		 * @return bool Whether the override is in effect.
		 */
		public static function boot_rest( $value ) {
			$grant = self::verify_rest( $value, time() );
			if ( null === $grant ) {
				return false;
			}
			self::$current       = new self(
				self::normalize(
					array(
						'u' => $grant['u'],
						'e' => $grant['e'],
						'k' => array(),
						't' => $grant['t'],
						'c' => $grant['c'],
					)
				)
			);
			self::$current->rest = true;
			self::$current->hook();
			return true;
		}

		/**
		 * Whether this is a REST_COOKIE session rather than the admin's safe mode session.
		 *
		 * @return bool
		 */
		public function for_rest() {
			return $this->rest;
		}

		/**
		 * The instance serving this request, if a session is in effect.
		 *
		 * @return Triage_Safe_Mode_Loader|null
		 */
		public static function current() {
			return null !== self::$current && ! self::$current->ignored ? self::$current : null;
		}

		/**
		 * The random secret Triage generated (64 hex), or '' when there is none yet. One query for a
		 * non-autoloaded option, made only on requests that carry a Triage cookie, link or header.
		 *
		 * @return string
		 */
		public static function secret() {
			$secret = get_site_option( self::SECRET_OPTION );
			return is_string( $secret ) && 1 === preg_match( '/^[a-f0-9]{64}$/', $secret ) ? $secret : '';
		}

		/**
		 * Creates the secret when there is none (Triage's activation, or the first signature after an
		 * update). Never called while verifying, so a visitor cannot cause the write.
		 *
		 * @return string The secret.
		 */
		public static function ensure_secret() {
			$secret = self::secret();
			if ( '' !== $secret ) {
				return $secret;
			}
			$fresh = bin2hex( random_bytes( 32 ) );
			// Not autoloaded: visitors' requests never read it. add_*() keeps the first secret if two requests race.
			if ( is_multisite() ) {
				add_site_option( self::SECRET_OPTION, $fresh );
			} else {
				add_option( self::SECRET_OPTION, $fresh, '', false );
			}
			return self::secret();
		}

		/**
		 * Whether a salt constant is a real secret: set, and not (or not containing) the sample phrase
		 * wp-config-sample.php ships with.
		 *
		 * @param mixed $salt Value of AUTH_KEY or AUTH_SALT, null when undefined.
		 * @return bool
		 */
		public static function is_real_salt( $salt ) {
			return is_string( $salt ) && '' !== trim( $salt ) && false === stripos( $salt, 'put your unique phrase here' );
		}

		/**
		 * A signing key: HMAC of the purpose (and of the salts, when both are real) under the random
		 * secret. Without a secret there is no key, and nothing signs or verifies.
		 *
		 * @param string $purpose   What the key signs ("safe-mode", "probe").
		 * @param mixed  $secret    The random secret, as stored (anything until checked).
		 * @param mixed  $auth_key  AUTH_KEY, or null.
		 * @param mixed  $auth_salt AUTH_SALT, or null.
		 * @return string 64 hex, or ''.
		 */
		public static function derive_key( $purpose, $secret, $auth_key, $auth_salt ) {
			if ( 64 !== strlen( $secret ) ) {
				return '';
			}
			$salts = self::is_real_salt( $auth_key ) && self::is_real_salt( $auth_salt ) ? $auth_key . '|' . $auth_salt : '';
			return hash_hmac( 'sha256', 'triage-' . $purpose . '|' . $salts, $secret );
		}

		/**
		 * The session signing key ('' when no secret exists yet).
		 *
		 * @return string
		 */
		public static function key() {
			return self::derive_key( 'safe-mode', self::secret(), defined( 'AUTH_KEY' ) ? AUTH_KEY : null, defined( 'AUTH_SALT' ) ? AUTH_SALT : null );
		}

		/**
		 * Signs a session. Keys: u (user id), e (expiry), k (plugins to keep, or null), o (plugins off, or
		 * null), t (1: use a default theme), r (1: rescue session, may reach wp-login.php logged out), m
		 * (guided bisection: the plugins Triage's own screens load, or null), c (the capability its creator
		 * must keep).
		 *
		 * @param array<string, mixed> $session Session (normalized here).
		 * @return string Cookie value: base64url(JSON) . '.' . hex HMAC ('' when no secret could be stored).
		 */
		public static function encode( array $session ) {
			self::ensure_secret();
			$key = self::key();
			if ( '' === $key ) {
				// The secret could not be stored: sign nothing rather than with an empty key.
				return '';
			}
			$payload = rtrim( strtr( base64_encode( (string) wp_json_encode( self::normalize( $session ) ) ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- cookie-safe encoding, not obfuscation.
			return $payload . '.' . hash_hmac( 'sha256', $payload, $key );
		}

		/**
		 * Verifies and decodes a cookie value.
		 *
		 * @param mixed $value Cookie value (anything until checked).
		 * @param int   $now   Current time.
		 * @return array|null The session, or null when forged, tampered, malformed or expired.
		 * @phpstan-return Session|null
		 */
		public static function decode( $value, $now ) {
			if ( ! is_string( $value ) || strlen( $value ) > self::MAX_COOKIE_BYTES || 1 !== substr_count( $value, '.' ) ) {
				return null;
			}
			$key = self::key();
			if ( '' === $key ) {
				return null;
			}
			list( $payload, $mac ) = explode( '.', $value );
			if ( ! hash_equals( hash_hmac( 'sha256', $payload, $key ), $mac ) ) {
				return null;
			}
			$json = base64_decode( strtr( $payload, '-_', '+/' ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- cookie-safe encoding, not obfuscation.
			$data = false === $json ? null : json_decode( $json, true );
			if ( ! is_array( $data ) || ! isset( $data['u'], $data['e'] ) || ! is_int( $data['u'] ) || ! is_int( $data['e'] ) || $data['u'] < 1 || $data['e'] <= $now ) {
				return null;
			}
			return self::normalize( $data );
		}

		/**
		 * The probe signing key: another derivation than the cookie's, so neither token can stand in for
		 * the other.
		 *
		 * @return string
		 */
		public static function probe_key() {
			return self::derive_key( 'probe', self::secret(), defined( 'AUTH_KEY' ) ? AUTH_KEY : null, defined( 'AUTH_SALT' ) ? AUTH_SALT : null );
		}

		/**
		 * Signs a probe override: u (user), e (expiry), n (nonce, 32 hex). What the probe loads is stored
		 * with the nonce on the server, so the header stays short whatever the number of plugins.
		 *
		 * @param array<string, mixed> $probe Override.
		 * @return string Header value: base64url(JSON) . '.' . hex HMAC ('' when no secret could be stored).
		 */
		public static function sign_probe( array $probe ) {
			$data = array(
				'u' => isset( $probe['u'] ) ? (int) $probe['u'] : 0,
				'e' => isset( $probe['e'] ) ? (int) $probe['e'] : 0,
				'n' => isset( $probe['n'] ) ? (string) $probe['n'] : '',
			);
			self::ensure_secret();
			$key = self::probe_key();
			if ( '' === $key ) {
				return '';
			}
			$payload = rtrim( strtr( base64_encode( (string) wp_json_encode( $data ) ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- header-safe encoding, not obfuscation.
			return $payload . '.' . hash_hmac( 'sha256', $payload, $key );
		}

		/**
		 * Verifies a probe header: signature, shape and expiry (not the nonce, which consume_probe() spends).
		 *
		 * @param mixed $value Header value (anything until checked).
		 * @param int   $now   Current time.
		 * @return array{u: int, e: int, n: string}|null The override, or null.
		 */
		public static function verify_probe( $value, $now ) {
			if ( ! is_string( $value ) || strlen( $value ) > 1024 || 1 !== substr_count( $value, '.' ) ) {
				return null;
			}
			$key = self::probe_key();
			if ( '' === $key ) {
				return null;
			}
			list( $payload, $mac ) = explode( '.', $value );
			if ( ! hash_equals( hash_hmac( 'sha256', $payload, $key ), $mac ) ) {
				return null;
			}
			$json = base64_decode( strtr( $payload, '-_', '+/' ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- header-safe encoding, not obfuscation.
			$data = false === $json ? null : json_decode( $json, true );
			if ( ! is_array( $data ) || ! isset( $data['u'], $data['e'], $data['n'] ) || ! is_int( $data['u'] ) || ! is_int( $data['e'] )
				|| $data['u'] < 1 || $data['e'] <= $now || $data['e'] > $now + self::PROBE_MAX_TTL || ! is_string( $data['n'] ) || ! preg_match( '/^[a-f0-9]{32}$/', $data['n'] ) ) {
				return null;
			}
			return array(
				'u' => $data['u'],
				'e' => $data['e'],
				'n' => $data['n'],
			);
		}

		/**
		 * Spends a probe's nonce: it must have been stored for the same user and not be used yet. Deleting
		 * the row first makes it single-use even when two requests race.
		 *
		 * @param array{u: int, e: int, n: string} $probe Verified override.
		 * @param int                              $now   Current time.
		 * @return array{k: string[], t: int, a: int, c: string}|null What the probe loads (k: plugins, t: 1 for
		 *                                                            a default theme, a: 1 when sent logged
		 *                                                            out, c: capability its owner must have),
		 *                                                            or null.
		 */
		public static function consume_probe( array $probe, $now ) {
			$name   = self::PROBE_NONCE_PREFIX . $probe['n'];
			$stored = get_option( $name );
			if ( ! is_array( $stored ) || ! isset( $stored['u'], $stored['e'], $stored['k'] ) || (int) $stored['u'] !== $probe['u'] || (int) $stored['e'] <= $now || ! is_array( $stored['k'] ) ) {
				return null;
			}
			if ( ! delete_option( $name ) ) {
				return null;
			}
			return array(
				'k' => array_values( array_map( 'strval', array_filter( $stored['k'], 'is_string' ) ) ),
				't' => empty( $stored['t'] ) ? 0 : 1,
				'a' => empty( $stored['a'] ) ? 0 : 1,
				'c' => self::capability_of( $stored ),
			);
		}

		/**
		 * Starts a probe override for this request, when its header is valid.
		 *
		 * @param string $value Header value.
		 * @return bool Whether the override is in effect.
		 */
		public static function boot_probe( $value ) {
			$now   = time();
			$probe = self::verify_probe( $value, $now );
			$load  = null !== $probe ? self::consume_probe( $probe, $now ) : null;
			if ( null === $load ) {
				return false;
			}
			$session       = self::normalize(
				array(
					'u' => $probe['u'],
					'e' => $probe['e'],
					'k' => $load['k'],
					't' => $load['t'],
					'c' => $load['c'],
				)
			);
			self::$current = new self(
				$session,
				array(
					'n' => $probe['n'],
					'a' => $load['a'],
				)
			);
			self::$current->hook();
			self::$current->collect_errors();
			add_filter( 'wp_php_error_args', array( self::$current, 'note_fatal' ), PHP_INT_MAX, 2 );
			self::$reserve = str_repeat( ' ', 262144 );
			register_shutdown_function( array( self::$current, 'report_probe' ) );
			// A probe must not send mail: a POST probe could otherwise submit a form's notification.
			add_filter( 'pre_wp_mail', '__return_false', PHP_INT_MAX );
			if ( ! headers_sent() ) {
				header( 'X-Triage-Probe: accepted' );
				header( 'Cache-Control: no-store' );
			}
			return true;
		}

		/**
		 * The probe override in effect (n, a), or null.
		 *
		 * @return array|null
		 * @phpstan-return Probe_Override|null
		 */
		public function probe() {
			return $this->probe;
		}

		/**
		 * Starts recording the errors this probed request raises. The handler is chained: the one in place
		 * before is called afterwards, or PHP's own logging goes on as usual.
		 *
		 * @return void
		 */
		public function collect_errors() {
			$previous               = set_error_handler( array( $this, 'record_error' ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- records the probe's own errors, then hands them on.
			$this->previous_handler = is_callable( $previous ) ? $previous : null;
		}

		/**
		 * Filter of core's fatal error page (its wp_die() arguments, returned unchanged): keeps the error
		 * the page is about.
		 *
		 * @param mixed $args  wp_die() arguments.
		 * @param mixed $error error_get_last() as core read it.
		 * @return mixed
		 */
		public function note_fatal( $args, $error ) {
			if ( is_array( $error ) && isset( $error['type'], $error['message'], $error['file'], $error['line'] ) && null === $this->fatal_error ) {
				$this->fatal_error = array(
					'type'    => (int) $error['type'],
					'message' => (string) $error['message'],
					'file'    => (string) $error['file'],
					'line'    => (int) $error['line'],
				);
			}
			return $args;
		}

		/**
		 * Error handler of a probe: keeps the error (once per file, line and message, at most
		 * PROBE_MAX_ERRORS), then hands it on, so whatever logged it before still does.
		 *
		 * @param int    $type    E_* constant.
		 * @param string $message Message.
		 * @param string $file    File.
		 * @param int    $line    Line.
		 * @return bool False to let PHP's standard handler log it too.
		 */
		public function record_error( $type, $message, $file = '', $line = 0 ) {
			// The first error after a fatal one (core's error page calling is_search() too early, say) is
			// about to replace it in error_get_last(): keep the fatal error now.
			$last = null === $this->fatal_error ? error_get_last() : null;
			if ( is_array( $last ) && in_array( $last['type'], array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR ), true ) ) {
				$this->note_fatal( null, $last );
			}
			// Errors silenced with @ or below error_reporting are not logged either: not evidence.
			if ( 0 !== ( error_reporting() & (int) $type ) ) { // phpcs:ignore WordPress.PHP.DevelopmentFunctions.prevent_path_disclosure_error_reporting,WordPress.PHP.DiscouragedPHPFunctions.runtime_configuration_error_reporting -- reads the level, changes nothing.
				$this->keep_error( self::error_level( (int) $type ), (string) $message, (string) $file, (int) $line );
			}
			if ( null !== $this->previous_handler ) {
				return (bool) call_user_func( $this->previous_handler, $type, $message, $file, $line );
			}
			return false;
		}

		/**
		 * Adds an error to the probe's list, unless it is already there or the list is full.
		 *
		 * @param string $level   fatal, error, warning, notice or deprecated.
		 * @param string $message Message.
		 * @param string $file    File.
		 * @param int    $line    Line.
		 * @return void
		 */
		private function keep_error( $level, $message, $file, $line ) {
			$file = str_replace( '\\', '/', $file );
			foreach ( $this->errors as $seen ) {
				if ( $line === $seen['line'] && $file === $seen['file'] && substr( $message, 0, 1000 ) === $seen['message'] ) {
					return;
				}
			}
			if ( count( $this->errors ) >= self::PROBE_MAX_ERRORS ) {
				if ( 'fatal' !== $level ) {
					++$this->errors_dropped;
					return;
				}
				// The error that ended the request matters most: it replaces the oldest one kept.
				array_shift( $this->errors );
				++$this->errors_dropped;
			}
			$this->errors[] = array(
				'level'   => $level,
				'message' => substr( $message, 0, 1000 ),
				'file'    => $file,
				'line'    => $line,
			);
		}

		/**
		 * The level an E_* constant is shown as.
		 *
		 * @param int $type E_* constant.
		 * @return string fatal, error, warning, notice or deprecated.
		 */
		public static function error_level( $type ) {
			if ( in_array( $type, array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR ), true ) ) {
				return 'fatal';
			}
			if ( E_RECOVERABLE_ERROR === $type ) {
				return 'error';
			}
			if ( in_array( $type, array( E_WARNING, E_CORE_WARNING, E_COMPILE_WARNING, E_USER_WARNING ), true ) ) {
				return 'warning';
			}
			if ( in_array( $type, array( E_DEPRECATED, E_USER_DEPRECATED ), true ) ) {
				return 'deprecated';
			}
			return 'notice';
		}

		/**
		 * The errors this probe recorded (what its report will list).
		 *
		 * @return array<int, array{level: string, message: string, file: string, line: int}>
		 */
		public function errors() {
			return $this->errors;
		}

		/**
		 * After a probe ran out of memory: 16 MB above what is in use, to write the report (the limit that was
		 * hit is what the report says), raised through core's own wp_raise_memory_limit() and its filter.
		 *
		 * @return void
		 */
		private static function make_room_for_report() {
			$room = (string) ( memory_get_usage( true ) + 16 * 1048576 );
			add_filter(
				'triage_probe_report_memory_limit',
				static function () use ( $room ) {
					return $room;
				}
			);
			wp_raise_memory_limit( 'triage_probe_report' );
		}

		/**
		 * Shutdown callback of a probe: tells the site what happened inside it (the fatal error that ended
		 * it, if any, and its peak memory), in a short-lived transient named after the nonce.
		 *
		 * @return void
		 */
		public function report_probe() {
			self::$reserve = null;
			$limit         = (string) ini_get( 'memory_limit' );
			$error         = null !== $this->fatal_error ? $this->fatal_error : error_get_last();
			$fatal         = null;
			if ( is_array( $error ) && in_array( $error['type'], array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR, E_RECOVERABLE_ERROR ), true ) ) {
				if ( false !== strpos( (string) $error['message'], 'Allowed memory size' ) ) {
					self::make_room_for_report();
				}
				$file  = wp_normalize_path( (string) $error['file'] );
				$root  = wp_normalize_path( ABSPATH );
				$fatal = array(
					'message' => substr( (string) $error['message'], 0, 1000 ),
					'file'    => 0 === strpos( $file, $root ) ? substr( $file, strlen( $root ) ) : basename( $file ),
					'line'    => (int) $error['line'],
				);
				// A fatal error never reaches an error handler (E_USER_ERROR does, and is kept once).
				$this->keep_error( 'fatal', (string) $error['message'], (string) $error['file'], (int) $error['line'] );
			}
			try {
				set_transient(
					// @phpstan-ignore offsetAccess.notFound (only boot_probe() registers this callback, with the probe set)
					self::PROBE_RESULT_PREFIX . $this->probe['n'],
					array(
						'fatal'        => $fatal,
						'peak_memory'  => memory_get_peak_usage( true ),
						'memory_limit' => $limit,
						'ignored'      => $this->ignored,
						'theme'        => isset( $this->session['theme'] ) ? $this->session['theme'] : null,
						'errors'       => $this->errors,
						'more_errors'  => $this->errors_dropped,
					),
					600
				);
			} catch ( \Throwable $e ) {
				// The site is in a bad state; the probe's HTTP answer still says what went wrong.
				unset( $e );
			}
		}

		/**
		 * Fills defaults and drops unknown keys.
		 *
		 * @param array<string, mixed> $session Session.
		 * @return array
		 * @phpstan-return Session
		 */
		public static function normalize( array $session ) {
			$list = static function ( $value ) {
				return is_array( $value ) ? array_values( array_map( 'strval', array_filter( $value, 'is_string' ) ) ) : null;
			};
			$keep = isset( $session['k'] ) ? $list( $session['k'] ) : null;
			return array(
				'u' => isset( $session['u'] ) ? (int) $session['u'] : 0,
				'e' => isset( $session['e'] ) ? (int) $session['e'] : 0,
				'k' => $keep,
				'o' => null === $keep ? (array) $list( isset( $session['o'] ) ? $session['o'] : array() ) : null,
				't' => empty( $session['t'] ) ? 0 : 1,
				'r' => empty( $session['r'] ) ? 0 : 1,
				'm' => isset( $session['m'] ) ? $list( $session['m'] ) : null,
				'c' => self::capability_of( $session ),
			);
		}

		/**
		 * The capability a session, rescue link or probe record requires of its creator: the one stored
		 * when it was created, or CAPABILITY for a record from before the loader stored one.
		 *
		 * @param array<string, mixed> $record Session (key c) or stored record.
		 * @return string
		 */
		public static function capability_of( array $record ) {
			return isset( $record['c'] ) && is_string( $record['c'] ) && '' !== $record['c'] ? $record['c'] : self::CAPABILITY;
		}

		/**
		 * Whether a plugin stays on in a session.
		 *
		 * @param string $plugin  Basename.
		 * @param array  $session Session.
		 * @param string $own     Triage's basename.
		 * @return bool
		 * @phpstan-param Session $session
		 */
		public static function allows( $plugin, array $session, $own ) {
			if ( $plugin === $own ) {
				return true;
			}
			if ( is_array( $session['k'] ) ) {
				return in_array( $plugin, $session['k'], true );
			}
			return ! in_array( $plugin, (array) $session['o'], true );
		}

		/**
		 * The active_plugins list a session allows.
		 *
		 * @param mixed  $active  Option value.
		 * @param array  $session Session.
		 * @param string $own     Triage's basename.
		 * @return mixed
		 * @phpstan-param Session $session
		 */
		public static function filter_list( $active, array $session, $own ) {
			if ( ! is_array( $active ) ) {
				return $active;
			}
			$kept = array();
			foreach ( $active as $plugin ) {
				if ( is_string( $plugin ) && self::allows( $plugin, $session, $own ) ) {
					$kept[] = $plugin;
				}
			}
			return $kept;
		}

		/**
		 * The active_sitewide_plugins map (basename => time) a session allows.
		 *
		 * @param mixed  $active  Site option value.
		 * @param array  $session Session.
		 * @param string $own     Triage's basename.
		 * @return mixed
		 * @phpstan-param Session $session
		 */
		public static function filter_map( $active, array $session, $own ) {
			if ( ! is_array( $active ) ) {
				return $active;
			}
			$kept = array();
			foreach ( $active as $plugin => $time ) {
				if ( self::allows( (string) $plugin, $session, $own ) ) {
					$kept[ $plugin ] = $time;
				}
			}
			return $kept;
		}

		/**
		 * The newest installed default theme, or '' when none is installed.
		 *
		 * @param string $themes_dir Themes directory.
		 * @return string
		 */
		public static function default_theme( $themes_dir ) {
			$known = array( 'twentytwentyfive', 'twentytwentyfour', 'twentytwentythree', 'twentytwentytwo', 'twentytwentyone', 'twentytwenty', 'twentynineteen', 'twentyseventeen', 'twentysixteen', 'twentyfifteen' );
			foreach ( $known as $slug ) {
				if ( is_file( $themes_dir . '/' . $slug . '/style.css' ) ) {
					return $slug;
				}
			}
			return '';
		}

		/**
		 * The theme that stands in for the active one: the newest installed default theme that is neither
		 * the active theme nor its parent (a child theme's parent is part of what is tested), else the
		 * minimal theme Triage ships, else '' (the theme cannot be tested).
		 *
		 * @param string $themes_dir Themes directory.
		 * @param string $stylesheet Active theme (stylesheet).
		 * @param string $template   Its parent (template), the same for a theme without one.
		 * @param string $own_dir    Folder holding Triage's own stand-in theme.
		 * @return string Theme folder name, or ''.
		 */
		public static function stand_in_theme( $themes_dir, $stylesheet, $template, $own_dir ) {
			$known = array( 'twentytwentyfive', 'twentytwentyfour', 'twentytwentythree', 'twentytwentytwo', 'twentytwentyone', 'twentytwenty', 'twentynineteen', 'twentyseventeen', 'twentysixteen', 'twentyfifteen' );
			foreach ( $known as $slug ) {
				if ( $slug !== $stylesheet && $slug !== $template && is_file( $themes_dir . '/' . $slug . '/style.css' ) ) {
					return $slug;
				}
			}
			$active = array( $stylesheet, $template );
			return ! in_array( self::STAND_IN_THEME, $active, true ) && is_file( $own_dir . '/' . self::STAND_IN_THEME . '/style.css' ) ? self::STAND_IN_THEME : '';
		}

		/**
		 * Folder holding the stand-in theme: themes/ in Triage's own folder.
		 *
		 * @return string
		 */
		public static function own_themes_dir() {
			return WP_PLUGIN_DIR . '/' . dirname( self::PLUGIN_BASENAME ) . '/themes';
		}

		/**
		 * Makes Triage's themes/ folder a theme root for this request only, so the stand-in theme loads;
		 * the list of theme roots WordPress caches is given the same entry it would compute here, so it is
		 * not rewritten.
		 *
		 * @param string $dir Folder holding the stand-in theme.
		 * @return void
		 */
		private static function add_theme_root( $dir ) {
			register_theme_directory( $dir );
			$root = 0 === strpos( $dir, WP_CONTENT_DIR ) ? substr( $dir, strlen( WP_CONTENT_DIR ) ) : $dir;
			add_filter(
				'site_transient_theme_roots',
				static function ( $roots ) use ( $root ) {
					if ( is_array( $roots ) ) {
						$roots[ self::STAND_IN_THEME ] = $root;
					}
					return $roots;
				}
			);
		}

		/**
		 * The session in effect.
		 *
		 * @return array
		 * @phpstan-return Session
		 */
		public function session() {
			return $this->session;
		}

		/**
		 * Unfiltered active plugins (single site) as last seen.
		 *
		 * @return array<int, string>
		 */
		public function real_plugins() {
			return $this->real_plugins;
		}

		/**
		 * Unfiltered network-active plugins as last seen (basename => activation time).
		 *
		 * @return array<string, int>
		 */
		public function real_sitewide() {
			return $this->real_sitewide;
		}

		/**
		 * Adds the filters and the later user check.
		 *
		 * @return void
		 */
		public function hook() {
			add_filter( 'option_active_plugins', array( $this, 'on_active_plugins' ), PHP_INT_MAX );
			add_filter( 'site_option_active_sitewide_plugins', array( $this, 'on_sitewide_plugins' ), PHP_INT_MAX );
			// Activating or deactivating a plugin during a session must change the real list, not save the filtered one.
			add_filter( 'pre_update_option_active_plugins', array( $this, 'before_plugins_saved' ), PHP_INT_MAX, 2 );
			add_filter( 'pre_update_site_option_active_sitewide_plugins', array( $this, 'before_sitewide_saved' ), PHP_INT_MAX, 2 );
			if ( $this->session['t'] ) {
				$own   = self::own_themes_dir();
				$theme = self::stand_in_theme( get_theme_root(), (string) get_option( 'stylesheet' ), (string) get_option( 'template' ), $own );
				if ( self::STAND_IN_THEME === $theme ) {
					self::add_theme_root( $own );
				}
				if ( '' !== $theme ) {
					$this->theme_filter = static function () use ( $theme ) {
						return $theme;
					};
					add_filter( 'template', $this->theme_filter, PHP_INT_MAX );
					add_filter( 'stylesheet', $this->theme_filter, PHP_INT_MAX );
					$this->session['theme'] = $theme;
				}
			}
			// Pluggable functions exist from here on: the logged-in user must be the session's user.
			add_action( 'plugins_loaded', array( $this, 'verify_user' ), -PHP_INT_MAX );
			if ( 1 === $this->session['r'] && null === $this->probe ) {
				// Login protection (2FA, captcha, limits) may be among the plugins off: only the creator logs in.
				add_filter( 'authenticate', array( $this, 'only_the_creator' ), PHP_INT_MAX );
			}
		}

		/**
		 * Filter for authenticate during a rescue session: refuses every account but the link's creator
		 * (and the creator too, once they may no longer use safe mode).
		 *
		 * @param mixed $user WP_User, WP_Error or null from the earlier callbacks.
		 * @return mixed
		 */
		public function only_the_creator( $user ) {
			if ( $this->ignored || ! $user instanceof WP_User ) {
				return $user;
			}
			if ( $user->ID === $this->session['u'] && user_can( $user, $this->session['c'] ) ) {
				return $user;
			}
			return new WP_Error( 'triage_rescue_other_user', esc_html__( 'This browser is in a Triage rescue session, which only the administrator who created the rescue link may use. Close it (or clear this site\'s cookies) to log in as someone else.', 'triage' ) );
		}

		/**
		 * Stops filtering for a moment, so the site's real plugin lists can be read and changed (say, to
		 * deactivate a plugin this session hides). resume() undoes it.
		 *
		 * @return void
		 */
		public function suspend() {
			remove_filter( 'option_active_plugins', array( $this, 'on_active_plugins' ), PHP_INT_MAX );
			remove_filter( 'site_option_active_sitewide_plugins', array( $this, 'on_sitewide_plugins' ), PHP_INT_MAX );
			remove_filter( 'pre_update_option_active_plugins', array( $this, 'before_plugins_saved' ), PHP_INT_MAX );
			remove_filter( 'pre_update_site_option_active_sitewide_plugins', array( $this, 'before_sitewide_saved' ), PHP_INT_MAX );
		}

		/**
		 * Filters again after suspend().
		 *
		 * @return void
		 */
		public function resume() {
			add_filter( 'option_active_plugins', array( $this, 'on_active_plugins' ), PHP_INT_MAX );
			add_filter( 'site_option_active_sitewide_plugins', array( $this, 'on_sitewide_plugins' ), PHP_INT_MAX );
			add_filter( 'pre_update_option_active_plugins', array( $this, 'before_plugins_saved' ), PHP_INT_MAX, 2 );
			add_filter( 'pre_update_site_option_active_sitewide_plugins', array( $this, 'before_sitewide_saved' ), PHP_INT_MAX, 2 );
		}

		/**
		 * Filter callback for option_active_plugins.
		 *
		 * @param mixed $value Option value.
		 * @return mixed
		 */
		public function on_active_plugins( $value ) {
			$this->real_plugins = is_array( $value ) ? $value : array();
			return $this->ignored ? $value : self::filter_list( $value, $this->session, self::PLUGIN_BASENAME );
		}

		/**
		 * Filter callback for site_option_active_sitewide_plugins.
		 *
		 * @param mixed $value Site option value.
		 * @return mixed
		 */
		public function on_sitewide_plugins( $value ) {
			$this->real_sitewide = is_array( $value ) ? $value : array();
			return $this->ignored ? $value : self::filter_map( $value, $this->session, self::PLUGIN_BASENAME );
		}

		/**
		 * Applies the change someone made to the filtered list to the real list: what they added is added,
		 * what they removed is removed, and what the session hid stays as it was.
		 *
		 * @param array<int|string, mixed> $new_value    List being saved.
		 * @param array<int|string, mixed> $filtered_old List they saw.
		 * @param array<int|string, mixed> $real_old     Real list.
		 * @return array<int, mixed>
		 */
		public static function merge_change( array $new_value, array $filtered_old, array $real_old ) {
			$removed = array_diff( $filtered_old, $new_value );
			$merged  = array_values( array_diff( $real_old, $removed ) );
			foreach ( array_diff( $new_value, $filtered_old ) as $added ) {
				if ( ! in_array( $added, $merged, true ) ) {
					$merged[] = $added;
				}
			}
			return $merged;
		}

		/**
		 * Filter for pre_update_option_active_plugins.
		 *
		 * @param mixed $value     New value.
		 * @param mixed $old_value Old value as read (filtered).
		 * @return mixed
		 */
		public function before_plugins_saved( $value, $old_value ) {
			if ( $this->ignored || ! is_array( $value ) || ! is_array( $old_value ) ) {
				return $value;
			}
			$merged = self::merge_change( $value, $old_value, $this->real_plugins );
			sort( $merged );
			return $merged;
		}

		/**
		 * Filter for pre_update_site_option_active_sitewide_plugins (basename => time maps).
		 *
		 * @param mixed $value     New value.
		 * @param mixed $old_value Old value as read (filtered).
		 * @return mixed
		 */
		public function before_sitewide_saved( $value, $old_value ) {
			if ( $this->ignored || ! is_array( $value ) || ! is_array( $old_value ) ) {
				return $value;
			}
			$merged = array();
			foreach ( self::merge_change( array_keys( $value ), array_keys( $old_value ), array_keys( $this->real_sitewide ) ) as $plugin ) {
				$merged[ $plugin ] = isset( $value[ $plugin ] ) ? $value[ $plugin ] : $this->real_sitewide[ $plugin ];
			}
			return $merged;
		}

		/**
		 * Whether the logged-in user may use the session. A rescue session may reach wp-login.php
		 * logged out, since logging in is its purpose, while its creator still may use safe mode.
		 *
		 * @param int    $user_id Logged-in user id (0 when logged out).
		 * @param bool   $can     Whether that user (logged out: the session's creator) has the session's capability.
		 * @param string $page    $pagenow.
		 * @return bool
		 */
		public function user_matches( $user_id, $can, $page ) {
			if ( null !== $this->probe ) {
				// A probe sent logged out was asked for logged out ($can is then the owner's capability).
				return 0 === $user_id ? 1 === $this->probe['a'] && $can : $user_id === $this->session['u'] && $can;
			}
			if ( 0 === $user_id ) {
				// $can is then the creator's capability: a deleted or demoted creator's link rescues nobody.
				return 1 === $this->session['r'] && 'wp-login.php' === $page && $can;
			}
			return $user_id === $this->session['u'] && $can;
		}

		/**
		 * Drops the session when someone else holds the cookie.
		 *
		 * @return void
		 */
		public function verify_user() {
			$user = wp_get_current_user();
			$page = isset( $GLOBALS['pagenow'] ) ? (string) $GLOBALS['pagenow'] : '';
			$can  = $user->ID > 0 ? user_can( $user, $this->session['c'] ) : ( null !== $this->probe || 1 === $this->session['r'] ) && user_can( $this->session['u'], $this->session['c'] );
			if ( $this->user_matches( (int) $user->ID, $can, $page ) ) {
				return;
			}
			if ( $this->rest ) {
				// Someone else's grant: it never applies in this browser. Cleared first, since loading the
				// plugins it held back may well end this request with their fatal error.
				self::send_cookie( '', 1, self::REST_COOKIE );
			}
			$this->ignore();
			if ( ! $this->rest && null === $this->probe && $this->clears_cookie_on_mismatch( (int) $user->ID ) ) {
				self::send_cookie( '', 1 );
			}
		}

		/**
		 * Whether a mismatch ends the session for good. A rescue session is still logged out while its
		 * browser fetches other URLs (the favicon, say) around the login screen: those requests ignore it
		 * but keep the cookie, or the login that follows would land in a site that still fails.
		 *
		 * @param int $user_id Logged-in user id.
		 * @return bool
		 */
		public function clears_cookie_on_mismatch( $user_id ) {
			return ! ( 0 === $user_id && 1 === $this->session['r'] );
		}

		/**
		 * Ignores the session for the rest of the request: filters stop filtering, and plugins the session
		 * kept out are loaded now, before any plugins_loaded callback, in their usual order.
		 *
		 * @return void
		 */
		public function ignore() {
			$this->ignored = true;
			if ( null !== $this->theme_filter ) {
				remove_filter( 'template', $this->theme_filter, PHP_INT_MAX );
				remove_filter( 'stylesheet', $this->theme_filter, PHP_INT_MAX );
			}
			if ( ! did_action( 'plugins_loaded' ) ) {
				return;
			}
			$missed = array();
			if ( is_multisite() ) {
				foreach ( array_keys( (array) get_site_option( 'active_sitewide_plugins', array() ) ) as $plugin ) {
					$missed[] = (string) $plugin;
				}
			}
			foreach ( (array) get_option( 'active_plugins', array() ) as $plugin ) {
				$missed[] = (string) $plugin;
			}
			foreach ( array_unique( $missed ) as $plugin ) {
				$file = WP_PLUGIN_DIR . '/' . $plugin;
				if ( self::allows( $plugin, $this->session, self::PLUGIN_BASENAME ) || 0 !== validate_file( $plugin ) || '.php' !== substr( $plugin, -4 ) || ! is_file( $file ) ) {
					continue;
				}
				wp_register_plugin_realpath( $file );
				include_once $file;
				do_action( 'plugin_loaded', $file ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's hook.
			}
		}

		/**
		 * Paths the cookie is set on: the home path, plus the site path when WordPress is elsewhere.
		 *
		 * @return array<int, string>
		 */
		public static function cookie_paths() {
			$home = defined( 'COOKIEPATH' ) ? COOKIEPATH : preg_replace( '|https?://[^/]+|i', '', get_option( 'home' ) . '/' );
			$site = defined( 'SITECOOKIEPATH' ) ? SITECOOKIEPATH : preg_replace( '|https?://[^/]+|i', '', get_option( 'siteurl' ) . '/' );
			$home = '' === $home ? '/' : $home;
			$site = '' === $site ? '/' : $site;
			return 0 === strpos( $site, $home ) ? array( $home ) : array( $home, $site );
		}

		/**
		 * Sets (or, with an expiry in the past, clears) the session cookie, or REST_COOKIE.
		 *
		 * @param string $value   Cookie value.
		 * @param int    $expires Unix time.
		 * @param string $name    Cookie name.
		 * @return void
		 */
		public static function send_cookie( $value, $expires, $name = self::COOKIE ) {
			if ( headers_sent() ) {
				return;
			}
			foreach ( self::cookie_paths() as $path ) {
				setcookie(
					$name,
					$value,
					array(
						'expires'  => $expires,
						'path'     => $path,
						'domain'   => defined( 'COOKIE_DOMAIN' ) && COOKIE_DOMAIN ? COOKIE_DOMAIN : '',
						'secure'   => is_ssl(),
						'httponly' => true,
						'samesite' => 'Lax',
					)
				);
			}
		}

		/**
		 * Hashes a rescue token for storage.
		 *
		 * @param string $token Token.
		 * @return string
		 */
		public static function hash_token( $token ) {
			$key = self::key();
			// No secret, no hash: '' never equals a stored hash.
			return '' === $key ? '' : hash_hmac( 'sha256', $token, $key );
		}

		/**
		 * The stored rescue link a token opens, without spending it: checked before anything else, with no
		 * failure counter (256 random bits need no guessing limit, and a counter would let anyone lock the
		 * genuine link out) and no write.
		 *
		 * @param mixed $token Token from the URL.
		 * @param int   $now   Current time.
		 * @return array{hash: string, expires: int, user: int, theme?: int, c?: string}|null The stored link, or null.
		 */
		public static function peek_rescue( $token, $now ) {
			if ( ! is_string( $token ) || 1 !== preg_match( '/^[a-f0-9]{64}$/', $token ) ) {
				return null;
			}
			$hash = self::hash_token( $token );
			if ( '' === $hash ) {
				return null;
			}
			$stored = get_option( self::RESCUE_OPTION );
			if ( ! is_array( $stored ) || ! isset( $stored['hash'], $stored['expires'], $stored['user'] ) || ! hash_equals( (string) $stored['hash'], $hash ) ) {
				return null;
			}
			$expires = (int) $stored['expires'];
			return $expires > $now && $expires <= $now + self::RESCUE_MAX_TTL ? $stored : null;
		}

		/**
		 * Consumes a rescue token: valid once, before its expiry.
		 *
		 * @param string $token Token from the URL.
		 * @param int    $now   Current time.
		 * @return array{u: int, e: int, k: array<int, string>, t: int, r: int, c: string}|null The rescue session to start, or null.
		 */
		public static function consume_rescue( $token, $now ) {
			$stored = self::peek_rescue( $token, $now );
			// Deleting first makes the token single-use even when two requests race: only one deletes the row.
			if ( null === $stored || ! delete_option( self::RESCUE_OPTION ) ) {
				return null;
			}
			return array(
				'u' => (int) $stored['user'],
				'e' => $now + HOUR_IN_SECONDS,
				'k' => array(),
				't' => empty( $stored['theme'] ) ? 0 : 1,
				'r' => 1,
				'c' => self::capability_of( $stored ),
			);
		}

		/**
		 * What a request carrying a rescue token does: only a POST (the click on the confirmation page)
		 * spends a valid token; any other method is shown the confirmation, so a mail scanner or link
		 * preview that fetches the URL leaves it usable.
		 *
		 * @param string $method HTTP method.
		 * @param string $token  Token from the URL.
		 * @param int    $now    Current time.
		 * @return array{u: int, e: int, k: array<int, string>, t: int, r: int, c: string}|string|null The session to start, 'confirm', or null (ignore the token).
		 */
		public static function rescue_step( $method, $token, $now ) {
			if ( 'POST' === $method ) {
				return self::consume_rescue( $token, $now );
			}
			return null !== self::peek_rescue( $token, $now ) ? 'confirm' : null;
		}

		/**
		 * Headers of the confirmation page: never cached, framed (a hidden click) or leaked in a Referer.
		 *
		 * @return array<int, string>
		 */
		public static function confirm_headers() {
			return array(
				'Content-Type: text/html; charset=utf-8',
				'Cache-Control: no-store',
				'X-Frame-Options: DENY',
				"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
				'Referrer-Policy: no-referrer',
				'X-Robots-Tag: noindex, nofollow',
			);
		}

		/**
		 * The confirmation page: a button that POSTs back to the link. Plain HTML, no plugin or theme code,
		 * since it is shown when the site may be failing. In English: it is built before plugins and
		 * translations load, and asking for a translation this early makes core log a "too early" notice on
		 * the very site being rescued.
		 *
		 * @param string $action The rescue URL.
		 * @return string
		 */
		public static function confirm_page( $action ) {
			$title = esc_html( 'Start a rescue session' );
			return '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">'
				. '<title>' . $title . '</title>'
				. '<style>body{font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1e1e1e}button{font:inherit;padding:.5rem 1rem;background:#2271b1;color:#fff;border:0;border-radius:2px;cursor:pointer}</style>'
				. '</head><body><main><h1>' . $title . '</h1>'
				. '<p>' . esc_html( 'This one-time link turns every plugin off for this browser only, so you can log in and fix the site. Visitors are not affected. Only the administrator who created the link can log in with it.' ) . '</p>'
				. '<form method="post" action="' . esc_url( $action ) . '"><button type="submit">' . esc_html( 'Start rescue session' ) . '</button></form>'
				. '</main></body></html>';
		}

		/**
		 * Shows the confirmation, or starts a rescue session for this browser and sends it to the login
		 * screen.
		 *
		 * @param string $token  Token.
		 * @param string $method HTTP method.
		 * @return void
		 */
		private static function handle_rescue( $token, $method ) {
			$step = self::rescue_step( $method, $token, time() );
			if ( null === $step || headers_sent() ) {
				// Invalid, used or expired links are ignored: the request goes on as usual.
				return;
			}
			if ( ! is_array( $step ) ) {
				// 'confirm'.
				foreach ( self::confirm_headers() as $header ) {
					header( $header );
				}
				if ( 'HEAD' !== $method ) {
					echo self::confirm_page( add_query_arg( self::RESCUE_PARAM, $token, site_url( 'wp-login.php', 'login' ) ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
				}
				exit;
			}
			$value = self::encode( $step );
			self::send_cookie( $value, $step['e'] );
			$_COOKIE[ self::COOKIE ] = $value;
			$to                      = ( is_multisite() ? network_admin_url( 'settings.php?page=triage' ) : admin_url( 'tools.php?page=triage' ) ) . '#/safe-mode';
			header( 'Cache-Control: no-store' );
			// 303: the browser follows the POST with a GET of the login screen.
			header( 'Location: ' . wp_login_url( $to ), true, 303 );
			exit;
		}
	}

	// The loader is copied alone into mu-plugins, so its two classes share one file.
	// phpcs:disable Generic.Files.OneObjectStructurePerFile.MultipleFound

	/**
	 * Flight recorder: while an administrator has turned it on (for an hour to seven days), each web request
	 * leaves an in-flight marker (start time, pid, method, URI with secret-looking query values removed,
	 * logged in or not) that its shutdown removes again; a marker left behind means the worker died while
	 * serving it (request_terminate_timeout, a segfault, the OOM killer), which PHP can never log itself.
	 * Slow or fatal requests also leave a bounded record (duration, peak memory, the fatal error).
	 *
	 * Where the state lives: the installer writes UNTIL, DIR, KEY and APCU into the installed copy of this
	 * file (Triage\Incidents\Recorder\Flight_Recorder rewrites it on start and stop). Constants cost a visitor
	 * request one integer comparison when the recorder is off, no file access and no query; a state file
	 * read on every request would cost a stat at least, and an option a query. Expiry is time() against
	 * UNTIL, so a recorder left on turns itself off. Storage never queries the database: APCu when the
	 * worker has it enabled (shared by the pool's workers), else one small file per request in flight,
	 * named by pid, in Triage's private folder. Every call that touches storage is guarded: the recorder
	 * never warns and never ends a request.
	 */
	final class Triage_Flight_Recorder_Loader {

		/**
		 * Unix time the recorder stops at; 0 when it is off. Written by the installer.
		 *
		 * @var int
		 */
		const UNTIL = 0;

		/**
		 * Triage's private folder, for markers when APCu is not used ('' when there is none). Written by the installer.
		 *
		 * @var string
		 */
		const DIR = '';

		/**
		 * 128 random bits in hex naming this site's markers (unguessable file names, APCu keys apart from other
		 * sites on the same pool). Written by the installer.
		 *
		 * @var string
		 */
		const KEY = '';

		/**
		 * Whether workers that have APCu enabled keep markers there. Written by the installer.
		 *
		 * @var bool
		 */
		const APCU = false;

		/** A request slower than this (milliseconds) leaves a record when it ends. */
		const SLOW_MS = 3000;

		/** Longest URI kept, in bytes. */
		const MAX_URI = 300;

		/** Seconds a marker or record lives in APCu (the longest recording, 7 days, plus a day to read it). */
		const TTL = 691200;

		/** Records of slow or fatal requests kept in APCu (a ring). */
		const APCU_SLOTS = 200;

		/** Bytes of records kept per worker file before the older half is dropped. */
		const FILE_BYTES = 32768;

		/** Prefix of APCu keys (then KEY). */
		const APCU_PREFIX = 'triage_rec_';

		/** Prefix of file names in the private folder (then pid and a counter, then KEY). */
		const FILE_PREFIX = 'recorder_';

		/**
		 * The marker of this request: where it is ('apcu' key or file), when the request started, its line.
		 *
		 * @var array{0: string, 1: string, 2: float, 3: int, 4: string, 5: string}|null
		 */
		private static $marker = null;

		/**
		 * Called on every request while UNTIL is set: writes the marker and hooks its removal.
		 *
		 * @return void
		 */
		public static function start() {
			list( $until, $dir, $key, $apcu ) = self::switched();
			if ( time() >= $until || '' === $key || 'cli' === PHP_SAPI || null !== self::$marker ) {
				return;
			}
			// phpcs:disable WordPress.Security.ValidatedSanitizedInput, WordPress.Security.NonceVerification -- cleaned by clean_uri() and method(); nothing here acts on input.
			$started = isset( $_SERVER['REQUEST_TIME_FLOAT'] ) ? (float) $_SERVER['REQUEST_TIME_FLOAT'] : microtime( true );
			$method  = self::method( isset( $_SERVER['REQUEST_METHOD'] ) ? (string) $_SERVER['REQUEST_METHOD'] : '' );
			$uri     = self::clean_uri( isset( $_SERVER['REQUEST_URI'] ) ? (string) $_SERVER['REQUEST_URI'] : '' );
			$pid     = (int) getmypid();
			$line    = self::marker_line( $started, $pid, $method, $uri, self::logged_in( $_COOKIE ) );
			// phpcs:enable
			if ( $apcu && function_exists( 'apcu_enabled' ) && apcu_enabled() ) {
				// pid, then a counter unique within the process (threaded servers share a pid).
				$where = self::APCU_PREFIX . $key . '_m_' . $pid . '_' . hrtime( true );
				if ( ! apcu_store( $where, $line, self::TTL ) ) {
					return;
				}
				self::$marker = array( 'apcu', $where, $started, $pid, $method, $uri );
			} elseif ( '' !== $dir ) {
				$where = self::write_marker( $dir, $key, $pid, $line );
				if ( '' === $where ) {
					return;
				}
				self::$marker = array( 'file', $where, $started, $pid, $method, $uri );
			} else {
				return;
			}
			register_shutdown_function( array( __CLASS__, 'finish' ) );
			if ( function_exists( 'add_filter' ) ) {
				// WordPress's fatal error handler runs before this file's shutdown function and ends with wp_die(),
				// which stops the shutdown functions after it: its message filter is the last call before that.
				add_filter( 'wp_php_error_message', array( __CLASS__, 'before_fatal_page' ), 1 );
			}
		}

		/**
		 * Writes a marker file: one per worker (recorder_<pid>-<key>.run), rewritten by each request and
		 * emptied when it ends. A marker still in it when the next request of this pid starts belongs to a
		 * process that died (its pid reused) or to a request whose shutdown never ran: it is kept aside as
		 * recorder_<pid>_<n>-<key>.left for Triage to judge. Threaded servers share a pid between requests:
		 * there each request has its own file, removed when it ends.
		 *
		 * @param string $dir  Private folder.
		 * @param string $key  Site key.
		 * @param int    $pid  Pid.
		 * @param string $line Marker.
		 * @return string The file, or '' when nothing could be written.
		 */
		public static function write_marker( $dir, $key, $pid, $line ) {
			// phpcs:disable WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions -- never warn a visitor; a missing folder just records nothing.
			if ( PHP_ZTS ) {
				$file = $dir . '/' . self::FILE_PREFIX . $pid . '_' . hrtime( true ) . '-' . $key . '.run';
				return false === @file_put_contents( $file, $line ) ? '' : $file;
			}
			$file   = $dir . '/' . self::FILE_PREFIX . $pid . '-' . $key . '.run';
			$handle = @fopen( $file, 'c+b' );
			if ( false === $handle ) {
				return '';
			}
			$old = (string) @fread( $handle, 8192 );
			if ( '' !== $old ) {
				@file_put_contents( $dir . '/' . self::FILE_PREFIX . $pid . '_' . hrtime( true ) . '-' . $key . '.left', $old );
			}
			$written = @ftruncate( $handle, 0 ) && @rewind( $handle ) && strlen( $line ) === @fwrite( $handle, $line );
			@fclose( $handle );
			// phpcs:enable
			return $written ? $file : '';
		}

		/**
		 * The switch as the installed copy has it: UNTIL, DIR, KEY, APCU (typed, since the source's values
		 * are only the defaults).
		 *
		 * @return array{0: int, 1: string, 2: string, 3: bool}
		 */
		private static function switched() {
			return array( self::UNTIL, self::DIR, self::KEY, self::APCU );
		}

		/**
		 * Ends the record when WordPress shows its "critical error" page.
		 *
		 * @param mixed $message The page's message, returned unchanged.
		 * @return mixed
		 */
		public static function before_fatal_page( $message ) {
			self::finish();
			return $message;
		}

		/**
		 * Shutdown: removes the marker; keeps a record when the request was slow or ended by a fatal error.
		 *
		 * @return void
		 */
		public static function finish() {
			if ( null === self::$marker ) {
				return;
			}
			list( $store, $where, $started, $pid, $method, $uri ) = self::$marker;
			self::$marker = null;
			if ( 'apcu' === $store ) {
				if ( function_exists( 'apcu_delete' ) ) {
					apcu_delete( $where );
				}
			} elseif ( PHP_ZTS ) {
				@unlink( $where ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.unlink_unlink -- never warn.
			} else {
				// Emptied, not removed: unlink() (and rename()) clear PHP's realpath cache, which costs the next
				// request of this worker about 1M instructions to rebuild; an empty file is no marker.
				@file_put_contents( $where, '' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- never warn.
			}
			$ended = microtime( true );
			$fatal = self::fatal( error_get_last() );
			$ms    = (int) round( ( $ended - $started ) * 1000 );
			if ( $ms < self::SLOW_MS && null === $fatal ) {
				return;
			}
			$record = self::record_line( $started, $ended, $pid, $method, $uri, memory_get_peak_usage( true ), $fatal );
			if ( 'apcu' === $store ) {
				self::keep_in_apcu( $record );
			} else {
				self::keep_in_file( dirname( $where ) . '/' . self::FILE_PREFIX . $pid . '-' . self::switched()[2] . '.done', $record );
			}
		}

		/**
		 * The fatal error that ended a request, from error_get_last(), or null.
		 *
		 * @param array<string, mixed>|null $error error_get_last().
		 * @return array{message: string, file: string, line: int}|null
		 */
		public static function fatal( $error ) {
			if ( ! is_array( $error ) || ! isset( $error['type'] ) || ! in_array( $error['type'], array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR, E_RECOVERABLE_ERROR ), true ) ) {
				return null;
			}
			return array(
				'message' => substr( isset( $error['message'] ) ? (string) $error['message'] : '', 0, 500 ),
				'file'    => isset( $error['file'] ) ? str_replace( '\\', '/', (string) $error['file'] ) : '',
				'line'    => isset( $error['line'] ) ? (int) $error['line'] : 0,
			);
		}

		/**
		 * One marker: tab-separated, no tab or newline can occur inside a field.
		 *
		 * @param float  $started   Request start (Unix time, microseconds).
		 * @param int    $pid       Worker pid.
		 * @param string $method    HTTP method.
		 * @param string $uri       Cleaned URI.
		 * @param bool   $logged_in Whether a logged-in cookie came with the request.
		 * @return string
		 */
		public static function marker_line( $started, $pid, $method, $uri, $logged_in ) {
			return 'v1' . "\t" . sprintf( '%.3F', $started ) . "\t" . $pid . "\t" . $method . "\t" . ( $logged_in ? '1' : '0' ) . "\t" . $uri;
		}

		/**
		 * One record of a slow or fatal request, as JSON.
		 *
		 * @param float                                                $started     Start.
		 * @param float                                                $ended       End.
		 * @param int                                                  $pid         Worker pid.
		 * @param string                                               $method      HTTP method.
		 * @param string                                               $uri         Cleaned URI.
		 * @param int                                                  $peak_memory Peak memory, bytes.
		 * @param array{message: string, file: string, line: int}|null $fatal       The fatal error, if any.
		 * @return string
		 */
		public static function record_line( $started, $ended, $pid, $method, $uri, $peak_memory, $fatal ) {
			$json = json_encode( // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- runs before wp_json_encode() may be usable (a fatal during startup).
				array(
					'started'     => round( $started, 3 ),
					'ended'       => round( $ended, 3 ),
					'pid'         => $pid,
					'method'      => $method,
					'uri'         => $uri,
					'duration_ms' => (int) round( ( $ended - $started ) * 1000 ),
					'peak_memory' => $peak_memory,
					'fatal'       => $fatal,
				),
				JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR
			);
			return false === $json ? '' : $json;
		}

		/**
		 * Keeps a record in APCu's ring of APCU_SLOTS entries.
		 *
		 * @param string $record JSON.
		 * @return void
		 */
		private static function keep_in_apcu( $record ) {
			if ( '' === $record || ! function_exists( 'apcu_inc' ) || ! function_exists( 'apcu_add' ) || ! function_exists( 'apcu_store' ) ) {
				return;
			}
			$seq = self::APCU_PREFIX . self::switched()[2] . '_seq';
			$n   = apcu_inc( $seq, 1, $ok, self::TTL );
			if ( false === $n ) {
				// Older APCu does not create the counter.
				apcu_add( $seq, 1, self::TTL );
				$n = 1;
			}
			apcu_store( self::APCU_PREFIX . self::switched()[2] . '_f_' . ( (int) $n % self::APCU_SLOTS ), $record, self::TTL );
		}

		/**
		 * Appends a record to the worker's file, dropping its older half once it passes FILE_BYTES.
		 *
		 * @param string $file   The worker's file.
		 * @param string $record JSON.
		 * @return void
		 */
		public static function keep_in_file( $file, $record ) {
			if ( '' === $record ) {
				return;
			}
			// phpcs:disable WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions -- never warn; a plain local file.
			$size = @filesize( $file );
			if ( false !== $size && $size > self::FILE_BYTES ) {
				$old  = (string) @file_get_contents( $file );
				$cut  = strpos( $old, "\n", (int) ( strlen( $old ) / 2 ) );
				$kept = false === $cut ? '' : substr( $old, $cut + 1 );
				@file_put_contents( $file, $kept . $record . "\n", LOCK_EX );
				return;
			}
			@file_put_contents( $file, $record . "\n", FILE_APPEND | LOCK_EX );
			// phpcs:enable
		}

		/**
		 * The HTTP method, letters only.
		 *
		 * @param string $method Raw method.
		 * @return string
		 */
		public static function method( $method ) {
			$method = strtoupper( substr( $method, 0, 12 ) );
			return 1 === preg_match( '/^[A-Z]+$/', $method ) ? $method : 'OTHER';
		}

		/**
		 * Whether the request carries a WordPress logged-in cookie (its presence only: nothing is verified,
		 * so no query is made).
		 *
		 * @param array<mixed> $cookies $_COOKIE.
		 * @return bool
		 */
		public static function logged_in( array $cookies ) {
			foreach ( $cookies as $name => $value ) {
				if ( 0 === strncmp( (string) $name, 'wordpress_logged_in_', 20 ) ) {
					return true;
				}
			}
			return false;
		}

		/**
		 * The URI without values that could be secrets: query values whose name looks like a password, key,
		 * token, nonce, code or session, and long random-looking values whatever their name. Control
		 * characters go; the result is at most MAX_URI bytes.
		 *
		 * @param string $uri Request URI.
		 * @return string
		 */
		public static function clean_uri( $uri ) {
			$uri = substr( $uri, 0, 4096 );
			$q   = strpos( $uri, '?' );
			if ( false !== $q ) {
				$pairs = explode( '&', substr( $uri, $q + 1 ) );
				foreach ( $pairs as $i => $pair ) {
					$eq = strpos( $pair, '=' );
					if ( false !== $eq && $eq < strlen( $pair ) - 1 && self::secret_like( rawurldecode( substr( $pair, 0, $eq ) ), rawurldecode( substr( $pair, $eq + 1 ) ) ) ) {
						$pairs[ $i ] = substr( $pair, 0, $eq ) . '=[redacted]';
					}
				}
				$uri = substr( $uri, 0, $q + 1 ) . implode( '&', $pairs );
			}
			$uri = (string) preg_replace( '/[\x00-\x1f\x7f]/', '', $uri );
			return strlen( $uri ) > self::MAX_URI ? substr( $uri, 0, self::MAX_URI ) . '...' : $uri;
		}

		/**
		 * Whether a query value may be a secret, by its name or by its look.
		 *
		 * @param string $name  Parameter name.
		 * @param string $value Its value.
		 * @return bool
		 */
		public static function secret_like( $name, $value ) {
			if ( 1 === preg_match( '/pass|pwd|token|key|secret|nonce|auth|code|session|sess|sig|hash|otp|salt|cred|ticket|jwt|bearer/i', $name ) ) {
				return true;
			}
			// Long values made of token characters with both letters and digits: API keys, reset keys, hashes.
			return strlen( $value ) >= 20 && 1 === preg_match( '/^[A-Za-z0-9+\/=_.~%-]+$/', $value ) && preg_match_all( '/[0-9]/', $value ) >= 2 && preg_match_all( '/[A-Za-z]/', $value ) >= 2;
		}
	}
	// phpcs:enable Generic.Files.OneObjectStructurePerFile.MultipleFound
}//end if

// The only work done for visitors, after defined() and class_exists() above: three isset() checks, and the flight
// recorder's constant below.
if ( isset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] ) || isset( $_GET[ Triage_Safe_Mode_Loader::RESCUE_PARAM ] ) || isset( $_SERVER[ Triage_Safe_Mode_Loader::PROBE_HEADER ] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- presence check only.
	if ( ! did_action( 'muplugins_loaded' ) ) {
		Triage_Safe_Mode_Loader::boot();
	}
}

// @phpstan-ignore notIdentical.alwaysFalse (the installer writes the real value into the installed copy)
if ( 0 !== Triage_Flight_Recorder_Loader::UNTIL ) {
	// The flight recorder is on (or was, until UNTIL): a marker per request, without a query.
	Triage_Flight_Recorder_Loader::start();
}
