<?php
/**
 * The PHP-FPM pool: saturation, queue, slow requests, worker memory and a sizing recommendation.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Environment\Fpm_Status;
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
	 * Workers per CPU at most: a WordPress request mostly waits on the database, so a few per CPU keep the
	 * CPUs busy; more only queue for CPU time while holding memory.
	 */
	private const WORKERS_PER_CPU = 4;

	/** Workers whose /proc/<pid>/status is read at most. */
	private const MAX_WORKERS_READ = 64;

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
		$status  = $context->fpm_status();
		$skipped = Fpm_Status::skipped();
		if ( null === $status && null !== $skipped ) {
			// Not asked, to keep Triage from crashing a worker: what the configuration says is still evidence.
			$config   = $context->server_config();
			$evidence = array(
				Check_Result::evidence( __( 'Pool', 'triage' ), (string) ( Fpm_Status::pool() ?? '?' ) . ' (pm = ' . (string) ( $config->pool_setting( 'pm' ) ?? '?' ) . ')' ),
				Check_Result::evidence( 'pm.max_children', (string) ( $config->pool_setting( 'pm.max_children' ) ?? __( 'unknown (pool file not readable)', 'triage' ) ) ),
			);
			if ( '' !== $config->sources['fpm'] ) {
				$evidence[] = Check_Result::evidence( __( 'PHP-FPM settings read from', 'triage' ), $config->sources['fpm'] );
			}
			return Check_Result::unknown(
				$this,
				__( 'The PHP-FPM pool was not asked for its status', 'triage' ),
				$skipped,
				$evidence
			);
		}
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
		$max_active   = isset( $status['max-active-processes'] ) ? (int) $status['max-active-processes'] : null;
		$max_children = $config->pool_setting( 'pm.max_children' );
		$size         = null !== $max_children && ctype_digit( $max_children ) ? (int) $max_children : null;
		$pm           = (string) ( $status['process-manager'] ?? $config->pool_setting( 'pm' ) ?? '?' );
		$static       = 'static' === $pm;
		$listen       = $config->pool_setting( 'listen' );
		// On a unix socket PHP-FPM never measures its listen queue: both counters stay 0 while requests queue.
		$unix   = null !== $listen && ( '/' === substr( $listen, 0, 1 ) || 0 === strpos( $listen, 'unix:' ) );
		$memory = $this->worker_memory( $context, (array) ( $status['procs'] ?? array() ) );

		$evidence = array(
			Check_Result::evidence( __( 'Pool', 'triage' ), (string) ( $status['pool'] ?? '?' ) . ' (pm = ' . $pm . ')' ),
			/* translators: 1: active, 2: idle, 3: total workers. */
			Check_Result::evidence( __( 'Workers', 'triage' ), sprintf( __( '%1$d active, %2$d idle, %3$d in all', 'triage' ), $active, $idle, $total ) ),
			Check_Result::evidence( 'pm.max_children', null === $max_children ? __( 'unknown (pool file not readable)', 'triage' ) : $max_children ),
			Check_Result::evidence( 'pm.max_requests', $this->max_requests( $config ) ),
			Check_Result::evidence(
				'max-children-reached',
				$static
					/* translators: %d: the counter's value. */
					? sprintf( __( 'unknown — never moves under pm = static (reads %d)', 'triage' ), $reached )
					: (string) $reached
			),
		);
		if ( null !== $max_active ) {
			/* translators: %d: most workers busy at once. */
			$evidence[] = Check_Result::evidence( 'max-active-processes', sprintf( __( '%d at once at most since PHP-FPM started', 'triage' ), $max_active ) );
		}
		$evidence[] = Check_Result::evidence(
			__( 'Listen queue', 'triage' ),
			$unix && 0 === $queue && 0 === $max_queue
				? __( 'unknown — never measured on a unix socket (reads 0)', 'triage' )
				/* translators: 1: current queue, 2: maximum queue. */
				: sprintf( __( '%1$d now, %2$d at most since start', 'triage' ), $queue, $max_queue )
		);
		$evidence[] = Check_Result::evidence( 'slow-requests', (string) $slow );
		$evidence[] = Check_Result::evidence( __( 'Accepted connections', 'triage' ), (string) ( $status['accepted-conn'] ?? '?' ) );
		if ( null !== $memory ) {
			$evidence[] = Check_Result::evidence(
				$memory['resident'] ? __( 'Resident memory per worker (VmRSS)', 'triage' ) : __( 'Memory of the last request per worker', 'triage' ),
				/* translators: 1: average, 2: largest. */
				sprintf( __( '%1$s on average, %2$s at most', 'triage' ), Format::bytes( $memory['average'] ), Format::bytes( $memory['max'] ) )
			);
		}
		if ( '' !== $config->sources['fpm'] ) {
			$evidence[] = Check_Result::evidence( __( 'PHP-FPM settings read from', 'triage' ), $config->sources['fpm'] );
		} elseif ( '' !== $config->missing['fpm'] ) {
			$evidence[] = Check_Result::evidence( __( 'PHP-FPM settings', 'triage' ), $config->missing['fpm'] );
		}
		$recommended = null === $memory ? null : $this->recommendation( $context, $memory, $total );
		if ( null !== $recommended ) {
			$evidence[] = Check_Result::evidence( __( 'Recommended pm.max_children', 'triage' ), $recommended['text'] );
		}

		$fix = null !== $recommended
			/* translators: %d: recommended max_children. */
			? sprintf( __( 'In the pool file set pm.max_children = %d (the sizing above), reload PHP-FPM, and look for slow requests (request_slowlog_timeout = 5s writes a slow log with stack traces): each slow request holds a worker.', 'triage' ), $recommended['value'] )
			: __( 'Raise pm.max_children in the pool file within what memory and CPUs allow ((available RAM − reserve) ÷ a worker\'s resident memory, and no more than about 4 per CPU), reload PHP-FPM, and find slow requests with request_slowlog_timeout = 5s.', 'triage' );
		$why = __( 'Each request needs a free PHP-FPM worker. When all are busy, new requests wait in the listen queue; when it is full or nginx times out, visitors get 502 ("Resource temporarily unavailable") or 504.', 'triage' );

		if ( $queue > 0 || ( $reached > 0 && $max_queue > 0 ) ) {
			return Check_Result::measured( $this, Check_Result::CRITICAL, __( 'The PHP-FPM pool ran out of workers and requests had to queue', 'triage' ), $evidence, $why, $fix );
		}
		if ( ! $static && $reached > 0 ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %d: number of times. */
				sprintf( _n( 'The PHP-FPM pool hit pm.max_children %d time since it started', 'The PHP-FPM pool hit pm.max_children %d times since it started', $reached, 'triage' ), $reached ),
				$evidence,
				$why,
				$fix
			);
		}
		if ( null !== $size && ( ( null !== $max_active && $max_active >= $size ) || ( $total > 0 && 0 === $idle && $total >= $size ) ) ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %d: pm.max_children. */
				sprintf( _n( 'Every PHP-FPM worker was busy at once since it started (pm.max_children = %d)', 'Every PHP-FPM worker was busy at once since it started (all %d of pm.max_children)', $size, 'triage' ), $size ),
				$evidence,
				$why . ' ' . ( $static ? __( 'Under pm = static PHP-FPM never logs "server reached pm.max_children" and never counts max-children-reached: max-active-processes reaching the pool size is the sign.', 'triage' ) : '' ),
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
		if ( $static && ( null === $size || null === $max_active ) ) {
			return Check_Result::unknown(
				$this,
				__( 'Unknown: whether the PHP-FPM pool ran out of workers cannot be told here', 'triage' ),
				null === $size
					? __( 'Under pm = static PHP-FPM never counts max-children-reached, and the pool file that says pm.max_children cannot be read, so max-active-processes cannot be compared with the pool size.', 'triage' )
					: __( 'Under pm = static PHP-FPM never counts max-children-reached, and this PHP-FPM does not report max-active-processes.', 'triage' ),
				$evidence
			);
		}
		if ( $static ) {
			return Check_Result::measured(
				$this,
				Check_Result::GOOD,
				/* translators: 1: most busy at once, 2: pool size. */
				sprintf( __( 'The PHP-FPM pool never had every worker busy since it started (at most %1$d of %2$d)', 'triage' ), (int) $max_active, (int) $size ),
				$evidence
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The PHP-FPM pool has free workers and never ran out', 'triage' ), $evidence );
	}

	/**
	 * The workers' memory: resident size (VmRSS in /proc/<pid>/status) of the pool's workers when readable,
	 * else PHP-FPM's own figure for each worker's last request (smaller than what the worker holds).
	 *
	 * @param Check_Context            $context Context.
	 * @param array<int|string, mixed> $procs   fpm_get_status()['procs'].
	 * @return array{average: int, max: int, workers: int, resident: bool}|null
	 */
	private function worker_memory( Check_Context $context, array $procs ): ?array {
		$resident = array();
		$requests = array();
		foreach ( array_slice( $procs, 0, self::MAX_WORKERS_READ ) as $proc ) {
			if ( ! is_array( $proc ) ) {
				continue;
			}
			if ( ! empty( $proc['last-request-memory'] ) ) {
				$requests[] = (int) $proc['last-request-memory'];
			}
			$pid    = isset( $proc['pid'] ) ? (int) $proc['pid'] : 0;
			$status = $pid > 0 ? $context->files()->read( '/proc/' . $pid . '/status', 8192 ) : null;
			if ( is_string( $status ) && preg_match( '/^VmRSS:\s+(\d+)\s*kB/mi', $status, $match ) ) {
				$resident[] = 1024 * (int) $match[1];
			}
		}
		$values = $resident ? $resident : $requests;
		if ( ! $values ) {
			return null;
		}
		return array(
			'average'  => (int) ( array_sum( $values ) / count( $values ) ),
			'max'      => (int) max( $values ),
			'workers'  => count( $values ),
			'resident' => (bool) $resident,
		);
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
	 * The safe pool size: (available RAM + what the workers hold − reserve) ÷ a worker's memory, and never more
	 * than the CPUs can run, with the numbers shown.
	 *
	 * @param Check_Context                                               $context Context.
	 * @param array{average: int, max: int, workers: int, resident: bool} $memory  Worker memory.
	 * @param int                                                         $workers Running workers.
	 * @return array{value: int, text: string}|null
	 */
	private function recommendation( Check_Context $context, array $memory, int $workers ): ?array {
		$meminfo = Proc_Meminfo::read( $context->files() );
		$average = $memory['average'];
		if ( $average <= 0 || null === $meminfo || ! isset( $meminfo['MemTotal'], $meminfo['MemAvailable'] ) ) {
			return null;
		}
		// Memory the running workers already hold counts as available to the pool.
		$available = $meminfo['MemAvailable'] + $workers * $average;
		$reserve   = (int) ( $meminfo['MemTotal'] * self::RESERVE_SHARE );
		$by_memory = max( 1, intdiv( max( 0, $available - $reserve ), $average ) );
		$text      = sprintf(
			/* translators: 1: available memory, 2: reserve, 3: average worker memory, 4: what it is, 5: result. */
			__( '(%1$s available − %2$s reserve) ÷ %3$s per worker (%4$s) = %5$d', 'triage' ),
			Format::bytes( $available ),
			Format::bytes( $reserve ),
			Format::bytes( $average ),
			$memory['resident'] ? __( 'resident size', 'triage' ) : __( 'last request\'s memory: a worker holds more', 'triage' ),
			$by_memory
		);
		$cpus = $this->cpu_count( $context );
		if ( null === $cpus ) {
			return array(
				'value' => $by_memory,
				'text'  => $text,
			);
		}
		$by_cpu = $cpus * self::WORKERS_PER_CPU;
		$value  = min( $by_memory, $by_cpu );
		return array(
			'value' => $value,
			'text'  => sprintf(
				/* translators: 1: the memory formula, 2: CPUs, 3: workers per CPU, 4: CPU bound, 5: result. */
				__( '%1$s; %2$d CPUs × %3$d = %4$d; the smaller: %5$d', 'triage' ),
				$text,
				$cpus,
				self::WORKERS_PER_CPU,
				$by_cpu,
				$value
			),
		);
	}

	/**
	 * Online CPUs from /proc/cpuinfo, or null.
	 *
	 * @param Check_Context $context Context.
	 * @return int|null
	 */
	private function cpu_count( Check_Context $context ): ?int {
		$cpuinfo = $context->files()->read( '/proc/cpuinfo', 1048576 );
		if ( ! is_string( $cpuinfo ) ) {
			return null;
		}
		$count = (int) preg_match_all( '/^processor\s*:/m', $cpuinfo );
		return $count > 0 ? $count : null;
	}
}
