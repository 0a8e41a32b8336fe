import { __, _n, sprintf } from '@wordpress/i18n';

import { formatAgo, formatClock, formatTime } from '../../shared/format';
import type { LogAttribution, LogGroup, LogSeverity } from './types';

/** Severities, most severe first: the order of the severity column. */
export const SEVERITY_ORDER: LogSeverity[] = [
	'fatal',
	'parse',
	'error',
	'database',
	'warning',
	'notice',
	'deprecated',
	'strict',
	'info',
	'other',
];

export type GroupSortKey =
	'severity' | 'message' | 'source' | 'count' | 'last_seen';

export interface GroupSort {
	key: GroupSortKey;
	direction: 'ascending' | 'descending';
}

export interface GroupFilter {
	severity: LogSeverity | 'all';
	search: string;
}

/** A severity in words. */
export function severityLabel( severity: LogSeverity ): string {
	const labels: Record< LogSeverity, string > = {
		fatal: __( 'Fatal error', 'triage' ),
		parse: __( 'Parse error', 'triage' ),
		error: __( 'Error', 'triage' ),
		database: __( 'Database error', 'triage' ),
		warning: __( 'Warning', 'triage' ),
		notice: __( 'Notice', 'triage' ),
		deprecated: __( 'Deprecated', 'triage' ),
		strict: __( 'Strict standards', 'triage' ),
		info: __( 'Message', 'triage' ),
		other: __( 'Other', 'triage' ),
	};
	return labels[ severity ];
}

/** Who an error belongs to, in words: "Plugin: WooCommerce". */
export function attributionLabel( attribution: LogAttribution ): string {
	const name = attribution.name || attribution.slug;
	switch ( attribution.type ) {
		case 'plugin':
			/* translators: %s: plugin name. */
			return sprintf( __( 'Plugin: %s', 'triage' ), name );
		case 'mu-plugin':
			/* translators: %s: must-use plugin name. */
			return sprintf( __( 'Must-use plugin: %s', 'triage' ), name );
		case 'theme':
			/* translators: %s: theme name. */
			return sprintf( __( 'Theme: %s', 'triage' ), name );
		case 'core':
			return __( 'WordPress core', 'triage' );
		default:
			return __( 'Unknown', 'triage' );
	}
}

/**
 * Groups that pass the filters: one severity (or all) and a case-insensitive text found in the message,
 * the file or the attribution.
 */
export function filterGroups(
	groups: LogGroup[],
	filter: GroupFilter
): LogGroup[] {
	const needle = filter.search.trim().toLowerCase();
	return groups.filter( ( group ) => {
		if ( filter.severity !== 'all' && group.severity !== filter.severity ) {
			return false;
		}
		if ( ! needle ) {
			return true;
		}
		return [
			group.message,
			group.file ?? '',
			attributionLabel( group.attribution ),
			group.attribution.slug,
		].some( ( text ) => text.toLowerCase().includes( needle ) );
	} );
}

/**
 * Groups sorted by a column; ties keep the more frequent group first.
 *
 * @param groups Groups.
 * @param sort   Column and direction.
 */
export function sortGroups( groups: LogGroup[], sort: GroupSort ): LogGroup[] {
	const sign = sort.direction === 'ascending' ? 1 : -1;
	const value = ( group: LogGroup ): number | string => {
		switch ( sort.key ) {
			case 'severity':
				// Most severe is "largest", so descending shows fatals first.
				return (
					SEVERITY_ORDER.length -
					SEVERITY_ORDER.indexOf( group.severity )
				);
			case 'message':
				return group.message.toLowerCase();
			case 'source':
				return attributionLabel( group.attribution ).toLowerCase();
			case 'count':
				return group.count;
			case 'last_seen':
				return group.last_seen ?? 0;
		}
		return 0;
	};
	return [ ...groups ].sort( ( a, b ) => {
		const left = value( a );
		const right = value( b );
		let order = 0;
		if ( typeof left === 'number' && typeof right === 'number' ) {
			order = left - right;
		} else {
			order = String( left ).localeCompare( String( right ) );
		}
		return order !== 0 ? sign * order : b.count - a.count;
	} );
}

