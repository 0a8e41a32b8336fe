<?php
/**
 * What is broken, and how a probe tells.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * A validated symptom: a URL of this site, a method (GET, or POST with a body), logged in or not, and the
 * failure tests. A probe fails when it gets no answer in time or when any chosen test trips.
 *
 * @phpstan-import-type Probe_Observed from Probe_Runner
 */
final class Symptom {

	public const DEFAULT_TIMEOUT = 15;
	public const MIN_TIMEOUT     = 2;
	public const MAX_TIMEOUT     = 60;
	public const MAX_BODY        = 8192;
	public const MAX_TEXT        = 200;

	/** Seconds a probe waits past the time test's limit before it calls the request unanswered. */
	public const SLOW_MARGIN = 5.0;

	/**
	 * Normalized fields; shape: REST/schemas/bisect/bisect-symptom.json.
	 *
	 * @var array<string, mixed>
	 */
	private $data;

	/**
	 * Holds normalized fields.
	 *
	 * @param array<string, mixed> $data Fields from from_array().
	 */
	private function __construct( array $data ) {
		$this->data = $data;
	}

	/**
	 * Validates input.
	 *
	 * @param array<string, mixed> $input Raw fields: url, method, body, logged_in, timeout, tests{status, fatal, slower_than, contains, lacks, memory_over_mb}.
	 * @param string[]             $bases This site's base URLs (home and site URL); the URL must be on one of them.
	 * @return Symptom|WP_Error
	 */
	public static function from_array( array $input, array $bases ) {
		$url = self::resolve_url( isset( $input['url'] ) ? (string) $input['url'] : '', $bases );
		if ( null === $url ) {
			return new WP_Error( 'triage_bisect_foreign_url', __( 'Probes may only request this site’s own URLs (same scheme, host and port as the site address).', 'triage' ), array( 'status' => 400 ) );
		}
		$method = isset( $input['method'] ) ? strtoupper( (string) $input['method'] ) : 'GET';
		if ( ! in_array( $method, array( 'GET', 'POST' ), true ) ) {
			return new WP_Error( 'triage_bisect_method', __( 'The method must be GET or POST.', 'triage' ), array( 'status' => 400 ) );
		}
		$body = 'POST' === $method && isset( $input['body'] ) ? (string) $input['body'] : '';
		if ( strlen( $body ) > self::MAX_BODY ) {
			return new WP_Error( 'triage_bisect_body', __( 'The POST body is too long (8 KB at most).', 'triage' ), array( 'status' => 400 ) );
		}
		$tests = isset( $input['tests'] ) && is_array( $input['tests'] ) ? $input['tests'] : array();
		$clean = array(
			'status'         => ! empty( $tests['status'] ),
			'fatal'          => ! empty( $tests['fatal'] ),
			'slower_than'    => isset( $tests['slower_than'] ) && is_numeric( $tests['slower_than'] ) && $tests['slower_than'] > 0 ? min( (float) self::MAX_TIMEOUT, max( 0.1, (float) $tests['slower_than'] ) ) : null,
			'contains'       => isset( $tests['contains'] ) ? mb_substr( (string) $tests['contains'], 0, self::MAX_TEXT ) : '',
			'lacks'          => isset( $tests['lacks'] ) ? mb_substr( (string) $tests['lacks'], 0, self::MAX_TEXT ) : '',
			'memory_over_mb' => isset( $tests['memory_over_mb'] ) && is_numeric( $tests['memory_over_mb'] ) && $tests['memory_over_mb'] > 0 ? (int) $tests['memory_over_mb'] : null,
		);
		if ( ! $clean['status'] && ! $clean['fatal'] && null === $clean['slower_than'] && '' === $clean['contains'] && '' === $clean['lacks'] && null === $clean['memory_over_mb'] ) {
			return new WP_Error( 'triage_bisect_no_test', __( 'Choose at least one way to tell that the site is broken.', 'triage' ), array( 'status' => 400 ) );
		}
		$timeout = isset( $input['timeout'] ) && is_numeric( $input['timeout'] ) ? (int) $input['timeout'] : self::DEFAULT_TIMEOUT;
		return new self(
			array(
				'url'       => $url,
				'method'    => $method,
				'body'      => $body,
				'logged_in' => ! empty( $input['logged_in'] ),
				'timeout'   => max( self::MIN_TIMEOUT, min( self::MAX_TIMEOUT, $timeout ) ),
				'tests'     => $clean,
			)
		);
	}

	/**
	 * A URL typed by the admin, made absolute: empty means the site's front page, a path is taken on the
	 * site; null when the result is not this site's own URL.
	 *
	 * @param string   $url   URL or path.
	 * @param string[] $bases This site's base URLs, home first.
	 * @return string|null
	 */
	public static function resolve_url( string $url, array $bases ): ?string {
		$url = trim( $url );
		if ( '' === $url ) {
			$url = $bases[0];
		} elseif ( 0 === strpos( $url, '/' ) && 0 !== strpos( $url, '//' ) ) {
			$url = untrailingslashit( $bases[0] ) . $url;
		}
		return self::is_own_url( $url, $bases ) ? esc_url_raw( $url ) : null;
	}

