<?php
/**
 * Memory limits and recent out-of-memory fatals.
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
 * PHP memory_limit, WP_MEMORY_LIMIT and WP_MAX_MEMORY_LIMIT as they take effect, and "Allowed memory size
 * … exhausted" fatals at the end of the error log.
 */
final class Memory_Limits_Check implements Check {

	/** Below this a front-end request of a typical plugin stack risks exhausting memory. */
	private const LOW_LIMIT = 64 * 1024 * 1024;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'memory_limits';
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
		$ini      = $context->runtime()->ini( 'memory_limit' );
		$wp       = defined( 'WP_MEMORY_LIMIT' ) ? (string) WP_MEMORY_LIMIT : '';
		$wp_max   = defined( 'WP_MAX_MEMORY_LIMIT' ) ? (string) WP_MAX_MEMORY_LIMIT : '';
		$evidence = array(
			Check_Result::evidence( 'memory_limit', $this->describe( $ini ) ),
			Check_Result::evidence( 'WP_MEMORY_LIMIT', $this->describe( $wp ) ),
			Check_Result::evidence( 'WP_MAX_MEMORY_LIMIT', $this->describe( $wp_max ) ),
		);

		$exhausted = $this->exhausted_lines( $context );
		if ( null !== $exhausted ) {
			$evidence[] = Check_Result::evidence( __( 'Out-of-memory fatals at the end of the error log (last 256 KB)', 'triage' ), (string) $exhausted['count'] );
			if ( '' !== $exhausted['last'] ) {
				$evidence[] = Check_Result::evidence( __( 'Most recent', 'triage' ), $exhausted['last'] );
			}
		}

		$limit = '-1' === $ini ? -1 : wp_convert_hr_to_bytes( $ini );
		if ( null !== $exhausted && $exhausted['count'] > 0 ) {
			return Check_Result::measured(
				$this,
				Check_Result::CRITICAL,
				/* translators: %d: number of fatal errors. */
				sprintf( _n( 'PHP ran out of memory %d time recently', 'PHP ran out of memory %d times recently', $exhausted['count'], 'triage' ), $exhausted['count'] ),
				$evidence,
				__( 'A request that exhausts memory_limit dies with a fatal error: WordPress shows "There has been a critical error" (500), or the page is cut off.', 'triage' ),
				__( 'Find the code named in the fatal (file and line) and the plugin it belongs to. If the site legitimately needs more, raise the limit in wp-config.php above the "stop editing" line: define( \'WP_MEMORY_LIMIT\', \'256M\' ); and, if the host caps it, memory_limit = 256M in php.ini or php_admin_value[memory_limit] = 256M in the PHP-FPM pool.', 'triage' )
			);
		}
		if ( -1 !== $limit && $limit < self::LOW_LIMIT ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %s: memory limit. */
				sprintf( __( 'memory_limit is only %s', 'triage' ), Format::bytes( $limit ) ),
				$evidence,
				__( 'WordPress with a few plugins often needs more than 64 MB; requests that hit the limit fail with a fatal error (500).', 'triage' ),
				__( 'Set memory_limit = 256M in php.ini (or php_admin_value[memory_limit] = 256M in the PHP-FPM pool) and define( \'WP_MEMORY_LIMIT\', \'256M\' ); in wp-config.php.', 'triage' )
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'Memory limits are set and no out-of-memory fatal was logged recently', 'triage' ), $evidence );
	}

	/**
	 * "256M (256 MB)", "-1 (no limit)" or "not set".
	 *
	 * @param string $value Setting.
	 * @return string
	 */
	private function describe( string $value ): string {
		if ( '' === $value ) {
			return __( 'not set', 'triage' );
		}
		if ( '-1' === $value ) {
			return __( '-1 (no limit)', 'triage' );
		}
		return $value . ' (' . Format::bytes( wp_convert_hr_to_bytes( $value ) ) . ')';
	}

	/**
	 * Counts "Allowed memory size … exhausted" lines in the error log's tail.
	 *
	 * @param Check_Context $context Context.
	 * @return array{count: int, last: string}|null Null when there is no readable log.
	 */
	private function exhausted_lines( Check_Context $context ): ?array {
		$log = $context->debug_log_tail();
		if ( null === $log ) {
			return null;
		}
		$count = preg_match_all( '/^.*Allowed memory size of \d+ bytes exhausted.*$/m', $log['tail'], $matches );
		$last  = $count ? (string) end( $matches[0] ) : '';
		return array(
			'count' => (int) $count,
			'last'  => wp_check_invalid_utf8( substr( trim( $last ), 0, 300 ), true ),
		);
	}
}
