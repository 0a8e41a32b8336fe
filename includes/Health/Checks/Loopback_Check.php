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
		$labels   = array(
			'front' => __( 'Front page', 'triage' ),
			'admin' => __( 'Dashboard (/wp-admin/)', 'triage' ),
			'rest'  => __( 'REST API root', 'triage' ),
			'ajax'  => 'admin-ajax.php',
		);
		$results  = $context->loopbacks();
		$evidence = array();
		$failed   = array();
		$slow     = array();
		foreach ( $labels as $name => $label ) {
			if ( ! isset( $results[ $name ] ) ) {
				continue;
			}
			$result = $results[ $name ];
			if ( '' !== $result->error ) {
				$value = $result->timed_out
					/* translators: %s: duration. */
					? sprintf( __( 'timed out after %s', 'triage' ), Format::ms( $result->total ) )
					: $result->error;
			} else {
				$time = null !== $result->ttfb ? $result->ttfb : $result->total;
				/* translators: 1: HTTP status, 2: time to first byte. */
				$value = sprintf( __( 'HTTP %1$d, first byte after %2$s', 'triage' ), $result->status, Format::ms( $time ) );
				if ( $result->failed() && '' !== $result->first_line ) {
					$value .= ' — ' . $result->first_line;
				}
				if ( $time > self::SLOW ) {
					$slow[] = $label;
				}
			}
			if ( $result->failed() ) {
				$failed[] = $label;
			}
			$evidence[] = Check_Result::evidence( $label, $value );
		}//end foreach

		if ( $failed ) {
			return Check_Result::measured(
				$this,
				Check_Result::CRITICAL,
				/* translators: %s: list of pages. */
				sprintf( __( 'The site fails or times out when it asks itself for: %s', 'triage' ), implode( ', ', $failed ) ),
				$evidence,
				__( 'These requests went through the same web server and PHP as visitors\' requests. A 5xx here is a 5xx for visitors; a timeout means PHP is busy or hung, or the server cannot reach itself (firewall, DNS), which also breaks wp-cron and the block editor.', 'triage' ),
				__( 'Read the first line of the answer above and the Logs tab for the fatal error behind a 500; for 502/504 see the PHP-FPM and time-limit checks; for a timeout with an otherwise working site, make the site\'s own host name resolve to the server (hosts file) and allow outgoing connections to it.', 'triage' )
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
}
