import { deleteJson, getJson, postJson } from '../../shared/api';
import type {
	CronDelete,
	CronFix,
	CronHeartbeat,
	CronLockRelease,
	CronQuery,
	CronRun,
	CronSchedule,
	CronSpawnTest,
} from './types';

/** What names one event in the schedule: the row the table showed. */
export interface EventRef {
	hook: string;
	timestamp: number;
	key: string;
}

/**
 * "?a=1&b=x" from a query; unset and empty values are left out.
 *
 * @param query Query.
 */
export function cronQueryString( query: CronQuery ): string {
	const params = new URLSearchParams();
	for ( const [ name, value ] of Object.entries( query ) ) {
		if ( value !== undefined && value !== null && value !== '' ) {
			params.append( name, String( value ) );
		}
	}
	const text = params.toString();
	return text ? `?${ text }` : '';
}

/**
 * GET /cron: one page of the schedule, with totals over all of it.
 *
 * @param query Page, filters and sort.
 */
export function fetchSchedule( query: CronQuery ): Promise< CronSchedule > {
	return getJson< CronSchedule >( '/cron' + cronQueryString( query ) );
}

/** GET /cron/heartbeat: is cron running, how often, run by what. */
export function fetchHeartbeat(): Promise< CronHeartbeat > {
	return getJson< CronHeartbeat >( '/cron/heartbeat' );
}

/** GET /cron/fix: this site's system cron lines. */
export function fetchFix(): Promise< CronFix > {
	return getJson< CronFix >( '/cron/fix' );
}

/** GET /cron/spawn-test: a timed request to wp-cron.php that runs no event. */
export function runSpawnTest(): Promise< CronSpawnTest > {
	return getJson< CronSpawnTest >( '/cron/spawn-test' );
}

/**
 * POST /cron/run: runs one event now.
 *
 * @param event Event.
 * @param force Run even while another run holds the lock.
 */
export function runEvent( event: EventRef, force = false ): Promise< CronRun > {
	return postJson< CronRun >( '/cron/run', {
		hook: event.hook,
		timestamp: event.timestamp,
		key: event.key,
		confirm: true,
		force,
	} );
}

/**
 * DELETE /cron/event: removes an orphaned or duplicate event.
 *
 * @param event Event.
 */
export function deleteEvent( event: EventRef ): Promise< CronDelete > {
	return deleteJson< CronDelete >( '/cron/event', {
		hook: event.hook,
		timestamp: event.timestamp,
		key: event.key,
		confirm: true,
	} );
}

/**
 * DELETE /cron/lock: releases the doing_cron lock.
 *
 * @param force Release a lock a run may still hold.
 */
export function releaseLock( force = false ): Promise< CronLockRelease > {
	return deleteJson< CronLockRelease >( '/cron/lock', {
		confirm: true,
		force,
	} );
}
