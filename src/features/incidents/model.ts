import { __, _n, sprintf } from '@wordpress/i18n';

import { formatAgo, formatClock } from '../../shared/format';
import type { IncidentWindow } from './api';
import type { Incident, RecorderState, RunningStack } from './types';

/**
 * A time window in words, as the switch and the empty state say it.
 *
 * @param window Seconds.
 */
export function windowLabel( window: IncidentWindow ): string {
	switch ( window ) {
		case 3600:
			return __( 'Last hour', 'triage' );
		case 604800:
			return __( 'Last 7 days', 'triage' );
		default:
			return __( 'Last 24 hours', 'triage' );
	}
}

/**
 * "No incident was found in the last 24 hours in the sources read."
 *
 * @param window Seconds.
 */
export function noneFound( window: IncidentWindow ): string {
	switch ( window ) {
		case 3600:
			return __(
				'No incident was found in the last hour in the sources read.',
				'triage'
			);
		case 604800:
			return __(
				'No incident was found in the last 7 days in the sources read.',
				'triage'
			);
		default:
			return __(
				'No incident was found in the last 24 hours in the sources read.',
				'triage'
			);
	}
}

/**
 * When an incident began, both ways: "23 min ago (00:49:43)".
 *
 * @param incident The incident.
 * @param now      The current Unix time; the browser's clock by default.
 */
export function incidentWhen(
	incident: Incident,
	now: number = Math.floor( Date.now() / 1000 )
): string {
	const start = formatClock( incident.start, now );
	if ( incident.end > incident.start + 1 ) {
		return sprintf(
			/* translators: 1: how long ago, e.g. "23 min ago", 2: local start time, 3: local end time. */
			__( '%1$s (%2$s to %3$s)', 'triage' ),
			formatAgo( incident.start, now ),
			start,
			formatClock( incident.end, now )
		);
	}
	return sprintf(
		/* translators: 1: how long ago, e.g. "23 min ago", 2: local time. */
		__( '%1$s (%2$s)', 'triage' ),
		formatAgo( incident.start, now ),
		start
	);
}

/**
 * The HTTP statuses visitors got: "3 × 502, 1 × 504".
 *
 * @param incident The incident.
 */
export function statusSummary( incident: Incident ): string {
	return incident.statuses
		.map( ( item ) =>
			sprintf(
				/* translators: 1: number of requests, 2: HTTP status code. */
				__( '%1$d × %2$d', 'triage' ),
				item.count,
				item.status
			)
		)
		.join( ', ' );
}

/**
 * How sure the cause is, in words; empty when certain.
 *
 * @param incident The incident.
 */
export function certaintyLabel( incident: Incident ): string {
	if ( incident.certainty === 'likely' ) {
		return __( 'Likely cause', 'triage' );
	}
	if ( incident.certainty === 'unknown' ) {
		return __( 'Cause unknown: the evidence is below', 'triage' );
	}
	return '';
}

/**
 * The plugin, theme, file or host an incident's evidence names.
 *
 * @param incident The incident.
 */
export function culpritLabel( incident: Incident ): string {
	const culprit = incident.culprit;
	if ( ! culprit ) {
		return '';
	}
	switch ( culprit.type ) {
		case 'plugin':
			/* translators: %s: plugin name. */
			return sprintf( __( 'Plugin: %s', 'triage' ), culprit.name );
		case 'theme':
			/* translators: %s: theme name. */
			return sprintf( __( 'Theme: %s', 'triage' ), culprit.name );
		case 'host':
			return sprintf(
				/* translators: %s: host name of an external service. */
				__( 'External service: %s', 'triage' ),
				culprit.name
			);
		default:
			return sprintf(
				/* translators: %s: file path. */
				__( 'File: %s', 'triage' ),
				culprit.file ?? culprit.name
			);
	}
}

export interface EvidenceColumn {
	source: string;
	label: string;
	path: string;
	lines: Array< { at: number; text: string } >;
}

/**
 * The evidence grouped by source, one column each, in the order the sources first appear; lines keep
 * their time so each column reads in order.
 *
 * @param incident The incident.
 */
export function evidenceColumns( incident: Incident ): EvidenceColumn[] {
	const columns: EvidenceColumn[] = [];
	for ( const item of incident.evidence ) {
		let column = columns.find( ( seen ) => seen.source === item.source );
		if ( ! column ) {
			column = {
				source: item.source,
				label: item.label,
				path: item.path,
				lines: [],
			};
			columns.push( column );
		}
		column.lines.push(
			...item.lines.map( ( text ) => ( { at: item.at, text } ) )
		);
	}
	return columns;
}

