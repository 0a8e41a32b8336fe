<?php
/**
 * OPcache: on, room left, restarts.
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
 * Without OPcache, or with a full one, PHP compiles WordPress on every request: several times the CPU
 * per request, and slow requests exhaust the pool.
 */
final class Opcache_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'opcache';
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
		$runtime = $context->runtime();
		$why     = __( 'Without OPcache PHP compiles every WordPress file on every request: requests take several times the CPU, workers stay busy longer, and the pool runs out sooner (502/504).', 'triage' );
		if ( ! $runtime->can( 'opcache_get_status' ) ) {
			if ( 'cli' === $runtime->sapi() ) {
				return Check_Result::unknown( $this, __( 'OPcache cannot be judged from the command line', 'triage' ), __( 'OPcache is not loaded in PHP\'s CLI; run the check from the admin page.', 'triage' ) );
			}
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				__( 'OPcache is not loaded', 'triage' ),
				array( Check_Result::evidence( 'opcache', __( 'extension not loaded', 'triage' ) ) ),
				$why,
				__( 'Install and enable the OPcache extension (zend_extension=opcache, opcache.enable=1) and restart PHP-FPM.', 'triage' )
			);
		}
		$status = $runtime->call( 'opcache_get_status', false );
		if ( ! is_array( $status ) ) {
			// opcache_get_status() returns false when OPcache is off, and warns when opcache.restrict_api forbids the call.
			$enabled = filter_var( $runtime->ini( 'opcache.enable' ), FILTER_VALIDATE_BOOLEAN );
			if ( $enabled && '' !== $runtime->ini( 'opcache.restrict_api' ) ) {
				return Check_Result::unknown( $this, __( 'OPcache status is restricted', 'triage' ), __( 'opcache.restrict_api stops this script from reading the status.', 'triage' ) );
			}
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				__( 'OPcache is turned off', 'triage' ),
				array( Check_Result::evidence( 'opcache.enable', $enabled ? '1' : '0' ) ),
				$why,
				__( 'Set opcache.enable=1 in php.ini (or php_admin_value[opcache.enable] = 1 in the pool) and restart PHP-FPM.', 'triage' )
			);
		}
		$memory   = isset( $status['memory_usage'] ) && is_array( $status['memory_usage'] ) ? $status['memory_usage'] : array();
		$used     = (int) ( $memory['used_memory'] ?? 0 );
		$free     = (int) ( $memory['free_memory'] ?? 0 );
		$wasted   = (int) ( $memory['wasted_memory'] ?? 0 );
		$size     = $used + $free + $wasted;
		$stats    = isset( $status['opcache_statistics'] ) && is_array( $status['opcache_statistics'] ) ? $status['opcache_statistics'] : array();
		$restarts = (int) ( $stats['oom_restarts'] ?? 0 ) + (int) ( $stats['hash_restarts'] ?? 0 );
		$full     = ! empty( $status['cache_full'] );
		$evidence = array(
			Check_Result::evidence( __( 'OPcache', 'triage' ), ! empty( $status['opcache_enabled'] ) ? __( 'on', 'triage' ) : __( 'off', 'triage' ) ),
			/* translators: 1: used, 2: size, 3: free. */
			Check_Result::evidence( __( 'Memory', 'triage' ), sprintf( __( '%1$s used of %2$s (%3$s free)', 'triage' ), Format::bytes( $used ), Format::bytes( $size ), Format::bytes( $free ) ) ),
			Check_Result::evidence( __( 'Cached scripts', 'triage' ), (string) ( $stats['num_cached_scripts'] ?? '?' ) . ' / ' . (string) ( $stats['max_cached_keys'] ?? '?' ) ),
			Check_Result::evidence( __( 'Cache full', 'triage' ), $full ? __( 'yes', 'triage' ) : __( 'no', 'triage' ) ),
			Check_Result::evidence( __( 'Restarts (out of memory or keys)', 'triage' ), (string) $restarts ),
		);
		if ( empty( $status['opcache_enabled'] ) ) {
			return Check_Result::measured( $this, Check_Result::WARNING, __( 'OPcache is loaded but disabled', 'triage' ), $evidence, $why, __( 'Set opcache.enable=1 and restart PHP-FPM.', 'triage' ) );
		}
		if ( $full || $restarts > 0 || ( $size > 0 && $free / $size < 0.05 ) ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				__( 'OPcache is full or keeps restarting', 'triage' ),
				$evidence,
				__( 'A full OPcache stops caching new files, and each restart empties it: requests fall back to compiling, which is slow and CPU-heavy.', 'triage' ),
				/* translators: %d: suggested size in MB. */
				sprintf( __( 'Raise opcache.memory_consumption (for example to %d) and opcache.max_accelerated_files (for example to 20000) in php.ini, then restart PHP-FPM.', 'triage' ), max( 256, (int) ( 2 * $size / 1048576 ) ) )
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'OPcache is on and has room', 'triage' ), $evidence );
	}
}
