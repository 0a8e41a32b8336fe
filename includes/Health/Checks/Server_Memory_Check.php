<?php
/**
 * Available memory, swap and memory pressure.
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
 * Low MemAvailable, heavy swap or memory pressure (PSI) come before the kernel's OOM killer, which kills
 * PHP-FPM workers or the database mid-request: 502 for the visitor, nothing in PHP's log.
 */
final class Server_Memory_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'server_memory';
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
		$meminfo = Proc_Meminfo::read( $context->files() );
		if ( null === $meminfo || ! isset( $meminfo['MemAvailable'] ) ) {
			return Check_Result::unknown(
				$this,
				__( 'The server\'s memory could not be read', 'triage' ),
				__( '/proc/meminfo is not readable (another OS, open_basedir, or a container that hides it).', 'triage' )
			);
		}
		$total      = $meminfo['MemTotal'];
		$available  = $meminfo['MemAvailable'];
		$share      = $total > 0 ? $available / $total : 0.0;
		$evidence   = array(
			/* translators: 1: available memory, 2: total memory, 3: percentage. */
			Check_Result::evidence( 'MemAvailable', sprintf( __( '%1$s of %2$s (%3$s)', 'triage' ), Format::bytes( $available ), Format::bytes( $total ), Format::percent( $share ) ) ),
		);
		$swap_share = 0.0;
		if ( ! empty( $meminfo['SwapTotal'] ) ) {
			$used       = $meminfo['SwapTotal'] - ( $meminfo['SwapFree'] ?? 0 );
			$swap_share = $used / $meminfo['SwapTotal'];
			/* translators: 1: swap used, 2: swap total. */
			$evidence[] = Check_Result::evidence( __( 'Swap used', 'triage' ), sprintf( __( '%1$s of %2$s', 'triage' ), Format::bytes( $used ), Format::bytes( $meminfo['SwapTotal'] ) ) );
		} else {
			$evidence[] = Check_Result::evidence( __( 'Swap', 'triage' ), __( 'none', 'triage' ) );
		}
		$pressure = $this->pressure( $context );
		if ( null !== $pressure ) {
			/* translators: %s: percentage of time. */
			$evidence[] = Check_Result::evidence( __( 'Memory pressure (PSI some, 10 s)', 'triage' ), sprintf( __( '%s of the time tasks waited for memory', 'triage' ), number_format_i18n( $pressure, 2 ) . '%' ) );
		}

		$why = __( 'When memory runs out the kernel\'s OOM killer ends a PHP-FPM worker or the database mid-request: the visitor gets 502 and PHP logs nothing. Before that, swapping makes every request slow.', 'triage' );
		$fix = __( 'Lower what PHP-FPM can take (pm.max_children × memory per worker must fit in RAM with room for the database), look for memory-hungry processes (ps aux --sort=-rss), add swap as a cushion, or add RAM.', 'triage' );
		if ( $share < 0.05 || ( null !== $pressure && $pressure >= 25 ) ) {
			return Check_Result::measured( $this, Check_Result::CRITICAL, __( 'The server is nearly out of memory', 'triage' ), $evidence, $why, $fix );
		}
		if ( $share < 0.1 || $swap_share > 0.5 || ( null !== $pressure && $pressure >= 10 ) ) {
			return Check_Result::measured( $this, Check_Result::WARNING, __( 'The server is short of memory', 'triage' ), $evidence, $why, $fix );
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The server has memory to spare', 'triage' ), $evidence );
	}

	/**
	 * "some avg10" from /proc/pressure/memory, or null.
	 *
	 * @param Check_Context $context Context.
	 * @return float|null
	 */
	private function pressure( Check_Context $context ): ?float {
		$content = $context->files()->read( '/proc/pressure/memory', 4096 );
		if ( is_string( $content ) && preg_match( '/^some\s+avg10=([\d.]+)/m', $content, $match ) ) {
			return (float) $match[1];
		}
		return null;
	}
}
