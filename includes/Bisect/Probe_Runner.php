<?php
/**
 * Sends one bisection probe and judges it against the symptom.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use Triage\Capabilities;
use Triage_Safe_Mode_Loader;
use Triage\Http\Loopback_Login;
use Triage\Health\Loopback_Block;
use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Entry_Parser;

defined( 'ABSPATH' ) || exit;

/**
 * A probe is a loopback request to the symptom's URL carrying a signed single-request override (see the
 * must-use loader), so only that request loads the chosen plugins. The verdict comes from what the site
 * answered and from the report the loader wrote at the end of that very request (its own errors, the fatal
 * error that ended it, its peak memory): never from a shared log, where visitors of a broken site write the
 * same fatal errors at the same time.
 *
 * @phpstan-type Probe_Entry array{level: string, message: string, file: string, line: int, plugin: ?string, theme: ?string}
 * @phpstan-type Probe_Lead array{type: string, slug: string, file: string, candidate: ?string}
 * @phpstan-type Probe_Observed array{status: ?int, time: float, error: ?string, timed_out: bool, accepted: bool, reported: bool, fatal: array<string, mixed>|null, peak_memory: ?int, log: array<int, Probe_Entry>, log_more: int, note: ?string, lead: Probe_Lead|null}
 */
final class Probe_Runner {

	/** Most response body kept for the contains/lacks tests. */
	public const MAX_BODY_BYTES = 4194304;

	/** Most errors kept per probe (the loader keeps as many). */
	public const MAX_LOG_LINES = Triage_Safe_Mode_Loader::PROBE_MAX_ERRORS;

	/** Levels an entry may have. */
	public const LEVELS = array( 'fatal', 'error', 'warning', 'notice', 'deprecated' );

	/**
	 * Names the plugin or theme a file belongs to.
	 *
	 * @var Log_Attributor
	 */
	private $attributor;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Attributor $attributor Names the plugin or theme of an error's file.
	 */
	public function __construct( Log_Attributor $attributor ) {
		$this->attributor = $attributor;
	}

	/**
	 * Sends a probe and judges it.
	 *
	 * @param Symptom  $symptom       What is broken and how to tell.
	 * @param int      $user_id       Admin who runs the bisection (the override is bound to them).
	 * @param string[] $plugins       Plugins to load (basenames).
	 * @param bool     $default_theme Load a stand-in theme instead of the active one.
	 * @return array{verdict: string, failed: string[], status: ?int, time: float, error: ?string, timed_out: bool, accepted: bool, reported: bool, fatal: array<string, mixed>|null, peak_memory: ?int, log: array<int, array{level: string, message: string, file: string, line: int, plugin: ?string, theme: ?string}>, log_more: int, note: ?string, lead: array{type: string, slug: string, file: string, candidate: ?string}|null}
	 */
	public function run( Symptom $symptom, int $user_id, array $plugins, bool $default_theme ): array {
		$nonce = bin2hex( random_bytes( 16 ) );
		$name  = Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX . $nonce;
		$ttl   = (int) ceil( $symptom->timeout() ) + 60;
		// What to load stays here, with the nonce; the header only names it.
		add_option(
			$name,
			array(
				'u' => $user_id,
				'e' => time() + $ttl,
				'k' => array_values( $plugins ),
				't' => $default_theme ? 1 : 0,
				'a' => $symptom->logged_in() ? 0 : 1,
				// What the loader requires of the owner (it cannot ask Capabilities before plugins load).
				'c' => ( new Capabilities() )->capability( Capabilities::SAFE_MODE ),
			),
			'',
			false
		);
		$header = Triage_Safe_Mode_Loader::sign_probe(
			array(
				'u' => $user_id,
				'e' => time() + $ttl,
				'n' => $nonce,
			)
		);

		$is_post = 'POST' === $symptom->method();
		$started = microtime( true );
		$answer  = wp_remote_request(
			add_query_arg( 'triage-probe', substr( $nonce, 0, 8 ), $symptom->url() ),
			array(
				'method'              => $symptom->method(),
				'headers'             => array(
					'X-Triage-Probe' => $header,
					'Cache-Control'  => 'no-cache',
				) + ( $is_post ? array( 'Content-Type' => $symptom->content_type() ) : array() ),
				'timeout'             => $symptom->timeout(),
				'redirection'         => 0,
				// A loopback to this very server, as core's own: certificates are often self-signed or for
				// another name, unless the host says otherwise through core's filter.
				'sslverify'           => (bool) apply_filters( 'https_local_ssl_verify', false ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
				'cookies'             => $symptom->logged_in() ? Loopback_Login::cookies_for( $symptom->url() ) : array(),
				'user-agent'          => 'Triage/' . TRIAGE_VERSION . ' (bisection probe)',
				'limit_response_size' => self::MAX_BODY_BYTES,
			) + ( $is_post ? array( 'body' => $symptom->body() ) : array() )
		);
		$time = microtime( true ) - $started;

		// The loader spends the nonce when the request reaches WordPress: gone means the override applied,
		// whatever happened to the request afterwards. Read past this request's own cache of the option.
		wp_cache_delete( $name, 'options' );
		$reached = false === get_option( $name );
		delete_option( $name );
		$report = get_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );
		delete_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );
		$report   = is_array( $report ) && array_key_exists( 'peak_memory', $report ) ? $report : null;
		$reported = null !== $report;