/**
 * One incident as plain text for a support ticket: the sentence, when, the fix and the evidence lines.
 *
 * @param incident The incident.
 */
export function incidentToText( incident: Incident ): string {
	const parts = [
		incident.sentence,
		sprintf(
			/* translators: 1: start time, 2: end time. */
			__( 'From %1$s to %2$s', 'triage' ),
			new Date( incident.start * 1000 ).toISOString(),
			new Date( incident.end * 1000 ).toISOString()
		),
	];
	if ( incident.urls.length ) {
		parts.push(
			sprintf(
				/* translators: %s: URLs, comma-separated. */
				__( 'URLs: %s', 'triage' ),
				incident.urls.join( ', ' )
			)
		);
	}
	/* translators: %s: what to do. */
	parts.push( sprintf( __( 'Fix: %s', 'triage' ), incident.fix.summary ) );
	parts.push( ...incident.fix.steps.map( ( step ) => `- ${ step }` ) );
	for ( const column of evidenceColumns( incident ) ) {
		parts.push(
			`${ column.label } (${ column.path }):`,
			...column.lines.map( ( line ) => `  ${ line.text }` )
		);
	}
	return parts.join( '\n' );
}

/**
 * The flight recorder's state in one line: "Off", or "On until 14:32, markers in APCu".
 *
 * @param state The state.
 * @param now   The current Unix time; the browser's clock by default.
 */
export function recorderSummary(
	state: RecorderState,
	now: number = Math.floor( Date.now() / 1000 )
): string {
	if ( ! state.on ) {
		return __( 'Off', 'triage' );
	}
	const until =
		state.until === null
			? __( 'On', 'triage' )
			: sprintf(
					/* translators: %s: local time the recorder stops. */
					__( 'On until %s', 'triage' ),
					formatClock( state.until, now )
				);
	if ( state.storage === 'apcu' ) {
		return sprintf(
			/* translators: %s: "On until 14:32". */
			__( '%s, markers kept in APCu memory', 'triage' ),
			until
		);
	}
	if ( state.storage === 'file' ) {
		return sprintf(
			/* translators: %s: "On until 14:32". */
			__(
				'%s, markers kept as small files in Triage’s private folder',
				'triage'
			),
			until
		);
	}
	return until;
}

/**
 * What the recorder saw since its latest recording started: "Since 14:32: 2 requests never finished, 1 slow
 * request, 0 fatal errors." Empty when it never ran.
 *
 * @param state The state.
 * @param now   The current Unix time; the browser's clock by default.
 */
export function recorderTally(
	state: RecorderState,
	now: number = Math.floor( Date.now() / 1000 )
): string {
	if ( state.started === null ) {
		return '';
	}
	return sprintf(
		/* translators: 1: local time recording started, 2: "2 requests never finished", 3: "1 slow request", 4: "0 requests ended by a fatal error". */
		__( 'Since %1$s: %2$s, %3$s, %4$s.', 'triage' ),
		formatClock( state.started, now ),
		sprintf(
			/* translators: %d: number of requests. */
			_n(
				'%d request never finished',
				'%d requests never finished',
				state.killed,
				'triage'
			),
			state.killed
		),
		sprintf(
			/* translators: %d: number of requests. */
			_n( '%d slow request', '%d slow requests', state.slow, 'triage' ),
			state.slow
		),
		sprintf(
			/* translators: %d: number of requests. */
			_n(
				'%d request ended by a fatal error',
				'%d requests ended by a fatal error',
				state.fatal,
				'triage'
			),
			state.fatal
		)
	);
}

/**
 * The web server in words: "nginx (pid 123)".
 *
 * @param stack The running stack.
 */
export function webServerLabel( stack: RunningStack ): string {
	const name = stack.web.software ?? __( 'not found', 'triage' );
	return stack.web.pid === null
		? name
		: sprintf(
				/* translators: 1: software name, 2: process id. */
				__( '%1$s (pid %2$d)', 'triage' ),
				name,
				stack.web.pid
			);
}

/**
 * How many requests, in words: "3 requests".
 *
 * @param count Number of requests.
 */
export function requestCount( count: number ): string {
	return sprintf(
		/* translators: %d: number of requests. */
		_n( '%d request', '%d requests', count, 'triage' ),
		count
	);
}
