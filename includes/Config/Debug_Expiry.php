<?php
/**
 * How long a debug profile stays on, and the single WP-Cron event that switches it off.
 *
 * @package Triage
 */

namespace Triage\Config;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Debugging is never left on by accident: every profile expires, between a floor (60 seconds, lowered only
 * for end-to-end tests) and a day. The cron event is one of two ways the expiry fires; Debug_Auto_Revert
 * also checks on admin requests, because WP-Cron is often dead on the sites that need debugging.
 */
final class Debug_Expiry {

	public const CRON_HOOK = 'triage_debug_revert';
	public const DEFAULT   = HOUR_IN_SECONDS;
	public const MAX       = DAY_IN_SECONDS;
	public const FLOOR     = 10;

	/**
	 * Shortest expiry allowed, in seconds: 60, lowered only through the `triage_debug_min_expiry` filter
	 * (end-to-end tests) and never below 10.
	 *
	 * @return int
	 */
	public function min(): int {
		/**
		 * Filters the shortest auto-revert delay, in seconds. Never below 10.
		 *
		 * @since 0.1.0
		 *
		 * @param int $seconds Default 60.
		 */
		$seconds = (int) apply_filters( 'triage_debug_min_expiry', MINUTE_IN_SECONDS );
		return max( self::FLOOR, min( $seconds, self::MAX ) );
	}

	/**
	 * The bounds, as the Debug tab shows them.
	 *
	 * @return array{default: int, min: int, max: int}
	 */
	public function bounds(): array {
		return array(
			'default' => self::DEFAULT,
			'min'     => $this->min(),
			'max'     => self::MAX,
		);
	}

	/**
	 * Refuses a delay outside the bounds.
	 *
	 * @param int $expires_in Seconds from now.
	 * @return WP_Error|null
	 */
	public function check( int $expires_in ): ?WP_Error {
		if ( $expires_in >= $this->min() && $expires_in <= self::MAX ) {
			return null;
		}
		return new WP_Error(
			'triage_debug_expiry',
			/* translators: 1: shortest delay in seconds, 2: longest delay in seconds. */
			sprintf( __( 'Choose an automatic switch-off between %1$d and %2$d seconds from now.', 'triage' ), $this->min(), self::MAX ),
			array( 'status' => 400 )
		);
	}

	/**
	 * Whether a record's profile should be switched off now. A record whose last revert failed is not: the
	 * revert is not retried automatically.
	 *
	 * @param array<string, mixed>|null $record Stored record.
	 * @param int                       $now    Unix time.
	 * @return bool
	 */
	public static function is_due( ?array $record, int $now ): bool {
		return null !== $record && empty( $record['failed'] ) && isset( $record['expires_at'] ) && (int) $record['expires_at'] <= $now;
	}

	/**
	 * Replaces any scheduled switch-off with one at the new expiry.
	 *
	 * @param int $expires_at Unix time.
	 * @return void
	 */
	public function schedule( int $expires_at ): void {
		wp_clear_scheduled_hook( self::CRON_HOOK );
		wp_schedule_single_event( $expires_at, self::CRON_HOOK );
	}

	/**
	 * Cancels the scheduled switch-off.
	 *
	 * @return void
	 */
	public function unschedule(): void {
		wp_clear_scheduled_hook( self::CRON_HOOK );
	}
}
