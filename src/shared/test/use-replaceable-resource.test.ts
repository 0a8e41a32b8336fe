import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

import { useReplaceableResource } from '../use-replaceable-resource';

describe( 'useReplaceableResource', () => {
	it( 'shows what was loaded, then each action’s answer, until a reload', async () => {
		const load = vi
			.fn()
			.mockResolvedValueOnce( { n: 1 } )
			.mockResolvedValueOnce( { n: 3 } );
		const { result } = renderHook( () => useReplaceableResource( load ) );
		expect( result.current.isLoading ).toBe( true );
		await waitFor( () =>
			expect( result.current.state ).toEqual( { n: 1 } )
		);
		act( () => {
			expect( result.current.keep( { n: 2 } ) ).toEqual( { n: 2 } );
		} );
		expect( result.current.state ).toEqual( { n: 2 } );
		act( () => result.current.reload() );
		await waitFor( () =>
			expect( result.current.state ).toEqual( { n: 3 } )
		);
		expect( load ).toHaveBeenCalledTimes( 2 );
	} );
} );
