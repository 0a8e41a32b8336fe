<?php
/**
 * Peak memory of real requests, measured by loopback.
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
 * Asks the front page and /wp-admin/ (with a signed probe token) for their own peak memory and compares it
 * with the memory_limit each ran under.
 */
final class Memory_Usage_Check implements Check {

	/** Headroom below 20% means a slightly heavier request fails. */
	public const CRITICAL_SHARE = 0.8;

	public const WARNING_SHARE = 0.6;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'memory_usage';
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
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$loopbacks = $context->loopbacks();
		$labels    = array(
			'front' => __( 'Front page', 'triage' ),
			'admin' => __( 'Dashboard (/wp-admin/)', 'triage' ),
		);
		$evidence  = array();
		$status    = Check_Result::GOOD;
		$worst     = 0.0;
		$measured  = 0;
		foreach ( $labels as $name => $label ) {
			$result = isset( $loopbacks[ $name ] ) ? $loopbacks[ $name ] : null;
			if ( null === $result || null === $result->memory ) {
				$evidence[] = Check_Result::evidence(
					$label,
					null === $result ? __( 'not probed', 'triage' ) : (
						$result->is_blocked()
							/* translators: %s: what answered, e.g. "HTTP 403 from Wordfence". */
							? sprintf( __( 'not measured: the request was blocked (%s), see the loopback check', 'triage' ), $result->blocked )
							: $this->why_unmeasured( $result->status, $result->error )
					)
				);
				continue;
			}
			++$measured;
			$peak  = $result->memory['peak'];
			$limit = '-1' === $result->memory['limit'] ? -1 : wp_convert_hr_to_bytes( $result->memory['limit'] );
			if ( $limit > 0 ) {
				$share      = $peak / $limit;
				$worst      = max( $worst, $share );
				$evidence[] = Check_Result::evidence(
					$label,
					/* translators: 1: peak memory, 2: memory limit, 3: percentage, 4: headroom. */
					sprintf( __( '%1$s of %2$s (%3$s used, %4$s headroom)', 'triage' ), Format::bytes( $peak ), Format::bytes( $limit ), Format::percent( $share ), Format::bytes( max( 0, $limit - $peak ) ) )
				);
			} else {
				/* translators: %s: peak memory. */
				$evidence[] = Check_Result::evidence( $label, sprintf( __( '%s (memory_limit is -1: no limit)', 'triage' ), Format::bytes( $peak ) ) );
			}
		}//end foreach

		if ( 0 === $measured ) {
			return Check_Result::unknown(
				$this,
				__( 'Peak memory of real requests could not be measured', 'triage' ),
				__( 'The loopback requests did not return a probe report (see the loopback check for the status they got).', 'triage' ),
				$evidence
			);
		}
		if ( $worst >= self::CRITICAL_SHARE ) {
			$status = Check_Result::CRITICAL;
		} elseif ( $worst >= self::WARNING_SHARE ) {
			$status = Check_Result::WARNING;
		}
		if ( Check_Result::GOOD === $status ) {
			return Check_Result::measured( $this, $status, __( 'Requests use well under their memory limit', 'triage' ), $evidence );
		}
		return Check_Result::measured(
			$this,
			$status,
			/* translators: %s: percentage. */
			sprintf( __( 'A normal request already uses %s of its memory limit', 'triage' ), Format::percent( $worst ) ),
			$evidence,
			__( 'With little headroom, a slightly heavier page (a big cart, an import, a cron task) exhausts memory_limit and dies with a fatal error (500), or the PHP-FPM worker is killed (502).', 'triage' ),
			__( 'Find what uses the memory (deactivate heavy plugins in safe mode and compare), and raise the limit: define( \'WP_MEMORY_LIMIT\', \'256M\' ); and define( \'WP_MAX_MEMORY_LIMIT\', \'512M\' ); in wp-config.php, and memory_limit (php.ini) or php_admin_value[memory_limit] (PHP-FPM pool) to at least the same.', 'triage' )
		);
	}

	/**
	 * Why a probe gave no report.
	 *
	 * @param int    $status HTTP status.
	 * @param string $error  Transport error.
	 * @return string
	 */
	private function why_unmeasured( int $status, string $error ): string {
		if ( '' !== $error ) {
			/* translators: %s: transport error. */
			return sprintf( __( 'not measured: %s', 'triage' ), $error );
		}
		if ( $status >= 300 && $status < 400 ) {
			/* translators: %d: HTTP status. */
			return sprintf( __( 'not measured: the request was redirected (HTTP %d)', 'triage' ), $status );
		}
		/* translators: %d: HTTP status. */
		return sprintf( __( 'not measured: HTTP %d without a report', 'triage' ), $status );
	}
}
