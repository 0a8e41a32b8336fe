import apiFetch from '@wordpress/api-fetch';
import { vi } from 'vitest';

import { getJson, toApiError } from '../api';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
const mockedApiFetch = vi.mocked( apiFetch );

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

describe( 'getJson', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'prefixes the REST path from the boot data', async () => {
		window.triageBoot = { restPath: '/triage/v2' };
		mockedApiFetch.mockResolvedValue( { ok: true } );
		await expect( getJson( '/environment' ) ).resolves.toEqual( {
			ok: true,
		} );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/triage/v2/environment',
		} );
	} );

	it( 'rejects with an ApiError', async () => {
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

	it( 'rejects with an ApiError when the page has no boot data', async () => {
		delete window.triageBoot;
		await expect( getJson( '/environment' ) ).rejects.toMatchObject( {
			code: 'triage_client_error',
		} );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );
} );
