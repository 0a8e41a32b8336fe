import { getJson, postJson } from '../../shared/api';
import type { Incidents, IncidentsWindow, RecorderState } from './types';

/** Time windows the incidents route accepts, in seconds: the last hour, day and week. */
export const WINDOWS: IncidentsWindow[] = [ 3600, 86400, 604800 ];

export type IncidentWindow = IncidentsWindow;

/** Incidents asked for per page. */
export const PER_PAGE = 10;

/**
 * GET /incidents: what happened in a time window, newest first, with the sources read and what could not be.
 *
 * @param window  Seconds back from now.
 * @param page    Page, from 1.
 * @param perPage Incidents per page.
 */
export function fetchIncidents(
	window: IncidentWindow,
	page = 1,
	perPage = PER_PAGE
): Promise< Incidents > {
	const query = new URLSearchParams( {
		window: String( window ),
		page: String( page ),
		per_page: String( perPage ),
	} );
	return getJson< Incidents >( `/incidents?${ query.toString() }` );
}

/** GET /incidents/recorder: whether the flight recorder is on, until when, and where it keeps its markers. */
export function fetchRecorder(): Promise< RecorderState > {
	return getJson< RecorderState >( '/incidents/recorder' );
}

/**
 * POST /incidents/recorder: turns the flight recorder on for a while.
 *
 * @param minutes How long it records.
 */
export function startRecorder( minutes: number ): Promise< RecorderState > {
	return postJson< RecorderState >( '/incidents/recorder', {
		action: 'start',
		minutes,
	} );
}

/** POST /incidents/recorder: turns the flight recorder off now. */
export function stopRecorder(): Promise< RecorderState > {
	return postJson< RecorderState >( '/incidents/recorder', {
		action: 'stop',
	} );
}
