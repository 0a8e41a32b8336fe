<?php
/**
 * Deletes one orphaned or duplicate event.
 *
 * @package Triage
 */

namespace Triage\Cron;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Only events nothing runs (orphans) or extra copies (same hook and arguments at several times) can be
 * deleted here: a healthy event deleted by mistake would silently stop a plugin's work. The event is
 * named by hook, time and argument key, so the request deletes exactly the row the table showed.
 */
final class Event_Remover {

	/**
	 * Finds events and their callbacks.
	 *
	 * @var Cron_Schedule
	 */
	private $schedule;

	/**
	 * Takes the schedule.
	 *
	 * @param Cron_Schedule $schedule Schedule.
	 */
	public function __construct( Cron_Schedule $schedule ) {
		$this->schedule = $schedule;
	}

	/**
	 * Deletes the event if it is an orphan or a duplicate.
	 *
	 * @param string $hook      Hook.
	 * @param int    $timestamp Time.
	 * @param string $key       Argument key in the option.
	 * @return array{deleted: bool, hook: string, timestamp: int, key: string, reason: string, remaining_copies: int}|WP_Error
	 */
	public function remove( string $hook, int $timestamp, string $key ) {
		$event = $this->schedule->find( $hook, $timestamp, $key );
		if ( null === $event ) {
			return new WP_Error( 'triage_cron_event_not_found', __( 'This event is no longer scheduled: it ran, or someone removed it. Reload the schedule.', 'triage' ), array( 'status' => 404 ) );
		}
		$orphan = ! $this->schedule->has_callbacks( $hook );
		if ( ! $orphan && $event['copies'] < 2 ) {
			return new WP_Error(
				'triage_cron_event_in_use',
				__( 'This event has a callback and no duplicate: deleting it would stop the work its plugin schedules. Only orphaned or duplicate events can be deleted here.', 'triage' ),
				array( 'status' => 409 )
			);
		}
		$deleted = self::unschedule( $event );
		if ( is_wp_error( $deleted ) ) {
			return $deleted;
		}
		return array(
			'deleted'          => true,
			'hook'             => $hook,
			'timestamp'        => $timestamp,
			'key'              => $key,
			'reason'           => $orphan ? 'orphan' : 'duplicate',
			'remaining_copies' => $event['copies'] - 1,
		);
	}

	/**
	 * Removes one event, through core when its key is core's, from the option directly when it is not.
	 *
	 * @param array<string, mixed> $event Event as Cron_Schedule::find() returns it.
	 * @return true|WP_Error
	 */
	public static function unschedule( array $event ) {
		if ( Cron_Events::key_of( $event['args'] ) === $event['key'] ) {
			// Through core, so plugins that keep cron elsewhere (pre_unschedule_event) see the change.
			$done = wp_unschedule_event( $event['timestamp'], $event['hook'], $event['args'], true );
			if ( true === $done ) {
				return true;
			}
		}
		// A key that is not md5(serialize(args)), or a time stored as a string, was written by hand or damaged:
		// core cannot address it.
		$cron = get_option( 'cron' );
		// The key in the option as stored: "1700000000.5" is a time to core, but not the integer key.
		$slot = $event['slot'] ?? $event['timestamp'];
		if ( ! is_array( $cron ) || ! isset( $cron[ $slot ][ $event['hook'] ][ $event['key'] ] ) ) {
			return new WP_Error( 'triage_cron_unschedule_failed', __( 'WordPress could not remove the event.', 'triage' ), array( 'status' => 500 ) );
		}
		unset( $cron[ $slot ][ $event['hook'] ][ $event['key'] ] );
		if ( ! $cron[ $slot ][ $event['hook'] ] ) {
			unset( $cron[ $slot ][ $event['hook'] ] );
		}
		if ( ! $cron[ $slot ] ) {
			unset( $cron[ $slot ] );
		}
		if ( ! update_option( 'cron', $cron ) ) {
			return new WP_Error( 'triage_cron_unschedule_failed', __( 'WordPress could not save the cron schedule.', 'triage' ), array( 'status' => 500 ) );
		}
		return true;
	}
}
