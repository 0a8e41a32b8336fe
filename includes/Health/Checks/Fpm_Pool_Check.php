<?php
/**
 * The PHP-FPM pool: saturation, queue, slow requests, worker memory and a sizing recommendation.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;
use Triage\Health\Proc_Meminfo;

defined( 'ABSPATH' ) || exit;

/**
 * Reads fpm_get_status() (this pool only) and the pool file. When every worker is busy new requests
 * queue, then fail: 502 on a unix socket with a small backlog, 504 on TCP.
 */
final class Fpm_Pool_Check implements Check {

	/** Memory kept free for the database, the web server and the OS when sizing the pool. */
	private const RESERVE_SHARE = 0.2;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'fpm_pool';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'php';
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
		$sapi = $context->runtime()->sapi();
		if ( 'fpm-fcgi' !== $sapi ) {
			return Check_Result::unknown(
				$this,
				__( 'This site is not served by PHP-FPM', 'triage' ),
				/* translators: %s: server API name. */
				sprintf( __( 'PHP runs as "%s", so there is no PHP-FPM pool to inspect.', 'triage' ), $sapi ),
				array( Check_Result::evidence( __( 'PHP server API', 'triage' ), $sapi ) )
			);
		}
		$status = $context->fpm_status();
		if ( null === $status ) {
			return Check_Result::unknown(
				$this,
				__( 'The PHP-FPM pool could not be read', 'triage' ),
				__( 'fpm_get_status() is disabled or returned nothing (it needs PHP 7.3 or newer).', 'triage' )
			);
		}

		$config       = $context->server_config();
		$active       = (int) ( $status['active-processes'] ?? 0 );
		$idle         = (int) ( $status['idle-processes'] ?? 0 );
		$total        = (int) ( $status['total-processes'] ?? ( $active + $idle ) );
		$reached      = (int) ( $status['max-children-reached'] ?? 0 );
		$queue        = (int) ( $status['listen-queue'] ?? 0 );
		$max_queue    = (int) ( $status['max-listen-queue'] ?? 0 );
		$slow         = (int) ( $status['slow-requests'] ?? 0 );
		$max_children = $config->pool_setting( 'pm.max_children' );
		$memories     = array();
		foreach ( (array) ( $status['procs'] ?? array() ) as $proc ) {
			if ( is_array( $proc ) && ! empty( $proc['last-request-memory'] ) ) {
				$memories[] = (int) $proc['last-request-memory'];
			}
		}

		$evidence = array(
			Check_Result::evidence( __( 'Pool', 'triage' ), (string) ( $status['pool'] ?? '?' ) . ' (pm = ' . (string) ( $status['process-manager'] ?? $config->pool_setting( 'pm' ) ?? '?' ) . ')' ),
			/* translators: 1: active, 2: idle, 3: total workers. */
			Check_Result::evidence( __( 'Workers', 'triage' ), sprintf( __( '%1$d active, %2$d idle, %3$d in all', 'triage' ), $active, $idle, $total ) ),
			Check_Result::evidence( 'pm.max_children', null === $max_children ? __( 'unknown (pool file not readable)', 'triage' ) : $max_children ),
			Check_Result::evidence( 'pm.max_requests', $this->max_requests( $config ) ),
			Check_Result::evidence( 'max-children-reached', (string) $reached ),
			/* translators: 1: current queue, 2: maximum queue. */
			Check_Result::evidence( __( 'Listen queue', 'triage' ), sprintf( __( '%1$d now, %2$d at most since start', 'triage' ), $queue, $max_queue ) ),
			Check_Result::evidence( 'slow-requests', (string) $slow ),
			Check_Result::evidence( __( 'Accepted connections', 'triage' ), (string) ( $status['accepted-conn'] ?? '?' ) ),
		);

		$average = $memories ? (int) ( array_sum( $memories ) / count( $memories ) ) : 0;
		if ( $average > 0 ) {
			/* translators: 1: average, 2: largest. */
			$evidence[] = Check_Result::evidence( __( 'Memory of the last request per worker', 'triage' ), sprintf( __( '%1$s on average, %2$s at most', 'triage' ), Format::bytes( $average ), Format::bytes( max( $memories ) ) ) );
		}
		$recommended = $this->recommendation( $context, $average, $total );
		if ( null !== $recommended ) {
			$evidence[] = Check_Result::evidence( __( 'Recommended pm.max_children', 'triage' ), $recommended['text'] );
		}

