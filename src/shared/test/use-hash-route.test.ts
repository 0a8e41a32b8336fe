import { act, renderHook } from '@testing-library/react';

import {
	buildHashRoute,
	parseHashRoute,
	useHashRoute,
} from '../use-hash-route';

describe( 'parseHashRoute', () => {
	it.each( [
		[ '', '' ],
		[ '#', '' ],
		[ '#/', '' ],
		[ '#/logs', 'logs' ],
		[ '#logs', 'logs' ],
		[ '#/logs/detail', 'logs' ],
		[ '#/logs?source=debug', 'logs' ],
	] )( 'reads the tab of %j as %j', ( hash, tab ) => {
		expect( parseHashRoute( hash ).tab ).toBe( tab );
	} );

	it( 'reads query parameters', () => {
		const route = parseHashRoute( '#/logs?source=debug&level=fatal' );
		expect( route.params.get( 'source' ) ).toBe( 'debug' );
		expect( route.params.get( 'level' ) ).toBe( 'fatal' );
	} );

	it( 'round-trips what buildHashRoute writes', () => {
		const hash = buildHashRoute( 'logs', { source: 'nginx error' } );
		expect( hash ).toBe( '#/logs?source=nginx+error' );
		expect( parseHashRoute( hash ).params.get( 'source' ) ).toBe(
			'nginx error'
		);
	} );
} );

describe( 'useHashRoute', () => {
	it( 'follows the address bar and writes the selected tab to it', () => {
		window.location.hash = '#/logs';
		const { result } = renderHook( () => useHashRoute() );
		expect( result.current[ 0 ].tab ).toBe( 'logs' );

		act( () => result.current[ 1 ]( 'overview' ) );
		expect( window.location.hash ).toBe( '#/overview' );
		expect( result.current[ 0 ].tab ).toBe( 'overview' );

		act( () => {
			window.location.hash = '#/debug';
			window.dispatchEvent( new HashChangeEvent( 'hashchange' ) );
		} );
		expect( result.current[ 0 ].tab ).toBe( 'debug' );
	} );
} );
