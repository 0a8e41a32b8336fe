<?php
/**
 * Makes a probed request report its own peak memory.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * On a request carrying a valid probe token, appends an HTML comment with the request's peak memory and
 * memory_limit after everything else is sent. Requests without the header pay one isset().
 */
final class Probe_Responder {

	public const MARKER = 'triage-probe';

	/**
	 * Token checker.
	 *
	 * @var Probe_Token
	 */
	private $tokens;

	/**
	 * Capability policy: a token only counts while its user may still view diagnostics.
	 *
	 * @var \Triage\Capabilities
	 */
	private $capabilities;

	/**
	 * Takes its collaborators.
	 *
	 * @param Probe_Token          $tokens       Token checker.
	 * @param \Triage\Capabilities $capabilities Capability policy.
	 */
	public function __construct( Probe_Token $tokens, \Triage\Capabilities $capabilities ) {
		$this->tokens       = $tokens;
		$this->capabilities = $capabilities;
	}

	/**
	 * Hooks in when the request carries a token.
	 *
	 * @return void
	 */
	public function register(): void {
		if ( ! isset( $_SERVER['HTTP_X_TRIAGE_PROBE'] ) ) {
			return;
		}
		add_action( 'init', array( $this, 'maybe_respond' ), 0 );
	}

	/**
	 * Verifies the token and, if valid, registers the report for the very end of the request.
	 *
	 * @return bool Whether the request will report.
	 */
	public function maybe_respond(): bool {
		if ( ! isset( $_SERVER['HTTP_X_TRIAGE_PROBE'] ) ) {
			return false;
		}
		$token   = sanitize_text_field( wp_unslash( (string) $_SERVER['HTTP_X_TRIAGE_PROBE'] ) );
		$user_id = $this->tokens->redeem( $token );
		if ( ! $user_id || ! user_can( $user_id, $this->capabilities->capability( \Triage\Capabilities::VIEW ) ) ) {
			return false;
		}
		// Last on shutdown: core flushes its output buffers at priority 1, so this lands after the page.
		add_action( 'shutdown', array( $this, 'report' ), PHP_INT_MAX );
		return true;
	}

	/**
	 * Prints the report.
	 *
	 * @return void
	 */
	public function report(): void {
		$report = array(
			'peak'  => memory_get_peak_usage( true ),
			'limit' => (string) ini_get( 'memory_limit' ),
		);
		// An integer and PHP's own memory_limit, JSON-encoded inside an HTML comment; escaping would break the JSON.
		echo "\n<!-- " . self::MARKER . ' ' . wp_json_encode( $report ) . ' -->'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
	}

	/**
	 * Finds a report in a response body.
	 *
	 * @param string $body Response body.
	 * @return array{peak: int, limit: string}|null
	 */
	public static function parse( string $body ): ?array {
		if ( ! preg_match( '/<!-- ' . self::MARKER . ' (\{[^}]*\}) -->\s*$/', $body, $match ) ) {
			return null;
		}
		$data = json_decode( $match[1], true );
		if ( ! is_array( $data ) || ! isset( $data['peak'], $data['limit'] ) ) {
			return null;
		}
		return array(
			'peak'  => (int) $data['peak'],
			'limit' => (string) $data['limit'],
		);
	}
}
