import apiFetch from '@wordpress/api-fetch';

import {
	errorFromResponse,
	getJson,
	postJson,
	toApiError,
	TRIAGE_REQUEST_HEADERS,
} from '../../shared/api';
import { bootData } from '../../shared/boot';
import type {
	LogArchiveResult,
	LogSources,
	LogSummary,
	LogTail,
	LogTailQuery,
} from './types';

/** The tail route's arguments but the source, which is in the path; before is null on the first page, like next_before. */
export type TailQuery = Omit< LogTailQuery, 'source' | 'before' > & {
	before?: number | null;
};

/**
 * Builds "?a=1&b[]=x" for a REST path; empty values are left out.
 *
 * @param params Parameters.
 */
export function queryString(
	params: Record<
		string,
		string | number | boolean | string[] | null | undefined
	>
): string {
	const query = new URLSearchParams();
	for ( const [ key, value ] of Object.entries( params ) ) {
		if ( value === null || value === undefined || value === '' ) {
			continue;
		}
		if ( Array.isArray( value ) ) {
			value.forEach( ( item ) => query.append( `${ key }[]`, item ) );
		} else {
			query.append( key, String( value ) );
		}
	}
	const text = query.toString();
	return text ? `?${ text }` : '';
}

const sourcePath = ( source: string ) =>
	`/logs/${ encodeURIComponent( source ) }`;

/** GET /logs: the sources on this server. */
export function fetchLogSources(): Promise< LogSources > {
	return getJson< LogSources >( '/logs' );
}

/**
 * GET /logs/<source>/tail: the newest entries.
 *
 * @param source Source id.
 * @param query  Filters and page.
 */
export function fetchLogTail(
	source: string,
	query: TailQuery = {}
): Promise< LogTail > {
	return getJson< LogTail >(
		sourcePath( source ) +
			'/tail' +
			queryString( {
				limit: query.limit,
				before: query.before,
				severity: query.severity,
				search: query.search,
			} )
	);
}

/**
 * GET /logs/<source>/summary: one time-boxed slice; call again until done.
 *
 * @param source  Source id.
 * @param restart Start from the beginning.
 * @param since   Only entries at or after this Unix time; null for all.
 */
export function fetchLogSummary(
	source: string,
	restart = false,
	since: number | null = null
): Promise< LogSummary > {
	return getJson< LogSummary >(
		sourcePath( source ) +
			'/summary' +
			queryString( { restart: restart ? 1 : null, since } )
	);
}

/**
 * POST /logs/<source>/archive: archives the log (confirm) or describes what archiving would do (dry run).
 *
 * @param source Source id.
 * @param dryRun Only describe what would happen.
 */
export function archiveLog(
	source: string,
	dryRun: boolean
): Promise< LogArchiveResult > {
	return postJson< LogArchiveResult >(
		sourcePath( source ) + '/archive',
		dryRun ? { dry_run: true } : { confirm: true }
	);
}

/** A downloaded log, ready to be saved. */
export interface LogFile {
	blob: Blob;
	/** The name the server offers (host, then the log's name). */
	filename: string;
}

/**
 * The file name in a Content-Disposition header, or the fallback.
 *
 * @param header   Header value, or null.
 * @param fallback Name to use without one.
 */
export function attachmentName(
	header: string | null,
	fallback: string
): string {
	const match = /filename="?([^";]+)"?/i.exec( header ?? '' );
	return match ? match[ 1 ].trim() : fallback;
}

/**
 * GET /logs/<source>/download through apiFetch, so the REST nonce travels in a header (never in a URL,
 * where access logs and browser history would keep it); rejects with an ApiError.
 *
 * @param source Source id.
 */
export async function fetchLogFile( source: string ): Promise< LogFile > {
	let response: Response;
	try {
		response = await apiFetch< Response, false >( {
			path: bootData().restPath + sourcePath( source ) + '/download',
			parse: false,
			headers: TRIAGE_REQUEST_HEADERS,
		} );
	} catch ( error ) {
		// Without parsing, apiFetch rejects with the raw response: its body is the WP_Error, or a failure of
		// WordPress itself (read in plain words).
		if ( error instanceof Response ) {
			throw await errorFromResponse( error );
		}
		throw toApiError( error );
	}
	return {
		blob: await response.blob(),
		filename: attachmentName(
			response.headers.get( 'Content-Disposition' ),
			`${ source }.log`
		),
	};
}

/**
 * POST /logs/paths: replaces the log files added by hand; answers with the sources.
 *
 * @param paths Absolute paths.
 */
export function saveLogPaths( paths: string[] ): Promise< LogSources > {
	return postJson< LogSources >( '/logs/paths', { paths } );
}
