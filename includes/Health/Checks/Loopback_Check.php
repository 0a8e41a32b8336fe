<?php
/**
 * The site answering itself: front page, dashboard, REST API, admin-ajax.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;
use Triage\Health\Loopback_Result;

defined( 'ABSPATH' ) || exit;

/**
 * Requests the site makes to itself, each timed: a 5xx or a timeout here is what visitors get too.
 */
final class Loopback_Check implements Check {

	/** Time to first byte above this is slow enough to matter. */
	private const SLOW = 3.0;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'loopback';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'web';
	}

	/**
	 * {@inheritDoc}
	 */
	public function is_slow(): bool {
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$labels     = array(
			'front' => __( 'Front page', 'triage' ),
			'admin' => __( 'Dashboard (/wp-admin/)', 'triage' ),
			'rest'  => __( 'REST API root', 'triage' ),
			'ajax'  => 'admin-ajax.php',
		);
		$results    = $context->loopbacks();
		$evidence   = array();
		$failed     = array();
		$slow       = array();
		$blocked    = array();
		$unresolved = false;
		$probed     = 0;
		foreach ( $labels as $name => $label ) {
			if ( ! isset( $results[ $name ] ) ) {
				continue;
			}
			++$probed;
			$result     = $results[ $name ];
			$evidence[] = Check_Result::evidence( $label, $this->describe( $result, $slow, $label ) );
			if ( $result->is_blocked() ) {
				$blocked[ $label ] = $result;
			} elseif ( $result->failed() ) {
				$failed[]   = $label;
				$unresolved = $unresolved || self::is_unresolved( $result->error );
			}
		}//end foreach

		if ( $failed ) {
			$fix = __( 'Read the first line of the answer above and the Logs tab for the fatal error behind a 500; for 502/504 see the PHP-FPM and time-limit checks; for a timeout with an otherwise working site, make the site\'s own host name resolve to the server (hosts file) and allow outgoing connections to it.', 'triage' );
			if ( $unresolved ) {
				$fix = __( 'This server cannot resolve the host name in the site address. If the address is wrong (after a migration or a domain change), correct it: see the site address check for the exact option, constant and WP-CLI command. If it is right, make it resolve here (DNS, or the server\'s hosts file pointing it at 127.0.0.1).', 'triage' );
			}
			$why    = __( 'These requests went through the same web server and PHP as visitors\' requests. A 5xx here is a 5xx for visitors; a timeout means PHP is busy or hung, or the server cannot reach itself (firewall, DNS), which also breaks wp-cron and the block editor.', 'triage' );
			$vendor = Cdn_Proxy_Check::vendor( $context->runtime()->server_vars() );
			if ( '' !== $vendor && ! $unresolved ) {
				// Which side made the visitor's error page: here it is known to be the origin.
				$why .= ' ' . ( 'Cloudflare' === $vendor
					? __( 'The error comes from this server, not from Cloudflare: visitors get the origin\'s own 502/504 page passed through, or Cloudflare\'s 520 (empty or invalid answer), 522 (connection timed out) or 524 (no answer within 100 s).', 'triage' )
					/* translators: %s: CDN or proxy name. */
					: sprintf( __( 'The error comes from this server, not from %s: visitors get the origin\'s own 502/504 page passed through, or the proxy\'s own error for an origin that does not answer.', 'triage' ), $vendor ) );
			}
			return Check_Result::measured(
				$this,
				Check_Result::CRITICAL,
				/* translators: %s: list of pages. */
				sprintf( __( 'The site fails or times out when it asks itself for: %s', 'triage' ), implode( ', ', $failed ) ),
				$evidence,
				$why,
				$fix
			);
		}//end if
		if ( $blocked ) {
			$first = reset( $blocked );
			return Check_Result::measured(
				$this,
				count( $blocked ) === $probed ? Check_Result::CRITICAL : Check_Result::WARNING,
				/* translators: 1: list of pages, 2: what answered, e.g. "HTTP 403 from Wordfence". */
				sprintf( __( 'The server\'s requests to itself are blocked: %1$s answered with %2$s', 'triage' ), implode( ', ', array_keys( $blocked ) ), $first->blocked ),
				$evidence,
				__( 'A firewall, a security plugin or a login wall refuses requests that come from the server itself. Visitors may not notice, but wp-cron (scheduled posts, updates, backups), Site Health\'s loopback test, the block editor\'s saves through the REST API, Triage\'s own probes and its bisection all stop working, and every check that needs a loopback cannot tell whether the site is healthy.', 'triage' ),
				sprintf(
					/* translators: 1: user agent, 2: list of addresses. */
					__( 'Allow the server\'s own requests in the security plugin or firewall that answered (its name or page is above): add this server\'s addresses (%2$s) to its allowlist, and allow the user agent "%1$s" (and WordPress/ for wp-cron). In a WAF or CDN, add a skip rule for requests from the origin\'s own address. Then run the checks again.', 'triage' ),
					'Triage/' . TRIAGE_VERSION,
					implode( ', ', self::own_addresses( $context ) )
				)
			);
		}
		if ( $slow ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %s: list of pages. */
				sprintf( __( 'Slow answers from: %s', 'triage' ), implode( ', ', $slow ) ),
				$evidence,
				__( 'Requests that take seconds hold a PHP-FPM worker all that time; under traffic the pool runs out (502) or the gateway times out (504).', 'triage' ),
				__( 'Use Triage\'s safe mode to compare with plugins off; enable a page cache; look for slow external HTTP calls and slow queries.', 'triage' )
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The site answers itself quickly', 'triage' ), $evidence );
	}

	/**
	 * One probe's outcome in words; adds the label to $slow when it was slow.
	 *
	 * @param Loopback_Result $result Result.
	 * @param string[]        $slow   Slow pages (updated).
	 * @param string          $label  The page's label.
	 * @return string
	 */
	private function describe( Loopback_Result $result, array &$slow, string $label ): string {
		if ( '' !== $result->error ) {
			return $result->timed_out
				/* translators: %s: duration. */
				? sprintf( __( 'timed out after %s', 'triage' ), Format::ms( $result->total ) )
				: $result->error;
		}
		$time = null !== $result->ttfb ? $result->ttfb : $result->total;
		if ( $result->is_blocked() ) {
			/* translators: 1: what answered, e.g. "HTTP 403 from Wordfence", 2: the start of the body. */
			$value = sprintf( __( 'blocked: %1$s — the body begins "%2$s"', 'triage' ), $result->blocked, $result->snippet );
			if ( '' !== $result->server ) {
				/* translators: %s: the Server header. */
				$value .= ' ' . sprintf( __( '(Server: %s)', 'triage' ), $result->server );
			}
			return $value;
		}
		/* translators: 1: HTTP status, 2: time to first byte. */
		$value = sprintf( __( 'HTTP %1$d, first byte after %2$s', 'triage' ), $result->status, Format::ms( $time ) );
		if ( $result->failed() && '' !== $result->first_line ) {
			$value .= ' — ' . $result->first_line;
		}
		if ( '' !== $result->location && 'redirect' === $result->verdict() ) {
			/* translators: %s: URL. */
			$value .= ' — ' . sprintf( __( 'redirected to %s', 'triage' ), $result->location );
		}
		if ( $time > self::SLOW ) {
			$slow[] = $label;
		}
		return $value;
	}

	/**
	 * Whether a transport error says the host name did not resolve.
	 *
	 * @param string $error Transport error.
	 * @return bool
	 */
	private static function is_unresolved( string $error ): bool {
		return (bool) preg_match( '/cURL error 6\b|Could not resolve|getaddrinfo|php_network_getaddresses|Name or service not known/i', $error );
	}

	/**
	 * This server's addresses as its own requests come from them.
	 *
	 * @param Check_Context $context Context.
	 * @return string[]
	 */
	private static function own_addresses( Check_Context $context ): array {
		$server    = $context->runtime()->server_vars();
		$addresses = array( '127.0.0.1', '::1' );
		if ( isset( $server['SERVER_ADDR'] ) && '' !== (string) $server['SERVER_ADDR'] ) {
			array_unshift( $addresses, sanitize_text_field( (string) $server['SERVER_ADDR'] ) );
		}
		return array_values( array_unique( $addresses ) );
	}
}