/**
 * The next sort after a click on a column: the same column flips, a new one starts descending for
 * numbers and severity (most first) and ascending for text.
 *
 * @param current Current sort.
 * @param key     Clicked column.
 */
export function nextSort( current: GroupSort, key: GroupSortKey ): GroupSort {
	if ( current.key === key ) {
		return {
			key,
			direction:
				current.direction === 'ascending' ? 'descending' : 'ascending',
		};
	}
	const textual = key === 'message' || key === 'source';
	return { key, direction: textual ? 'ascending' : 'descending' };
}

/**
 * A message without its trailing location (" in /f.php on line 3" or " in /f.php:3"), which the table
 * shows on its own line.
 *
 * @param message Message.
 * @param file    The error's file, or null.
 */
export function shortMessage( message: string, file: string | null ): string {
	if ( ! file ) {
		return message;
	}
	const at = message.lastIndexOf( ` in ${ file }` );
	return at > 0 ? message.slice( 0, at ) : message;
}

/** A group as text for a support ticket. */
export function groupToText( group: LogGroup ): string {
	return [
		`${ severityLabel( group.severity ) }: ${ group.message }`,
		sprintf(
			/* translators: %s: plugin, theme or core. */
			__( 'Source: %s', 'triage' ),
			attributionLabel( group.attribution )
		),
		group.file
			? sprintf(
					/* translators: 1: file path, 2: line number. */
					__( 'File: %1$s line %2$s', 'triage' ),
					group.file,
					String( group.line ?? '?' )
				)
			: '',
		sprintf(
			/* translators: 1: number of times, 2: first time, 3: last time. */
			__( 'Seen %1$d times, first %2$s, last %3$s', 'triage' ),
			group.count,
			formatTime( group.first_seen ),
			formatTime( group.last_seen )
		),
		'',
		group.sample,
	]
		.filter( ( line, index ) => line !== '' || index === 4 )
		.join( '\n' );
}

/**
 * How often and how recently something was seen, dated: "1 time, 23 min ago (00:49:43)", "12 times, last
 * 5 min ago (00:49:43), first 2 h 3 min ago".
 *
 * @param count Times seen.
 * @param first Unix time of the first, or null.
 * @param last  Unix time of the newest, or null.
 * @param now   The current Unix time; the browser's clock by default.
 */
export function seenText(
	count: number,
	first: number | null,
	last: number | null,
	now: number = Math.floor( Date.now() / 1000 )
): string {
	const times = count.toLocaleString();
	if ( last === null ) {
		return sprintf(
			/* translators: %s: number of times. */
			_n( '%s time', '%s times', count, 'triage' ),
			times
		);
	}
	const when = sprintf(
		/* translators: 1: how long ago, e.g. "23 min ago", 2: local time. */
		__( '%1$s (%2$s)', 'triage' ),
		formatAgo( last, now ),
		formatClock( last, now )
	);
	if ( count === 1 ) {
		return sprintf(
			/* translators: %s: when, e.g. "23 min ago (00:49:43)". */
			__( '1 time, %s', 'triage' ),
			when
		);
	}
	if ( first === null || first === last ) {
		return sprintf(
			/* translators: 1: number of times, 2: when, e.g. "23 min ago (00:49:43)". */
			__( '%1$s times, last %2$s', 'triage' ),
			times,
			when
		);
	}
	return sprintf(
		/* translators: 1: number of times, 2: when the newest was, e.g. "23 min ago (00:49:43)", 3: how long ago the first was. */
		__( '%1$s times, last %2$s, first %3$s', 'triage' ),
		times,
		when,
		formatAgo( first, now )
	);
}
