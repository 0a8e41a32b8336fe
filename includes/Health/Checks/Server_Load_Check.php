<?php
/**
 * CPU load against the number of CPUs.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;

defined( 'ABSPATH' ) || exit;

/**
 * A load average well above the CPU count means every request waits for CPU; slow requests hold PHP-FPM
 * workers until the pool runs out or the gateway times out.
 */
final class Server_Load_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'server_load';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'server';
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
		$load = $this->load_average( $context );
		$cpus = $this->cpu_count( $context );
		if ( null === $load || null === $cpus ) {
			return Check_Result::unknown(
				$this,
				__( 'The server load could not be read', 'triage' ),
				__( 'sys_getloadavg() is unavailable and /proc/loadavg or /proc/cpuinfo cannot be read (another OS, open_basedir or a container that hides them).', 'triage' )
			);
		}
		$per_cpu  = $load[0] / $cpus;
		$evidence = array(
			/* translators: 1: 1-minute, 2: 5-minute, 3: 15-minute load average. */
			Check_Result::evidence( __( 'Load average', 'triage' ), sprintf( __( '%1$.2f (1 min), %2$.2f (5 min), %3$.2f (15 min)', 'triage' ), $load[0], $load[1], $load[2] ) ),
			Check_Result::evidence( __( 'CPUs', 'triage' ), (string) $cpus ),
			Check_Result::evidence( __( 'Load per CPU (1 min)', 'triage' ), number_format_i18n( $per_cpu, 2 ) ),
		);
		$why      = __( 'When there is more work than CPUs, every request takes longer; PHP-FPM workers stay busy, the pool runs out and the gateway answers 502 or 504.', 'triage' );
		$fix      = __( 'Find what uses the CPU (top or htop on the server: PHP-FPM workers, the database, backups, bots hammering the site). Cache pages, block abusive crawlers, move cron jobs off peak, or add CPUs.', 'triage' );
		if ( $per_cpu >= 2 ) {
			return Check_Result::measured( $this, Check_Result::CRITICAL, __( 'The server is overloaded: more than twice as much work as CPUs', 'triage' ), $evidence, $why, $fix );
		}
		if ( $per_cpu >= 1 ) {
			return Check_Result::measured( $this, Check_Result::WARNING, __( 'The server\'s CPUs are fully busy', 'triage' ), $evidence, $why, $fix );
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The CPUs have spare capacity', 'triage' ), $evidence );
	}

	/**
	 * The 1, 5 and 15-minute load averages from sys_getloadavg() or /proc/loadavg, or null.
	 *
	 * @param Check_Context $context Context.
	 * @return array<int, float>|null
	 */
	private function load_average( Check_Context $context ): ?array {
		$load = $context->runtime()->call( 'sys_getloadavg' );
		if ( is_array( $load ) && count( $load ) >= 3 ) {
			return $load;
		}
		$proc = $context->files()->read( '/proc/loadavg', 4096 );
		$load = is_string( $proc ) ? array_map( 'floatval', array_slice( explode( ' ', trim( $proc ) ), 0, 3 ) ) : array();
		return count( $load ) >= 3 ? $load : null;
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
		$count = preg_match_all( '/^processor\s*:/m', $cpuinfo );
		return $count > 0 ? (int) $count : null;
	}
}
