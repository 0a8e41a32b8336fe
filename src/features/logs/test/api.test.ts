import { logDownloadUrl, queryString } from '../api';

describe( 'logs api helpers', () => {
	afterEach( () => {
		delete window.triageBoot;
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

	it( 'adds the nonce to download links, with and without pretty permalinks', () => {
		window.triageBoot = {
			version: '0.1.0',
			restPath: '/triage/v1',
			networkMode: false,
			restRoot: 'http://example.test/wp-json/',
			restNonce: 'abc123',
		};
		expect( logDownloadUrl( 'debug' ) ).toBe(
			'http://example.test/wp-json/triage/v1/logs/debug/download?_wpnonce=abc123'
		);
		window.triageBoot.restRoot = 'http://example.test/?rest_route=/';
		expect( logDownloadUrl( 'debug' ) ).toBe(
			'http://example.test/?rest_route=/triage/v1/logs/debug/download&_wpnonce=abc123'
		);
	} );

	it( 'gives no link without boot data', () => {
		expect( logDownloadUrl( 'debug' ) ).toBeNull();
	} );
} );
