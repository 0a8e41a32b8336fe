<?php
/**
 * The wp-cron schedule: disabled or not, overdue events, a stuck lock.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Cron\Cron_Fix;
use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;

defined( 'ABSPATH' ) || exit;

/**
 * Piled-up cron events run in visitors' requests (or the spawned loopback) all at once, holding workers
 * for minutes; a dead cron leaves scheduled posts, emails and clean-ups undone.
 */
final class Cron_Check implements Check {

	/** An event this late means cron is not running. */
	private const LATE = 3600;

	/** A doing_cron lock older than this is stuck (core's lock timeout is 60 s). */
	private const STUCK_LOCK = 600;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'cron';
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
		$now      = $context->runtime()->now();
		$disabled = defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON;
		$evidence = array(
			Check_Result::evidence( 'DISABLE_WP_CRON', $disabled ? 'true' : 'false' ),
			Check_Result::evidence( 'ALTERNATE_WP_CRON', defined( 'ALTERNATE_WP_CRON' ) && ALTERNATE_WP_CRON ? 'true' : 'false' ),
		);

		$cron = get_option( 'cron' );
		if ( ! is_array( $cron ) ) {
			return Check_Result::unknown(
				$this,
				__( 'The cron schedule is unreadable', 'triage' ),
				__( 'The "cron" option is not an array: it is corrupt or was replaced by something else. WordPress will rebuild it as plugins reschedule their events.', 'triage' ),
				$evidence
			);
		}
		$count   = 0;
		$overdue = 0;
		$oldest  = null;
		foreach ( $cron as $timestamp => $hooks ) {
			if ( ! is_numeric( $timestamp ) || ! is_array( $hooks ) ) {
				continue;
				// The 'version' entry, or malformed data.
			}
			foreach ( $hooks as $hook => $events ) {
				$events = is_array( $events ) ? count( $events ) : 0;
				$count += $events;
				if ( (int) $timestamp < $now ) {
					$overdue += $events;
					if ( null === $oldest || (int) $timestamp < $oldest['time'] ) {
						$oldest = array(
							'time' => (int) $timestamp,
							'hook' => (string) $hook,
						);
					}
				}
			}
		}
		$evidence[] = Check_Result::evidence( __( 'Scheduled events', 'triage' ), (string) $count );
		$evidence[] = Check_Result::evidence( __( 'Overdue events', 'triage' ), (string) $overdue );
		$late       = null === $oldest ? 0 : $now - $oldest['time'];
		if ( null !== $oldest ) {
			/* translators: 1: hook name, 2: how late. */
			$evidence[] = Check_Result::evidence( __( 'Most overdue', 'triage' ), sprintf( __( '%1$s, %2$s late', 'triage' ), $oldest['hook'], Format::duration( $late ) ) );
		}
		$lock     = get_transient( 'doing_cron' );
		$lock_age = is_numeric( $lock ) ? $now - (int) $lock : null;
		if ( null !== $lock_age ) {
			$evidence[] = Check_Result::evidence( __( 'doing_cron lock age', 'triage' ), Format::duration( max( 0, $lock_age ) ) );
		}

		if ( null !== $lock_age && $lock_age > self::STUCK_LOCK ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				__( 'A wp-cron run looks stuck', 'triage' ),
				$evidence,
				__( 'A cron run that never finished (killed worker, fatal error, an endless task) keeps the lock; the tasks it ran may be what exhausts workers or memory.', 'triage' ),
				__( 'Look in the error log around the lock\'s time for a fatal from a cron hook, then release the lock in the Cron tab (or with WP-CLI: wp transient delete doing_cron).', 'triage' )
			);
		}
		if ( $late > self::LATE ) {
			// This site's folder and address, not a placeholder.
			$fix = Cron_Fix::for_this_site()->commands();
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %s: how late. */
				sprintf( __( 'wp-cron is not running: events are %s late', 'triage' ), Format::duration( $late ) ),
				$evidence,
				$disabled
					? __( 'DISABLE_WP_CRON is set, so only a system cron job runs events, and it is not running. Overdue events then run all at once when it comes back, holding workers.', 'triage' )
					: __( 'wp-cron runs on page views through a loopback request; when loopbacks fail or the site has no traffic, events pile up and later run all at once, holding workers for minutes.', 'triage' ),
				$disabled
					? sprintf(
						/* translators: 1: crontab line with WP-CLI, 2: crontab line with curl. */
						__( 'Add a system cron job: %1$s (or %2$s). Then see which hooks are overdue and who owns them in the Cron tab.', 'triage' ),
						$fix['wp_cli'],
						$fix['curl']
					)
					: $fix['text'] . ' ' . __( 'Fix failing loopbacks too (see the loopback check); the Cron tab shows which events are stuck and who owns them.', 'triage' )
			);
		}//end if
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'wp-cron is keeping up', 'triage' ), $evidence );
	}
}
