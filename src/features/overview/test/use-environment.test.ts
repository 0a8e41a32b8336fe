import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

import { fetchEnvironment } from '../api';
import type { Environment } from '../types';
import { useEnvironment } from '../use-environment';
import { environmentFixture } from './environment-fixture';

vi.mock( '../api', () => ( { fetchEnvironment: vi.fn() } ) );
const mockedFetch = vi.mocked( fetchEnvironment );

describe( 'useEnvironment', () => {
	afterEach( () => mockedFetch.mockReset() );

	it( 'loads the environment', async () => {
		mockedFetch.mockResolvedValue( environmentFixture() );
		const { result } = renderHook( () => useEnvironment() );
		expect( result.current.isLoading ).toBe( true );
		await waitFor( () => expect( result.current.isLoading ).toBe( false ) );
		expect( result.current.environment?.php_version ).toBe( '8.2.36' );
		expect( result.current.error ).toBeNull();
	} );

	it( 'exposes the error and clears it on a successful reload', async () => {
		mockedFetch.mockRejectedValueOnce( {
			code: 'rest_forbidden',
			message: 'Sorry.',
		} );
		const { result } = renderHook( () => useEnvironment() );
		await waitFor( () =>
			expect( result.current.error?.code ).toBe( 'rest_forbidden' )
		);

		mockedFetch.mockResolvedValueOnce( environmentFixture() );
		act( () => result.current.reload() );
		await waitFor( () =>
			expect( result.current.environment ).not.toBeNull()
		);
		expect( result.current.error ).toBeNull();
	} );

	it( 'ignores a slow earlier answer that arrives after a newer one', async () => {
		let resolveFirst: ( env: Environment ) => void = () => {};
		mockedFetch
			.mockImplementationOnce(
				() =>
					new Promise< Environment >( ( resolve ) => {
						resolveFirst = resolve;
					} )
			)
			.mockResolvedValueOnce(
				environmentFixture( { host_name: 'newer' } )
			);

		const { result } = renderHook( () => useEnvironment() );
		act( () => result.current.reload() );
		await waitFor( () =>
			expect( result.current.environment?.host_name ).toBe( 'newer' )
		);
		await act( async () => {
			resolveFirst( environmentFixture( { host_name: 'older' } ) );
		} );
		expect( result.current.environment?.host_name ).toBe( 'newer' );
	} );
} );
