import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

import { fetchIncidents } from '../api';
import type { Incidents } from '../types';
import { useIncidents } from '../use-incidents';
import { incident, payload } from './fixtures';

vi.mock( '../api', async ( importOriginal ) => ( {
	...( await importOriginal< typeof import( '../api' ) >() ),
	fetchIncidents: vi.fn(),
} ) );

const fetchMock = vi.mocked( fetchIncidents );

describe( 'useIncidents', () => {
	beforeEach( () => fetchMock.mockReset() );

	it( 'never lets a slow answer for the previous window replace the current one', async () => {
		let answerDay: ( value: Incidents ) => void = () => {};
		fetchMock.mockImplementation( ( window ) =>
			window === 86400
				? new Promise( ( resolve ) => {
						answerDay = resolve;
					} )
				: Promise.resolve(
						payload( {
							window,
							incidents: [
								incident( { id: 'hour', sentence: 'Hour' } ),
							],
						} )
					)
		);
		const { result } = renderHook( () => useIncidents( 86400 ) );
		act( () => result.current.setWindow( 3600 ) );
		await waitFor( () => expect( result.current.isLoading ).toBe( false ) );
		act( () => answerDay( payload() ) );
		expect( result.current.window ).toBe( 3600 );
		expect( result.current.incidents.map( ( item ) => item.id ) ).toEqual( [
			'hour',
		] );
	} );

	it( 'appends the next page without showing an incident twice', async () => {
		fetchMock.mockImplementation( ( _window, page ) =>
			Promise.resolve(
				page === 1
					? payload( {
							total: 3,
							incidents: [
								incident( { id: 'a' } ),
								incident( { id: 'b' } ),
							],
						} )
					: payload( {
							total: 3,
							page: 2,
							// A new incident moved the page boundary: b comes again.
							incidents: [
								incident( { id: 'b' } ),
								incident( { id: 'c' } ),
							],
						} )
			)
		);
		const { result } = renderHook( () => useIncidents( 86400 ) );
		await waitFor( () =>
			expect( result.current.incidents ).toHaveLength( 2 )
		);
		expect( result.current.hasMore ).toBe( true );
		act( () => result.current.loadMore() );
		await waitFor( () =>
			expect( result.current.incidents ).toHaveLength( 3 )
		);
		expect( result.current.incidents.map( ( item ) => item.id ) ).toEqual( [
			'a',
			'b',
			'c',
		] );
		expect( result.current.hasMore ).toBe( false );
	} );
} );
