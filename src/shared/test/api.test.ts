import apiFetch from '@wordpress/api-fetch';
import { vi } from 'vitest';

import {
	deleteJson,
	errorFromResponse,
	getJson,
	isSiteFailure,
	NOT_JSON,
	postJson,
	SITE_FATAL,
	toApiError,
	UNAVAILABLE,
} from '../api';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
const mockedApiFetch = vi.mocked( apiFetch );

/** Core's answer to a JSON request that hit a PHP fatal (WP_Fatal_Error_Handler through wp_die). */
const CORE_FATAL = {
	code: 'internal_server_error',
	message:
		'<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
	data: { status: 500 },
	additional_errors: [],
};

const json = ( body: unknown, status = 200 ) =>
	new Response( JSON.stringify( body ), {
		status,
		headers: { 'Content-Type': 'application/json' },
	} );

describe( 'toApiError', () => {
	it( 'keeps a WP_Error body', () => {
		expect(
			toApiError( {
				code: 'rest_forbidden',
				message: 'Sorry.',
				data: { status: 403 },
			} )
		).toEqual( {
			code: 'rest_forbidden',
			message: 'Sorry.',
			data: { status: 403 },
		} );
	} );

	it( 'wraps a thrown Error', () => {
		expect( toApiError( new Error( 'boom' ) ) ).toEqual( {
			code: 'triage_client_error',
			message: 'boom',
		} );
	} );

	it.each( [ null, undefined, 'text', 42, {} ] )(
		'turns %j into a generic error',
		( reason ) => {
			expect( toApiError( reason ).code ).toBe( 'triage_unknown_error' );
		}
	);
} );

describe( 'errorFromResponse', () => {
	it( 'reads core’s critical error in plain words, never its HTML', async () => {
		const error = await errorFromResponse( json( CORE_FATAL, 500 ) );
		expect( error.code ).toBe( SITE_FATAL );
		expect( error.message ).toContain( 'critical error (HTTP 500)' );
		expect( error.message ).toContain( 'outside wp-admin' );
		expect( error.message ).not.toContain( '<' );
		expect( error.data?.status ).toBe( 500 );
		expect( isSiteFailure( error ) ).toBe( true );
	} );

	it( 'reads an HTML error page as a failure of WordPress', async () => {
		const error = await errorFromResponse(
			new Response(
				'<!DOCTYPE html><html><body><p>There has been a critical error on this website.</p></body></html>',
				{ status: 500, headers: { 'Content-Type': 'text/html' } }
			)
		);
		expect( error.code ).toBe( SITE_FATAL );
		expect( error.message ).not.toContain( '<' );
	} );

	it.each( [ 502, 503, 504 ] )(
		'reads a gateway’s %i page as the server being unavailable, with nothing to turn off',
		async ( status ) => {
			const error = await errorFromResponse(
				new Response( '<html><h1>Bad Gateway</h1></html>', { status } )
			);
			expect( error.code ).toBe( UNAVAILABLE );
			expect( error.message ).toContain( `HTTP ${ status }` );
			expect( isSiteFailure( error ) ).toBe( false );
		}
	);

	it( 'keeps Triage’s own errors as they are, with the status', async () => {
		const error = await errorFromResponse(
			json(
				{
					code: 'triage_safe_mode_no_secret',
					message: 'Safe mode could not store its signing secret.',
					data: { status: 500 },
				},
				500
			)
		);
		expect( error ).toEqual( {
			code: 'triage_safe_mode_no_secret',
			message: 'Safe mode could not store its signing secret.',
			data: { status: 500 },
		} );
		expect( isSiteFailure( error ) ).toBe( false );
	} );

	it( 'keeps the manual instructions of a refusal', async () => {
		const error = await errorFromResponse(
			json(
				{
					code: 'triage_file_mods_disallowed',
					message: 'Refused.',
					data: { status: 409, manual: 'define( … );' },
				},
				409
			)
		);
		expect( error.data ).toEqual( {
			status: 409,
			manual: 'define( … );',
		} );
	} );
} );

describe( 'getJson', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'prefixes the REST path from the boot data and marks the call as the page’s own', async () => {
		window.triageBoot = { restPath: '/triage/v2' };
		mockedApiFetch.mockResolvedValue( json( { ok: true } ) );
		await expect( getJson( '/environment' ) ).resolves.toEqual( {
			ok: true,
		} );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/triage/v2/environment',
			headers: { 'X-Triage-Probe': 'rest' },
			parse: false,
		} );
	} );

	it( 'rejects with an ApiError on a network failure', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'fetch_error',
			message: 'You are probably offline.',
		} );
		await expect( getJson( '/environment' ) ).rejects.toEqual( {
			code: 'fetch_error',
			message: 'You are probably offline.',
			data: null,
		} );
	} );

	it( 'rejects with the REST error apiFetch rejected with', async () => {
		mockedApiFetch.mockRejectedValue(
			json(
				{
					code: 'rest_forbidden',
					message: 'Sorry.',
					data: { status: 403 },
				},
				403
			)
		);
		await expect( getJson( '/environment' ) ).rejects.toEqual( {
			code: 'rest_forbidden',
			message: 'Sorry.',
			data: { status: 403 },
		} );
	} );

	it( 'rejects in plain words when WordPress fatals on the request', async () => {
		mockedApiFetch.mockRejectedValue( json( CORE_FATAL, 500 ) );
		await expect( getJson( '/environment' ) ).rejects.toMatchObject( {
			code: SITE_FATAL,
			data: { status: 500 },
		} );
	} );

	it( 'rejects when a 200 answer is not JSON (text printed before it)', async () => {
		mockedApiFetch.mockResolvedValue(
			new Response( 'Notice: something<br>{"ok":true}', { status: 200 } )
		);
		await expect( getJson( '/environment' ) ).rejects.toMatchObject( {
			code: NOT_JSON,
			data: { status: 200 },
		} );
	} );

	it( 'lets apiFetch renew an expired nonce and retry', async () => {
		mockedApiFetch
			.mockRejectedValueOnce(
				json(
					{
						code: 'rest_cookie_invalid_nonce',
						message: 'Cookie check failed',
						data: { status: 403 },
					},
					403
				)
			)
			.mockResolvedValueOnce( { ok: true } );
		await expect( getJson( '/environment' ) ).resolves.toEqual( {
			ok: true,
		} );
		// The second call is parsed, so apiFetch's own renewal runs.
		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/triage/v1/environment',
			headers: { 'X-Triage-Probe': 'rest' },
		} );
	} );

	it( 'rejects with an ApiError when the page has no boot data', async () => {
		delete window.triageBoot;
		await expect( getJson( '/environment' ) ).rejects.toMatchObject( {
			code: 'triage_client_error',
		} );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );
} );

describe( 'postJson and deleteJson', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'send their method and body', async () => {
		mockedApiFetch.mockResolvedValue( json( { done: true } ) );
		await postJson( '/bisect', { mode: 'auto' } );
		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/triage/v1/bisect',
			method: 'POST',
			data: { mode: 'auto' },
			headers: { 'X-Triage-Probe': 'rest' },
			parse: false,
		} );
		mockedApiFetch.mockResolvedValue(
			new Response( null, { status: 204 } )
		);
		await expect( deleteJson( '/bisect' ) ).resolves.toBeNull();
		expect( mockedApiFetch ).toHaveBeenLastCalledWith( {
			path: '/triage/v1/bisect',
			method: 'DELETE',
			headers: { 'X-Triage-Probe': 'rest' },
			parse: false,
		} );
	} );
} );