		$error     = is_wp_error( $answer ) ? $answer->get_error_message() : null;
		$timed_out = null !== $error && (bool) preg_match( '/timed out|cURL error 28/i', $error );
		$status    = null === $error ? (int) wp_remote_retrieve_response_code( $answer ) : null;
		$body      = null === $error ? (string) wp_remote_retrieve_body( $answer ) : '';
		$accepted  = $reached && ( null === $report || empty( $report['ignored'] ) );
		$log       = $reported ? $this->entries( $report['errors'] ?? array() ) : array();

		$result  = array(
			'status'      => $status,
			'time'        => round( $time, 3 ),
			'error'       => $timed_out ? self::no_answer( $symptom->timeout() ) : ( null !== $error ? wp_strip_all_tags( $error ) : null ),
			'timed_out'   => $timed_out,
			'accepted'    => $accepted,
			'reported'    => $reported,
			'fatal'       => $reported && isset( $report['fatal'] ) && is_array( $report['fatal'] ) ? $report['fatal'] : null,
			'peak_memory' => $reported && isset( $report['peak_memory'] ) ? (int) $report['peak_memory'] : null,
			'log'         => $log,
			'log_more'    => $reported && isset( $report['more_errors'] ) ? max( 0, (int) $report['more_errors'] ) : 0,
			'note'        => self::note( $reached, $reported, $status, $timed_out ),
			'lead'        => self::lead( $log ),
		);
		$blocked = null !== $status && false === stripos( $symptom->url(), 'wp-login.php' )
			? Loopback_Block::reason( $status, self::headers( $answer ), $body )
			: '';
		if ( '' !== $blocked ) {
			// A firewall or security plugin answered, not the plugins under test: never a verdict on them.
			$result['accepted'] = false;
			$result['error']    = sprintf(
				/* translators: 1: what answered, e.g. "HTTP 403 from Wordfence", 2: the start of the body. */
				__( 'The probe was blocked: %1$s — the body begins "%2$s". Allow the server\'s own address and the user agent Triage/ in the security plugin or firewall (see the loopback check on the Overview).', 'triage' ),
				$blocked,
				Loopback_Block::snippet( $body )
			);
		}
		$failed = $symptom->failed_tests( $result, $body );

