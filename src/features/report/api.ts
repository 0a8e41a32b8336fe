import apiFetch from '@wordpress/api-fetch';

import {
	errorFromResponse,
	toApiError,
	TRIAGE_REQUEST_HEADERS,
} from '../../shared/api';
import { bootData } from '../../shared/boot';
import type { ReportFormat } from './types';

/** The report as the server sent it, byte for byte. */
export interface ReportText {
	format: ReportFormat;
	/** The response body: Markdown, or the JSON document as text. */
	text: string;
}

/**
 * The REST path of the report.
 *
 * @param format    md or json.
 * @param fullPaths Absolute paths instead of paths relative to the site root.
 */
export function reportPath( format: ReportFormat, fullPaths: boolean ): string {
	return (
		bootData().restPath +
		`/report?format=${ format }` +
		( fullPaths ? '&full_paths=1' : '' )
	);
}

/**
 * GET /report through apiFetch without parsing, so the preview, the copy and the download are exactly the
 * server's answer (the Markdown is text/markdown, not JSON); rejects with an ApiError.
 *
 * @param format    md or json.
 * @param fullPaths Absolute paths.
 */
export async function fetchReport(
	format: ReportFormat,
	fullPaths: boolean
): Promise< ReportText > {
	let response: Response;
	try {
		response = await apiFetch< Response, false >( {
			path: reportPath( format, fullPaths ),
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
	return { format, text: await response.text() };
}

/**
 * The file name a report is saved under: the site's host, the date and the format's extension.
 *
 * @param host   Host name of the site.
 * @param format md or json.
 * @param now    When.
 */
export function reportFileName(
	host: string,
	format: ReportFormat,
	now: Date
): string {
	const safeHost =
		host.replace( /[^a-z0-9.-]+/gi, '-' ).replace( /^-+|-+$/g, '' ) ||
		'site';
	const stamp = now
		.toISOString()
		.replace( /[:]/g, '' )
		.replace( /\.\d+Z$/, 'Z' );
	return `triage-report-${ safeHost }-${ stamp }.${ format }`;
}

/**
 * The text to show: Markdown as it is, JSON indented (the download keeps the server's bytes).
 *
 * @param report The report text.
 */
export function previewText( report: ReportText ): string {
	if ( report.format !== 'json' ) {
		return report.text;
	}
	try {
		return JSON.stringify( JSON.parse( report.text ), null, 2 );
	} catch {
		return report.text;
	}
}
