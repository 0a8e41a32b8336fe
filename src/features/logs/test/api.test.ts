import apiFetch from '@wordpress/api-fetch';
import { vi } from 'vitest';

import { attachmentName, fetchLogFile, queryString } from '../api';

vi.mock( '@wordpress/api-fetch', () => ( { default: vi.fn() } ) );
const mockedApiFetch = vi.mocked( apiFetch );

describe( 'logs api helpers', () => {
	beforeEach( () => {
		window.triageBoot = { restPath: '/triage/v1' };
	} );

	afterEach( () => {
		delete window.triageBoot;
		mockedApiFetch.mockReset();
	} );

	it( 'builds query strings with arrays and without empty values', () => {
		expect(
			queryString( {
				limit: 100,
				before: null,
				search: '',
				severity: [ 'fatal', 'warning' ],
			} )
		).toBe( '?limit=100&severity%5B%5D=fatal&severity%5B%5D=warning' );
		expect( queryString( { before: undefined } ) ).toBe( '' );
	} );

	it( 'downloads through apiFetch, which sends the nonce as a header: no nonce in the URL', async () => {
		mockedApiFetch.mockResolvedValueOnce(
			new Response( 'PHP Warning:  x\n', {
				headers: {
					'Content-Disposition':
						'attachment; filename="web1-debug.log"',
				},
			} )
		);

		const file = await fetchLogFile( 'debug' );

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/triage/v1/logs/debug/download',
			parse: false,
			headers: { 'X-Triage-Probe': 'rest' },
		} );
		const options = mockedApiFetch.mock.calls[ 0 ][ 0 ];
		expect( JSON.stringify( options ) ).not.toMatch( /nonce/i );
		expect( file.filename ).toBe( 'web1-debug.log' );
		expect( await file.blob.text() ).toBe( 'PHP Warning:  x\n' );
	} );

	it( 'turns a refused download into an ApiError from its JSON body', async () => {
		mockedApiFetch.mockRejectedValueOnce(
			new Response(
				JSON.stringify( {
					code: 'rest_forbidden',
					message:
						'Sorry, you are not allowed to view Triage diagnostics.',
					data: { status: 403 },
				} ),
				{ status: 403 }
			)
		);

		await expect( fetchLogFile( 'debug' ) ).rejects.toEqual( {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to view Triage diagnostics.',
			data: { status: 403 },
		} );
	} );

	it( 'reads the offered file name, with a fallback', () => {
		expect(
			attachmentName( 'attachment; filename="a-debug.log"', 'x.log' )
		).toBe( 'a-debug.log' );
		expect( attachmentName( 'attachment; filename=b.log', 'x.log' ) ).toBe(
			'b.log'
		);
		expect( attachmentName( null, 'x.log' ) ).toBe( 'x.log' );
	} );
} );