		return array(
			'verdict' => array() === $failed ? 'pass' : 'fail',
			'failed'  => $failed,
		) + $result;
	}

	/**
	 * The error of a probe that got no answer at all within its time.
	 *
	 * @param float $timeout Seconds waited.
	 * @return string
	 */
	public static function no_answer( float $timeout ): string {
		return sprintf(
			/* translators: %s: seconds. */
			__( 'No answer within %s s.', 'triage' ),
			number_format_i18n( $timeout, floor( $timeout ) === $timeout ? 0 : 1 )
		);
	}

	/**
	 * What to show as evidence when the request left no report of its own.
	 *
	 * @param bool     $reached   The request reached WordPress with the override.
	 * @param bool     $reported  The loader's report arrived.
	 * @param int|null $status    HTTP status, null without an answer.
	 * @param bool     $timed_out No answer in time.
	 * @return string|null
	 */
	public static function note( bool $reached, bool $reported, ?int $status, bool $timed_out ): ?string {
		if ( ! $reached || $reported ) {
			return null;
		}
		if ( $timed_out ) {
			return __( 'The request had not ended when the probe stopped waiting, so it sent no report.', 'triage' );
		}
		if ( null === $status ) {
			return __( 'The request ended without a report and without an answer: the PHP worker died or was killed.', 'triage' );
		}
		if ( $status < 500 ) {
			return sprintf(
				/* translators: %d: HTTP status code. */
				__( 'The request answered HTTP %d but left no report: its shutdown did not run to the end or could not save it.', 'triage' ),
				$status
			);
		}
		return sprintf(
			/* translators: %d: HTTP status code. */
			__( 'The request ended without a report: the PHP worker died or was killed (the web server answered HTTP %d for it).', 'triage' ),
			$status
		);
	}

	/**
	 * The errors of the probe's report, each with the plugin or theme its file belongs to.
	 *
	 * @param mixed $errors The report's errors (anything until checked).
	 * @return array<int, array{level: string, message: string, file: string, line: int, plugin: ?string, theme: ?string}>
	 */
	public function entries( $errors ): array {
		$entries = array();
		foreach ( is_array( $errors ) ? array_slice( $errors, -self::MAX_LOG_LINES ) : array() as $error ) {
			if ( ! is_array( $error ) || ! isset( $error['level'], $error['message'], $error['file'], $error['line'] ) ) {
				continue;
			}
			$path      = wp_normalize_path( (string) $error['file'] );
			$owner     = '' !== $path ? $this->attributor->classify( $path ) : null;
			$entries[] = array(
				'level'   => in_array( $error['level'], self::LEVELS, true ) ? (string) $error['level'] : 'notice',
				'message' => mb_substr( Log_Entry_Parser::scrub( (string) $error['message'] ), 0, 1000 ),
				'file'    => self::display_path( $path ),
				'line'    => (int) $error['line'],
				'plugin'  => null !== $owner && 'plugin' === $owner['type'] && '' !== $owner['slug'] ? $owner['slug'] : null,
				'theme'   => null !== $owner && 'theme' === $owner['type'] && '' !== $owner['slug'] ? $owner['slug'] : null,
			);
		}
		return $entries;
	}

	/**
	 * A file as shown: below the site's folder (or wp-content's parent), else its name.
	 *
	 * @param string $path Normalized absolute path.
	 * @return string
	 */
	public static function display_path( string $path ): string {
		foreach ( array( wp_normalize_path( ABSPATH ), trailingslashit( wp_normalize_path( dirname( WP_CONTENT_DIR ) ) ) ) as $root ) {
			if ( '' !== $path && 0 === strpos( $path, $root ) ) {
				return substr( $path, strlen( $root ) );
			}
		}
		return wp_basename( $path );
	}

	/**
	 * The plugin or theme the probe's own fatal error lies in, to name even when the search cannot
	 * isolate it (its candidate id is filled in by the session, which knows the candidates).
	 *
	 * @param array<int, array{level: string, message: string, file: string, line: int, plugin: ?string, theme: ?string}> $entries Entries.
	 * @return array{type: string, slug: string, file: string, candidate: ?string}|null
	 */
	public static function lead( array $entries ): ?array {
		foreach ( array_reverse( $entries ) as $entry ) {
			if ( 'fatal' !== $entry['level'] || ( null === $entry['plugin'] && null === $entry['theme'] ) ) {
				continue;
			}
			return array(
				'type'      => null !== $entry['plugin'] ? 'plugin' : 'theme',
				'slug'      => (string) ( $entry['plugin'] ?? $entry['theme'] ),
				'file'      => $entry['file'],
				'candidate' => null,
			);
		}
		return null;
	}

	/**
	 * An answer's headers, names lowercase.
	 *
	 * @param array<string, mixed>|\WP_Error $answer wp_remote_request() result.
	 * @return array<string, string>
	 */
	private static function headers( $answer ): array {
		$headers = array();
		// Only the headers that name a blocker or a login redirect.
		foreach ( array( 'server', 'location', 'cf-mitigated', 'cf-ray', 'x-sucuri-id' ) as $name ) {
			$value = wp_remote_retrieve_header( $answer, $name );
			if ( '' !== $value && array() !== $value ) {
				$headers[ $name ] = implode( ', ', (array) $value );
			}
		}
		return $headers;
	}
}
