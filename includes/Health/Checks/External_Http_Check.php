<?php
/**
 * Slow or failing outgoing HTTP calls (payment gateways, CRMs, license servers, feeds).
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;
use Triage\Health\Http_Call_Recorder;

defined( 'ABSPATH' ) || exit;

/**
 * A plugin that waits on a slow remote API holds its PHP-FPM worker for as long; a few such requests at
 * once exhaust the pool.
 */
final class External_Http_Check implements Check {

	private const SLOW = 5.0;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'external_http';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return Check_Result::LAYER_WORDPRESS;
	}

	/**
	 * {@inheritDoc}
	 */
	public function is_slow(): bool {
		return false;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$calls = Http_Call_Recorder::recent( $context->runtime()->now() );
		$hosts = array();
		foreach ( $calls as $call ) {
			$host = '' !== $call['host'] ? $call['host'] : '?';
			if ( ! isset( $hosts[ $host ] ) ) {
				$hosts[ $host ] = array(
					'count'    => 0,
					'slowest'  => 0.0,
					'timeouts' => 0,
					'errors'   => 0,
				);
			}
			++$hosts[ $host ]['count'];
			$hosts[ $host ]['slowest'] = max( $hosts[ $host ]['slowest'], (float) $call['seconds'] );
			if ( '' !== (string) $call['error'] ) {
				++$hosts[ $host ]['errors'];
				if ( preg_match( '/timed out|cURL error 28/i', (string) $call['error'] ) ) {
					++$hosts[ $host ]['timeouts'];
				}
			}
		}
		/* translators: %d: number of calls. */
		$evidence = array( Check_Result::evidence( __( 'Outgoing calls in the last 24 h', 'triage' ), sprintf( _n( '%d (of the last 100 kept)', '%d (of the last 100 kept)', count( $calls ), 'triage' ), count( $calls ) ) ) );
		$bad      = array();
		uasort(
			$hosts,
			static function ( $a, $b ) {
				return $b['slowest'] <=> $a['slowest'];
			}
		);
		foreach ( array_slice( $hosts, 0, 8, true ) as $host => $stats ) {
			$evidence[] = Check_Result::evidence(
				$host,
				/* translators: 1: number of calls, 2: slowest duration, 3: timeouts, 4: errors. */
				sprintf( __( '%1$d calls, slowest %2$s, %3$d timeouts, %4$d errors', 'triage' ), $stats['count'], Format::ms( $stats['slowest'] ), $stats['timeouts'], $stats['errors'] )
			);
			if ( $stats['timeouts'] > 0 || $stats['slowest'] > self::SLOW ) {
				$bad[] = $host;
			}
		}
		if ( ! $bad ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'Outgoing HTTP calls are quick', 'triage' ), $evidence );
		}
		return Check_Result::measured(
			$this,
			Check_Result::WARNING,
			/* translators: %s: list of hosts. */
			sprintf( __( 'Slow or timing-out remote services: %s', 'triage' ), implode( ', ', $bad ) ),
			$evidence,
			__( 'While WordPress waits for a remote API, the request holds its PHP-FPM worker. When the service is slow, each page that calls it takes seconds; under traffic the pool runs out (502) or the gateway times out (504).', 'triage' ),
			__( 'Find the plugin that calls these hosts (its settings, or the Logs tab), lower its timeout, cache its answers, or move the call to a background job. If the service is down, pause that feature until it returns.', 'triage' )
		);
	}
}
