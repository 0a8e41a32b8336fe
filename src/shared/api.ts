import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import { bootData } from './boot';
import type { ApiError } from './types';

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
 * GET a Triage REST path; rejects with an ApiError.
 *
 * @param path Path under Triage's REST namespace, starting with a slash.
 */
export async function getJson< T >( path: string ): Promise< T > {
	try {
		return await apiFetch< T >( { path: bootData().restPath + path } );
	} catch ( error ) {
		throw toApiError( error );
	}
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
	try {
		return await apiFetch< T >( {
			path: bootData().restPath + path,
			method: 'POST',
			data,
		} );
	} catch ( error ) {
		throw toApiError( error );
	}
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
	try {
		return await apiFetch< T >( {
			path: bootData().restPath + path,
			method: 'DELETE',
			...( data ? { data } : {} ),
		} );
	} catch ( error ) {
		throw toApiError( error );
	}
}
