import type { CronEvent, CronRun, CronSchedule } from '../types';

/**
 * An event as GET /cron lists it.
 *
 * @param overrides Fields to change.
 */
export function cronEvent( overrides: Partial< CronEvent > = {} ): CronEvent {
	const hook = overrides.hook ?? 'acme_sync';
	const timestamp = overrides.timestamp ?? 1795431600;
	return {
		id: `${ hook }|${ timestamp }|k`,
		hook,
		timestamp,
		key: 'k',
		next_run_utc: '2026-11-23T11:00:00Z',
		next_run_local: '2026-11-23T12:00:00+01:00',
		overdue: true,
		late: 3600,
		schedule: null,
		schedule_label: null,
		interval: null,
		too_frequent: false,
		args: { preview: '[7]', bytes: 12, count: 1, truncated: false },
		callbacks: [],
		owners: [ 'plugin:acme-sync' ],
		orphan: false,
		copies: 1,
		duplicate: false,
		problems: [],
		...overrides,
	};
}

/**
 * A page of the schedule.
 *
 * @param events Events of the page.
 */
export function cronSchedule( events: CronEvent[] ): CronSchedule {
	return {
		events,
		page: 1,
		per_page: 50,
		total: events.length,
		total_pages: 1,
		totals: {
			events: events.length,
			overdue: events.filter( ( event ) => event.overdue ).length,
			orphans: events.filter( ( event ) => event.orphan ).length,
			duplicates: 0,
			too_frequent: 0,
			hooks: 1,
			malformed: 0,
			oldest_late: 3600,
		},
		option: {
			readable: true,
			problem: null,
			version: 2,
			bytes: 2048,
			malformed: [],
		},
		lock: {
			held: false,
			state: 'none',
			value: null,
			since: null,
			age: null,
			timeout: 60,
		},
		constants: {
			disable_wp_cron: false,
			alternate_wp_cron: false,
			lock_timeout: 60,
		},
		now: 1795435200,
		timezone: 'Europe/Paris',
	};
}

/**
 * A run result.
 *
 * @param overrides Fields to change.
 */
export function cronRun( overrides: Partial< CronRun > = {} ): CronRun {
	return {
		hook: 'acme_sync',
		timestamp: 1795431600,
		key: 'k',
		outcome: 'ok',
		ran_at: 1795435200,
		duration_ms: 42,
		forced: false,
		next_run: null,
		errors: [],
		exception: null,
		fatal: null,
		output: { bytes: 0, text: '', truncated: false },
		memory_peak: 1000000,
		...overrides,
	};
}
