<?php
/**
 * PHP version and its end of life.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;

defined( 'ABSPATH' ) || exit;

/**
 * An unsupported PHP gets no security fixes, and plugins increasingly fatal on old versions.
 */
final class Php_Version_Check implements Check {

	/** End of security support per PHP branch (php.net's supported-versions page). */
	public const END_OF_LIFE = array(
		'7.0' => '2019-01-10',
		'7.1' => '2019-12-01',
		'7.2' => '2020-11-30',
		'7.3' => '2021-12-06',
		'7.4' => '2022-11-28',
		'8.0' => '2023-11-26',
		'8.1' => '2025-12-31',
		'8.2' => '2026-12-31',
		'8.3' => '2027-12-31',
		'8.4' => '2028-12-31',
		'8.5' => '2029-12-31',
	);

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'php_version';
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
		$version  = $context->runtime()->php_version();
		$branch   = implode( '.', array_slice( explode( '.', $version ), 0, 2 ) );
		$evidence = array( Check_Result::evidence( __( 'PHP version', 'triage' ), $version ) );
		if ( ! isset( self::END_OF_LIFE[ $branch ] ) ) {
			return Check_Result::unknown(
				$this,
				/* translators: %s: PHP version. */
				sprintf( __( 'PHP %s: end of life not known to Triage', 'triage' ), $version ),
				__( 'This PHP branch is newer or older than the table Triage ships.', 'triage' ),
				$evidence
			);
		}
		$end        = (int) strtotime( self::END_OF_LIFE[ $branch ] . ' 23:59:59 UTC' );
		$days       = (int) floor( ( $end - $context->runtime()->now() ) / DAY_IN_SECONDS );
		$evidence[] = Check_Result::evidence( __( 'Security support ends', 'triage' ), self::END_OF_LIFE[ $branch ] );
		$why        = __( 'An unsupported PHP gets no security fixes, and current plugins and themes increasingly use features it lacks, which ends in fatal errors (500).', 'triage' );
		/* translators: %s: a supported PHP branch. */
		$fix = sprintf( __( 'Upgrade to PHP %s or newer in your hosting panel (test on a staging copy first; Triage\'s safe mode helps find a plugin that breaks).', 'triage' ), $this->oldest_supported( $context->runtime()->now() ) );
		if ( $days < 0 ) {
			/* translators: %s: PHP branch. */
			return Check_Result::measured( $this, Check_Result::WARNING, sprintf( __( 'PHP %s no longer gets security fixes', 'triage' ), $branch ), $evidence, $why, $fix );
		}
		if ( $days <= 90 ) {
			/* translators: 1: PHP branch, 2: number of days. */
			return Check_Result::measured( $this, Check_Result::WARNING, sprintf( _n( 'PHP %1$s stops getting security fixes in %2$d day', 'PHP %1$s stops getting security fixes in %2$d days', $days, 'triage' ), $branch, $days ), $evidence, $why, $fix );
		}
		/* translators: %s: PHP version. */
		return Check_Result::measured( $this, Check_Result::GOOD, sprintf( __( 'PHP %s is supported', 'triage' ), $version ), $evidence );
	}

	/**
	 * The oldest branch still supported at a time.
	 *
	 * @param int $now Timestamp.
	 * @return string
	 */
	private function oldest_supported( int $now ): string {
		foreach ( self::END_OF_LIFE as $branch => $date ) {
			if ( strtotime( $date . ' 23:59:59 UTC' ) - $now > 90 * DAY_IN_SECONDS ) {
				return (string) $branch;
			}
		}
		return (string) array_key_last( self::END_OF_LIFE );
	}
}