	/**
	 * Whether a URL is on this site: http(s), no credentials, and the scheme, host and port of a base, with
	 * a path under the base's path.
	 *
	 * @param string   $url   URL.
	 * @param string[] $bases Base URLs.
	 * @return bool
	 */
	public static function is_own_url( string $url, array $bases ): bool {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || ! isset( $parts['scheme'], $parts['host'] ) || isset( $parts['user'] ) || isset( $parts['pass'] ) || preg_match( '/[\s\\\\]/', $url ) ) {
			return false;
		}
		foreach ( $bases as $base ) {
			$own = wp_parse_url( $base );
			if ( ! is_array( $own ) || ! isset( $own['scheme'], $own['host'] ) ) {
				continue;
			}
			$same = strtolower( $parts['scheme'] ) === strtolower( $own['scheme'] )
				&& strtolower( $parts['host'] ) === strtolower( $own['host'] )
				&& self::port( $parts ) === self::port( $own )
				&& self::under( isset( $parts['path'] ) ? $parts['path'] : '/', isset( $own['path'] ) ? $own['path'] : '/' );
			if ( $same ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a path lies under the site's path (a site in /blog/ may not probe /phpmyadmin/), with no
	 * dot segments, encoded or not, to climb out of it.
	 *
	 * @param string $path URL path.
	 * @param string $base Site path.
	 * @return bool
	 */
	private static function under( string $path, string $base ): bool {
		if ( preg_match( '#(^|/)(\.|%2e){1,2}(/|$)|%2f|%5c#i', $path ) ) {
			return false;
		}
		$base = trailingslashit( $base );
		return 0 === strpos( trailingslashit( $path ), $base );
	}

	/**
	 * A URL's port, the scheme's default when absent.
	 *
	 * @param array<string, int|string> $parts wp_parse_url() parts.
	 * @return int
	 */
	private static function port( array $parts ): int {
		if ( isset( $parts['port'] ) ) {
			return (int) $parts['port'];
		}
		return 'https' === strtolower( (string) $parts['scheme'] ) ? 443 : 80;
	}

	/**
	 * Fields, for storage and the REST response.
	 *
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return $this->data;
	}

	/**
	 * URL to request.
	 *
	 * @return string
	 */
	public function url(): string {
		return $this->data['url'];
	}

	/**
	 * GET or POST.
	 *
	 * @return string
	 */
	public function method(): string {
		return $this->data['method'];
	}

	/**
	 * POST body, as typed.
	 *
	 * @return string
	 */
	public function body(): string {
		return $this->data['body'];
	}

	/**
	 * The body's content type: JSON when it looks like JSON, a form otherwise.
	 *
	 * @return string
	 */
	public function content_type(): string {
		$start = substr( ltrim( $this->data['body'] ), 0, 1 );
		return '{' === $start || '[' === $start ? 'application/json' : 'application/x-www-form-urlencoded';
	}

	/**
	 * Whether the probe carries the admin's login.
	 *
	 * @return bool
	 */
	public function logged_in(): bool {
		return $this->data['logged_in'];
	}

	/**
	 * Seconds a probe waits for an answer: the timeout, and always well past the time test's limit, so a
	 * slow answer is measured and reported with its real time ("4.07 s, limit 3 s"); only a request that
	 * does not answer at all is a timeout.
	 *
	 * @return float
	 */
	public function timeout(): float {
		$timeout = (float) $this->data['timeout'];
		$slower  = $this->data['tests']['slower_than'];
		return null !== $slower ? max( $timeout, $slower + self::SLOW_MARGIN ) : $timeout;
	}

	/**
	 * Which tests a probe trips.
	 *
	 * @param array  $result What the probe saw.
	 * @param string $body   Response body.
	 * @phpstan-param Probe_Observed $result
	 * @return string[] Test names: no-answer, status, fatal, time, contains, lacks, memory.
	 */
	public function failed_tests( array $result, string $body ): array {
		$tests  = $this->data['tests'];
		$failed = array();
		if ( null === $result['status'] ) {
			$failed[] = 'no-answer';
		}
		if ( $tests['status'] && null !== $result['status'] && $result['status'] >= 500 ) {
			$failed[] = 'status';
		}
		// Only this request's own report counts: a worker that died without one crashed (segfault, killed).
		$own_fatal = null !== $result['fatal'] || array() !== array_filter(
			$result['log'],
			static function ( array $entry ): bool {
				return 'fatal' === $entry['level'];
			}
		);
		$crashed   = $result['accepted'] && ! $result['reported'] && null !== $result['status'] && $result['status'] >= 500;
		if ( $tests['fatal'] && ( $own_fatal || $crashed ) ) {
			$failed[] = 'fatal';
		}
		if ( null !== $tests['slower_than'] && $result['time'] > $tests['slower_than'] ) {
			$failed[] = 'time';
		}
		if ( null !== $result['status'] && '' !== $tests['contains'] && false !== strpos( $body, $tests['contains'] ) ) {
			$failed[] = 'contains';
		}
		if ( null !== $result['status'] && '' !== $tests['lacks'] && false === strpos( $body, $tests['lacks'] ) ) {
			$failed[] = 'lacks';
		}
		if ( null !== $tests['memory_over_mb'] && null !== $result['peak_memory'] && $result['peak_memory'] > $tests['memory_over_mb'] * 1048576 ) {
			$failed[] = 'memory';
		}
		return $failed;
	}
}
