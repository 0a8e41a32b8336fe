<?php
/**
 * One loopback request's outcome.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Status, time to first byte, total time, the first line of the body, and the probe report if any.
 */
final class Loopback_Result {

	/**
	 * URL requested.
	 *
	 * @var string
	 */
	public $url;

	/**
	 * HTTP status; 0 when no response arrived.
	 *
	 * @var int
	 */
	public $status = 0;

	/**
	 * Seconds to the first byte, when the transport says.
	 *
	 * @var float|null
	 */
	public $ttfb = null;

	/**
	 * Seconds in all.
	 *
	 * @var float
	 */
	public $total = 0.0;

	/**
	 * Transport error (timeout, refused); empty when a response arrived.
	 *
	 * @var string
	 */
	public $error = '';

	/**
	 * Whether the error was a timeout.
	 *
	 * @var bool
	 */
	public $timed_out = false;

	/**
	 * First non-empty line of the body, tags stripped, at most 200 characters.
	 *
	 * @var string
	 */
	public $first_line = '';

	/**
	 * The start of the body as text (tags stripped, whitespace collapsed), at most 160 characters.
	 *
	 * @var string
	 */
	public $snippet = '';

	/**
	 * The Server header, when one came.
	 *
	 * @var string
	 */
	public $server = '';

	/**
	 * The Location header of a redirect.
	 *
	 * @var string
	 */
	public $location = '';

	/**
	 * Who blocked the request and how, when it was blocked; empty otherwise (see Loopback_Block).
	 *
	 * @var string
	 */
	public $blocked = '';

	/**
	 * Peak memory report from Probe_Responder.
	 *
	 * @var array{peak: int, limit: string}|null
	 */
	public $memory = null;

	/**
	 * Takes the URL.
	 *
	 * @param string $url URL.
	 */
	public function __construct( string $url ) {
		$this->url = $url;
	}

	/**
	 * Whether the server answered with a 5xx or not at all. A blocked request is not a failure of the
	 * site: a WAF's 503 challenge page says nothing about PHP.
	 *
	 * @return bool
	 */
	public function failed(): bool {
		return '' === $this->blocked && ( 0 === $this->status || $this->status >= 500 );
	}

	/**
	 * Whether a firewall, security plugin or login wall answered instead of the page.
	 *
	 * @return bool
	 */
	public function is_blocked(): bool {
		return '' !== $this->blocked;
	}

	/**
	 * One word for the outcome: ok, redirect, blocked or failed.
	 *
	 * @return string
	 */
	public function verdict(): string {
		if ( $this->is_blocked() ) {
			return 'blocked';
		}
		if ( $this->failed() ) {
			return 'failed';
		}
		return $this->status >= 300 && $this->status < 400 ? 'redirect' : 'ok';
	}
}
