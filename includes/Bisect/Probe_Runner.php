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
use Triage\Logs\Debug_Log_Location;

defined( 'ABSPATH' ) || exit;

/**
 * A probe is a loopback request to the symptom's URL carrying a signed single-request override (see the
 * must-use loader), so only that request loads the chosen plugins. The verdict comes from what the site
 * answered, what the loader saw inside the request (fatal error, peak memory) and the lines the request
 * added to the PHP error log.
 *
 * @phpstan-type Probe_Observed array{status: ?int, time: float, error: ?string, timed_out: bool, accepted: bool, fatal: array<string, mixed>|null, peak_memory: ?int, log: string[]}
 */
final class Probe_Runner {

	/** Most response body kept for the contains/lacks tests. */
	public const MAX_BODY_BYTES = 4194304;

	/** Most bytes of new log read per probe. */
	public const MAX_LOG_BYTES = 65536;

	/** Log lines kept per probe. */
	public const MAX_LOG_LINES = 6;

	/**
	 * Where PHP logs errors.
	 *
	 * @var Debug_Log_Location
	 */
	private $log_location;

	/**
	 * Takes its collaborators.
	 *
	 * @param Debug_Log_Location $log_location Log location.
	 */
	public function __construct( Debug_Log_Location $log_location ) {
		$this->log_location = $log_location;
	}

	/**
	 * Sends a probe and judges it.
	 *
	 * @param Symptom  $symptom       What is broken and how to tell.
	 * @param int      $user_id       Admin who runs the bisection (the override is bound to them).
	 * @param string[] $plugins       Plugins to load (basenames).
	 * @param bool     $default_theme Load the default theme instead of the active one.
	 * @return array{verdict: string, failed: string[], status: ?int, time: float, error: ?string, timed_out: bool, accepted: bool, fatal: array<string, mixed>|null, peak_memory: ?int, log: string[]}
	 */
	public function run( Symptom $symptom, int $user_id, array $plugins, bool $default_theme ): array {
		$nonce = bin2hex( random_bytes( 16 ) );
		$ttl   = (int) ceil( $symptom->timeout() ) + 60;
		// What to load stays here, with the nonce; the header only names it.
		add_option(
			Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX . $nonce,
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
		$header   = Triage_Safe_Mode_Loader::sign_probe(
			array(
				'u' => $user_id,
				'e' => time() + $ttl,
				'n' => $nonce,
			)
		);
		$log_file = $this->log_file();
		$log_from = null !== $log_file ? $this->size_of( $log_file ) : 0;

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

		// Spent by the loader when the request reached WordPress; removed here in every other case.
		delete_option( Triage_Safe_Mode_Loader::PROBE_NONCE_PREFIX . $nonce );
		$report = get_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );
		delete_transient( Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $nonce );
		$report = is_array( $report ) ? $report : array();

		$error    = is_wp_error( $answer ) ? $answer->get_error_message() : null;
		$status   = null === $error ? (int) wp_remote_retrieve_response_code( $answer ) : null;
		$body     = null === $error ? (string) wp_remote_retrieve_body( $answer ) : '';
		$accepted = null === $error && 'accepted' === wp_remote_retrieve_header( $answer, 'x-triage-probe' ) && empty( $report['ignored'] );
		$log      = null !== $log_file ? $this->new_log_lines( $log_file, $log_from ) : array();
		$fatal    = isset( $report['fatal'] ) && is_array( $report['fatal'] ) ? $report['fatal'] : null;
		$peak     = isset( $report['peak_memory'] ) ? (int) $report['peak_memory'] : null;

		$result  = array(
			'status'      => $status,
			'time'        => round( $time, 3 ),
			'error'       => null !== $error ? wp_strip_all_tags( $error ) : null,
			'timed_out'   => null !== $error && (bool) preg_match( '/timed out|cURL error 28/i', $error ),
			'accepted'    => $accepted,
			'fatal'       => $fatal,
			'peak_memory' => $peak,
			'log'         => $log,
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

	/**
	 * The file PHP logs errors to, when there is one.
	 *
	 * @return string|null
	 */
	private function log_file(): ?string {
		$resolved = $this->log_location->resolve();
		return null !== $resolved['effective'] && is_file( $resolved['effective'] ) ? $resolved['effective'] : null;
	}

	/**
	 * A file's current size.
	 *
	 * @param string $file File.
	 * @return int
	 */
	private function size_of( string $file ): int {
		clearstatcache( true, $file );
		$size = @filesize( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a missing log is normal.
		return false === $size ? 0 : (int) $size;
	}

	/**
	 * Error lines the probe added to the log: read from where the log ended before the probe (or from
	 * the start, when it was rotated), at most MAX_LOG_BYTES, last MAX_LOG_LINES kept.
	 *
	 * @param string $file Log file.
	 * @param int    $from Size before the probe.
	 * @return string[]
	 */
	private function new_log_lines( string $file, int $from ): array {
		$size = $this->size_of( $file );
		if ( $size === $from ) {
			return array();
		}
		$from   = $size < $from ? 0 : $from;
		$length = max( 1, min( self::MAX_LOG_BYTES, $size - $from ) );
		$handle = @fopen( $file, 'rb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- reads a log; failure means no lines.
		if ( false === $handle ) {
			return array();
		}
		fseek( $handle, $from );
		$chunk = (string) fread( $handle, $length ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread -- bounded read of a log.
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- pairs the fopen above.
		$lines = array();
		$split = preg_split( '/\R/', $chunk );
		foreach ( false !== $split ? $split : array() as $line ) {
			$line = trim( wp_check_invalid_utf8( $line, true ) );
			if ( '' !== $line && preg_match( '/PHP (Fatal|Parse|Warning|Error|Notice|Deprecated)|Allowed memory|Maximum execution time/i', $line ) ) {
				$lines[] = mb_substr( $line, 0, 300 );
			}
		}
		return array_slice( $lines, -self::MAX_LOG_LINES );
	}
}
