import { __, sprintf } from '@wordpress/i18n';

import { formatDuration } from '../../shared/format';
import type {
	CronEvent,
	CronOwner,
	CronQuery,
	CronRun,
	CronSource,
} from './types';

/** The filters the table offers; "any" leaves a yes/no filter out of the query. */
export interface CronFilters {
	hook: string;
	overdue: 'any' | 'yes' | 'no';
	orphan: 'any' | 'yes' | 'no';
	owner: string;
}

export type CronSortKey = NonNullable< CronQuery[ 'orderby' ] >;

export interface CronSort {
	key: CronSortKey;
	order: 'asc' | 'desc';
}

export const EMPTY_FILTERS: CronFilters = {
	hook: '',
	overdue: 'any',
	orphan: 'any',
	owner: '',
};

/** Most late first: what someone looking at a pile-up wants to see. */
export const DEFAULT_SORT: CronSort = { key: 'late', order: 'desc' };

export const PER_PAGE = 50;

/**
 * The REST query for filters, sort and page.
 *
 * @param filters Filters.
 * @param sort    Sort.
 * @param page    Page, from 1.
 */
export function toQuery(
	filters: CronFilters,
	sort: CronSort,
	page: number
): CronQuery {
	const query: CronQuery = {
		page,
		per_page: PER_PAGE,
		orderby: sort.key,
		order: sort.order,
	};
	if ( filters.hook.trim() ) {
		query.hook = filters.hook.trim();
	}
	if ( filters.owner.trim() ) {
		query.owner = filters.owner.trim();
	}
	if ( filters.overdue !== 'any' ) {
		query.overdue = filters.overdue === 'yes';
	}
	if ( filters.orphan !== 'any' ) {
		query.orphan = filters.orphan === 'yes';
	}
	return query;
}

/**
 * The sort after a click on a column header: the same column flips, another starts in its natural order
 * (most late first; hooks and times ascending).
 *
 * @param current Current sort.
 * @param key     Clicked column.
 */
export function nextSort( current: CronSort, key: CronSortKey ): CronSort {
	if ( current.key === key ) {
		return { key, order: current.order === 'asc' ? 'desc' : 'asc' };
	}
	return { key, order: key === 'late' ? 'desc' : 'asc' };
}

/**
 * aria-sort of a column.
 *
 * @param sort Current sort.
 * @param key  Column.
 */
export function ariaSort(
	sort: CronSort,
	key: CronSortKey
): 'ascending' | 'descending' | 'none' {
	if ( sort.key !== key ) {
		return 'none';
	}
	return sort.order === 'asc' ? 'ascending' : 'descending';
}

const OWNER_TYPES: Record< CronOwner[ 'type' ], string > = {
	plugin: __( 'Plugin', 'triage' ),
	'mu-plugin': __( 'Must-use plugin', 'triage' ),
	theme: __( 'Theme', 'triage' ),
	core: __( 'WordPress core', 'triage' ),
	php: __( 'PHP', 'triage' ),
	unknown: __( 'Unknown', 'triage' ),
};

/**
 * An owner ("plugin:acme-sync") in words: "Plugin: acme-sync".
 *
 * @param owner Owner as the schedule lists it, type:slug.
 */
export function ownerLabel( owner: string ): string {
	const [ type, slug = '' ] = owner.split( ':' );
	const name = OWNER_TYPES[ type as CronOwner[ 'type' ] ] ?? type;
	if ( ! slug || type === 'core' || type === 'php' ) {
		return name;
	}
	/* translators: 1: kind of owner (Plugin, Theme...), 2: its folder name. */
	return sprintf( __( '%1$s: %2$s', 'triage' ), name, slug );
}

/**
 * How late an event is, or when it runs.
 *
 * @param event Event.
 */
export function lateLabel( event: CronEvent ): string {
	if ( ! event.overdue ) {
		return __( 'On time', 'triage' );
	}
	/* translators: %s: a duration such as "3 h 5 min". */
	return sprintf( __( '%s late', 'triage' ), formatDuration( event.late ) );
}

/**
 * The recurrence in words.
 *
 * @param event Event.
 */
export function recurrenceLabel( event: CronEvent ): string {
	if ( event.schedule === null ) {
		return __( 'Once', 'triage' );
	}
	const name = event.schedule_label ?? event.schedule;
	if ( event.interval === null ) {
		return name;
	}
	return sprintf(
		/* translators: 1: recurrence name, 2: interval such as "5 min". */
		__( '%1$s (every %2$s)', 'triage' ),
		name,
		formatDuration( event.interval )
	);
}

/**
 * Whether an event may be deleted here: only what nothing runs, or an extra copy.
 *
 * @param event Event.
 */
export function canDelete( event: CronEvent ): boolean {
	return event.orphan || event.duplicate;
}

const SOURCES: Record< CronSource, string > = {
	loopback: __( 'loopback spawn (page views)', 'triage' ),
	system: __( 'system cron', 'triage' ),
	'wp-cli': __( 'WP-CLI', 'triage' ),
	alternate: __( 'alternate cron', 'triage' ),
	manual: __( 'manual run', 'triage' ),
};

/**
 * A runner's name.
 *
 * @param source Source.
 */
export function sourceLabel( source: string ): string {
	return SOURCES[ source as CronSource ] ?? source;
}

/**
 * One sentence on how a run went.
 *
 * @param run Result.
 */
export function runSummary( run: CronRun ): string {
	const took =
		run.duration_ms < 1000
			? /* translators: %d: milliseconds. */
				sprintf( __( '%d ms', 'triage' ), run.duration_ms )
			: formatDuration( Math.round( run.duration_ms / 1000 ) );
	switch ( run.outcome ) {
		case 'ok':
			return sprintf(
				/* translators: %s: duration. */
				__( 'The event ran without errors in %s.', 'triage' ),
				took
			);
		case 'errors':
			return sprintf(
				/* translators: 1: number of errors, 2: duration. */
				__(
					'The event ran in %2$s and raised %1$d PHP warnings or notices.',
					'triage'
				),
				run.errors.length,
				took
			);
		case 'exception':
			return sprintf(
				/* translators: %s: exception message. */
				__(
					'The event stopped on an uncaught exception: %s',
					'triage'
				),
				run.exception?.message ?? ''
			);
		case 'fatal':
			return sprintf(
				/* translators: %s: PHP error message. */
				__( 'The event ended PHP with a fatal error: %s', 'triage' ),
				run.fatal?.message ?? ''
			);
		default:
			return __(
				'The event called exit() and ended the request.',
				'triage'
			);
	}
}