		$fix = null !== $recommended
			/* translators: %d: recommended max_children. */
			? sprintf( __( 'In the pool file set pm.max_children = %d (the sizing above), reload PHP-FPM, and look for slow requests (request_slowlog_timeout = 5s writes a slow log with stack traces): each slow request holds a worker.', 'triage' ), $recommended['value'] )
			: __( 'Raise pm.max_children in the pool file within what memory allows ((available RAM − reserve) ÷ average worker memory), reload PHP-FPM, and find slow requests with request_slowlog_timeout = 5s.', 'triage' );
		$why = __( 'Each request needs a free PHP-FPM worker. When all are busy, new requests wait in the listen queue; when it is full or nginx times out, visitors get 502 ("Resource temporarily unavailable") or 504.', 'triage' );

		if ( $queue > 0 || ( $reached > 0 && $max_queue > 0 ) ) {
			return Check_Result::measured( $this, Check_Result::CRITICAL, __( 'The PHP-FPM pool ran out of workers and requests had to queue', 'triage' ), $evidence, $why, $fix );
		}
		if ( $reached > 0 || ( $total > 0 && 0 === $idle && null !== $max_children && $total >= (int) $max_children ) ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %d: number of times. */
				sprintf( _n( 'The PHP-FPM pool hit pm.max_children %d time since it started', 'The PHP-FPM pool hit pm.max_children %d times since it started', max( 1, $reached ), 'triage' ), max( 1, $reached ) ),
				$evidence,
				$why,
				$fix
			);
		}
		if ( $slow > 0 ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %d: number of slow requests. */
				sprintf( _n( '%d slow request was logged by PHP-FPM', '%d slow requests were logged by PHP-FPM', $slow, 'triage' ), $slow ),
				$evidence,
				__( 'Slow requests hold workers; enough of them at once exhaust the pool (502/504).', 'triage' ),
				__( 'Read PHP-FPM\'s slow log (slowlog in the pool file) for the stack traces, and fix or cache the slow code.', 'triage' )
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The PHP-FPM pool has free workers and never ran out', 'triage' ), $evidence );
	}

	/**
	 * The pool's pm.max_requests in words.
	 *
	 * @param \Triage\Health\Server_Config $config Config.
	 * @return string
	 */
	private function max_requests( $config ): string {
		if ( null === $config->fpm_pool ) {
			return __( 'unknown (pool file not readable)', 'triage' );
		}
		$value = $config->pool_setting( 'pm.max_requests' );
		return null === $value ? __( '0 (default: workers are never recycled)', 'triage' ) : $value;
	}

	/**
	 * (available RAM − reserve) ÷ average worker memory, with the numbers shown.
	 *
	 * @param Check_Context $context Context.
	 * @param int           $average Average worker memory.
	 * @param int           $workers Running workers.
	 * @return array{value: int, text: string}|null
	 */
	private function recommendation( Check_Context $context, int $average, int $workers ): ?array {
		$meminfo = Proc_Meminfo::read( $context->files() );
		if ( $average <= 0 || null === $meminfo || ! isset( $meminfo['MemTotal'], $meminfo['MemAvailable'] ) ) {
			return null;
		}
		// Memory the running workers already hold counts as available to the pool.
		$available = $meminfo['MemAvailable'] + $workers * $average;
		$reserve   = (int) ( $meminfo['MemTotal'] * self::RESERVE_SHARE );
		$value     = max( 1, intdiv( max( 0, $available - $reserve ), $average ) );
		return array(
			'value' => $value,
			/* translators: 1: available memory, 2: reserve, 3: average worker memory, 4: result. */
			'text'  => sprintf( __( '(%1$s available − %2$s reserve) ÷ %3$s per worker = %4$d', 'triage' ), Format::bytes( $available ), Format::bytes( $reserve ), Format::bytes( $average ), $value ),
		);
	}
}
