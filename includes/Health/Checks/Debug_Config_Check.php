<?php
/**
 * Errors shown to visitors, a server-locked error_log, and the log's size.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;
use Triage\Logs\Debug_Log_Location;

defined( 'ABSPATH' ) || exit;

/**
 * Debug settings that leak errors to visitors, send them somewhere nobody looks, or grow a log until the
 * disk fills.
 */
final class Debug_Config_Check implements Check {

	private const LARGE_LOG = 100 * 1024 * 1024;

	private const HUGE_LOG = 1024 * 1024 * 1024;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'debug_config';
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
		$runtime  = $context->runtime();
		$display  = filter_var( $runtime->ini( 'display_errors' ), FILTER_VALIDATE_BOOLEAN ) || 'stderr' === strtolower( $runtime->ini( 'display_errors' ) );
		$location = ( new Debug_Log_Location() )->resolve();
		$log      = $context->debug_log_tail();
		$evidence = array(
			Check_Result::evidence( 'WP_DEBUG', defined( 'WP_DEBUG' ) && WP_DEBUG ? 'true' : 'false' ),
			Check_Result::evidence( 'WP_DEBUG_DISPLAY', defined( 'WP_DEBUG_DISPLAY' ) ? var_export( WP_DEBUG_DISPLAY, true ) : 'true' ), // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- shows the constant as written.
			Check_Result::evidence( 'display_errors', $runtime->ini( 'display_errors' ) ),
			Check_Result::evidence( __( 'Errors are written to', 'triage' ), null === $location['effective'] ? __( 'the server log', 'triage' ) : $location['effective'] ),
		);
		if ( null !== $log ) {
			$evidence[] = Check_Result::evidence( __( 'Log size', 'triage' ), Format::bytes( $log['size'] ) );
		}

		$problems = array();
		$status   = Check_Result::GOOD;
		$fixes    = array();
		if ( $display ) {
			$status     = Check_Result::WARNING;
			$problems[] = __( 'PHP errors are shown to visitors', 'triage' );
			$fixes[]    = __( 'In wp-config.php: define( \'WP_DEBUG_DISPLAY\', false ); and @ini_set( \'display_errors\', 0 ); — keep WP_DEBUG_LOG on to still record them.', 'triage' );
		}
		if ( Debug_Log_Location::SOURCE_OVERRIDDEN === $location['source'] ) {
			$status     = Check_Result::WARNING;
			$problems[] = __( 'the server overrides WP_DEBUG_LOG', 'triage' );
			/* translators: 1: expected file, 2: actual file. */
			$fixes[] = sprintf( __( 'WP_DEBUG_LOG asks for %1$s but PHP writes to %2$s (a php_admin_value[error_log] in the PHP-FPM pool wins). Read that file, or remove the pool setting.', 'triage' ), (string) $location['expected'], (string) $location['effective'] );
		}
		if ( null !== $log && $log['size'] > self::LARGE_LOG ) {
			$status     = Check_Result::worst( $status, $log['size'] > self::HUGE_LOG ? Check_Result::CRITICAL : Check_Result::WARNING );
			$problems[] = __( 'the error log is very large', 'triage' );
			$fixes[]    = __( 'Archive and clear the log (Triage\'s Logs tab, or rename it over SFTP), then fix the most frequent errors so it stops growing.', 'triage' );
		}
		if ( ! $problems ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'Errors are logged, not shown to visitors', 'triage' ), $evidence );
		}
		return Check_Result::measured(
			$this,
			$status,
			ucfirst( implode( '; ', $problems ) ),
			$evidence,
			__( 'Errors printed into pages break layouts, JSON (REST, AJAX, the block editor) and redirects ("headers already sent"), and reveal paths to attackers; a log nobody reads or one that fills the disk hides the cause of the next 5xx.', 'triage' ),
			implode( ' ', $fixes )
		);
	}
}
