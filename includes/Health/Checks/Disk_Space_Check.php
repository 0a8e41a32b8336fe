<?php
/**
 * Free disk space where WordPress writes.
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
 * A full disk breaks sessions, uploads, caches, logs and the database's temporary tables: requests fail
 * with 500s or hang.
 */
final class Disk_Space_Check implements Check {

	private const CRITICAL_BYTES = 100 * 1024 * 1024;

	private const WARNING_BYTES = 1024 * 1024 * 1024;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'disk_space';
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
		$free  = $context->runtime()->call( 'disk_free_space', WP_CONTENT_DIR );
		$total = $context->runtime()->call( 'disk_total_space', WP_CONTENT_DIR );
		if ( ! is_numeric( $free ) || ! is_numeric( $total ) || $total <= 0 ) {
			return Check_Result::unknown(
				$this,
				__( 'Free disk space could not be measured', 'triage' ),
				__( 'disk_free_space() is disabled or refused for wp-content.', 'triage' )
			);
		}
		$free     = (float) $free;
		$total    = (float) $total;
		$share    = $free / $total;
		$evidence = array(
			/* translators: 1: free space, 2: total space, 3: percentage. */
			Check_Result::evidence( __( 'Free space for wp-content', 'triage' ), sprintf( __( '%1$s of %2$s (%3$s)', 'triage' ), Format::bytes( $free ), Format::bytes( $total ), Format::percent( $share ) ) ),
		);
		$why      = __( 'With a full disk PHP cannot write sessions, uploads or caches, logs stop, and the database fails on temporary tables: requests end in 500 errors or hang.', 'triage' );
		$fix      = __( 'Free space: rotate or delete large logs (debug.log, web server logs), old backups in wp-content, and cache folders; then find what grows (du -sh wp-content/* | sort -h).', 'triage' );
		if ( $free < self::CRITICAL_BYTES || $share < 0.01 ) {
			return Check_Result::measured( $this, Check_Result::CRITICAL, __( 'The disk is full', 'triage' ), $evidence, $why, $fix );
		}
		if ( $free < self::WARNING_BYTES || $share < 0.05 ) {
			return Check_Result::measured( $this, Check_Result::WARNING, __( 'The disk is nearly full', 'triage' ), $evidence, $why, $fix );
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'There is free disk space', 'triage' ), $evidence );
	}
}
