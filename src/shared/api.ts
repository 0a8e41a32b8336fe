import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';

import { bootData } from './boot';
import type { ApiError } from './types';

/** Code of the error for a critical error (a PHP fatal) WordPress answered instead of Triage's data. */
export const SITE_FATAL = 'triage_site_fatal';

/** Code of the error for an answer that is not Triage's JSON (an HTML page, text before the JSON). */
export const NOT_JSON = 'triage_not_json';

/** Code of the error for a gateway's answer (502, 503, 504): PHP did not answer. */
export const UNAVAILABLE = 'triage_server_unavailable';

/**
 * Header the Triage page sends with its REST calls. Its value marks the call as the page's own, so the
 * must-use loader looks for the cookie that keeps other plugins off for Triage's requests (visitors never
 * send it, and without that cookie it changes nothing).
 */
export const TRIAGE_REQUEST_HEADERS = { 'X-Triage-Probe': 'rest' };

/**
 * Turns whatever apiFetch rejected with into `{ code, message }`.
 *
 * apiFetch rejects with the parsed WP_Error body for REST errors, with a plain object for network
 * failures and invalid JSON, and with an Error for anything thrown on the way.
 *
 * @param error The rejection reason.
 */
export function toApiError( error: unknown ): ApiError {
	if ( error && typeof error === 'object' ) {
		const candidate = error as Partial< ApiError >;
		if (
			typeof candidate.code === 'string' &&
			typeof candidate.message === 'string'
		) {
			return {
				code: candidate.code,
				message: candidate.message,
				data: candidate.data ?? null,
			};
		}
		if ( error instanceof Error ) {
			return { code: 'triage_client_error', message: error.message };
		}
	}
	return {
		code: 'triage_unknown_error',
		message: __(
			'The request failed and the server gave no reason.',
			'triage'
		),
	};
}

/**
 * Whether an error means WordPress itself failed on Triage's request (rather than Triage refusing it):
 * Triage can then offer to turn other plugins off for its own requests.
 *
 * @param error The error.
 */
export function isSiteFailure( error: ApiError ): boolean {
	return error.code === SITE_FATAL || error.code === NOT_JSON;
}

/**
 * The error for an answer that failed before Triage could give one: core's critical error (its JSON
 * WP_Error carries HTML, which is never shown as text), or any answer that is not JSON.
 *
 * @param status HTTP status.
 * @param body   The parsed body, or null when it is not JSON.
 */
export function siteFailure( status: number, body: unknown ): ApiError {
	if ( body === null && status >= 502 && status <= 504 ) {
		return {
			code: UNAVAILABLE,
			message: sprintf(
				/* translators: %d: HTTP status code, e.g. 502. */
				__(
					'The server answered Triage’s request with HTTP %d instead of WordPress: PHP did not answer in time, is not running, or the site is in maintenance. Reload in a moment; the server’s logs say why.',
					'triage'
				),
				status
			),
			data: { status },
		};
	}
	if ( status >= 500 ) {
		return {
			code: SITE_FATAL,
			message: sprintf(
				/* translators: %d: HTTP status code, e.g. 500. */
				__(
					'WordPress answered Triage’s request with a critical error (HTTP %d): a plugin or the theme fails on requests outside wp-admin, such as Triage’s. wp-admin still works, so Triage can go on with every other plugin off for its own requests only.',
					'triage'
				),
				status
			),
			data: { status },
		};
	}
	return {
		code: NOT_JSON,
		message: sprintf(
			/* translators: %d: HTTP status code, e.g. 200. */
			__(
				'WordPress answered Triage’s request (HTTP %d) with something other than Triage’s data: a plugin or the theme prints a page or text into every answer outside wp-admin.',
				'triage'
			),
			status
		),
		data: { status },
	};
}

/**
 * The error a failed answer carries: Triage's (or core's REST) WP_Error as it is, and a failure of
 * WordPress itself in plain words.
 *
 * @param response A non-2xx answer.
 */
export async function errorFromResponse(
	response: Response
): Promise< ApiError > {
	const text = await response.text().catch( () => '' );
	let body: unknown = null;
	try {
		body = JSON.parse( text );
	} catch {
		body = null;
	}
	const candidate = ( body ?? {} ) as Partial< ApiError >;
	const isWpError =
		typeof candidate.code === 'string' &&
		typeof candidate.message === 'string';
	// Core's fatal error handler answers JSON requests with this code and an HTML message.
	if ( ! isWpError || candidate.code === 'internal_server_error' ) {
		return siteFailure( response.status, isWpError ? body : null );
	}
	const error = toApiError( body );
	return {
		...error,
		data: { ...( error.data ?? {} ), status: response.status },
	};
}

/**
 * Sends a request to a Triage REST path and reads its JSON; rejects with an ApiError. apiFetch adds the
 * REST nonce (and renews it when it expired).
 *
 * @param path           Path under Triage's REST namespace, starting with a slash.
 * @param options        Method and body.
 * @param options.method HTTP method (GET when left out).
 * @param options.data   Body, sent as JSON.
 */
async function request< T >(
	path: string,
	options: { method?: string; data?: Record< string, unknown > } = {}
): Promise< T > {
	let fullPath: string;
	try {
		fullPath = bootData().restPath + path;
	} catch ( error ) {
		throw toApiError( error );
	}
	const fetchOptions = {
		path: fullPath,
		...( options.method ? { method: options.method } : {} ),
		...( options.data ? { data: options.data } : {} ),
		headers: TRIAGE_REQUEST_HEADERS,
	};
	let response: Response;
	try {
		// Unparsed, so that a failure of WordPress itself can be told apart from Triage's own errors.
		response = await apiFetch< Response, false >( {
			...fetchOptions,
			parse: false,
		} );
	} catch ( error ) {
		if ( ! ( error instanceof Response ) ) {
			throw toApiError( error );
		}
		const apiError = await errorFromResponse( error );
		if ( apiError.code !== 'rest_cookie_invalid_nonce' ) {
			throw apiError;
		}
		// Parsed again, so apiFetch renews the expired nonce and retries, as it does for every call.
		try {
			return await apiFetch< T >( fetchOptions );
		} catch ( retryError ) {
			throw toApiError( retryError );
		}
	}
	if ( response.status === 204 ) {
		return null as T;
	}
	const text = await response.text().catch( () => '' );
	try {
		return JSON.parse( text ) as T;
	} catch {
		throw siteFailure( response.status, null );
	}
}

/**
 * GET a Triage REST path; rejects with an ApiError.
 *
 * @param path Path under Triage's REST namespace, starting with a slash.
 */
export async function getJson< T >( path: string ): Promise< T > {
	return request< T >( path );
}

/**
 * POST JSON to a Triage REST path; rejects with an ApiError. apiFetch adds the REST nonce.
 *
 * @param path Path under Triage's REST namespace, starting with a slash.
 * @param data Body, sent as JSON.
 */
export async function postJson< T >(
	path: string,
	data: Record< string, unknown >
): Promise< T > {
	return request< T >( path, { method: 'POST', data } );
}

/**
 * DELETE a Triage REST path; rejects with an ApiError. apiFetch adds the REST nonce.
 *
 * @param path Path under Triage's REST namespace, starting with a slash.
 * @param data Optional body, sent as JSON (which event to delete, the confirmation).
 */
export async function deleteJson< T >(
	path: string,
	data?: Record< string, unknown >
): Promise< T > {
	return request< T >( path, {
		method: 'DELETE',
		...( data ? { data } : {} ),
	} );
}
