import { __, sprintf } from '@wordpress/i18n';

import { formatTime } from '../../shared/format';
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
