import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

import { applyProfile, fetchDebugState } from '../api';
import { useDebugMode } from '../use-debug-mode';
import { debugStateFixture } from './fixtures';

vi.mock( '../api', () => ( {
	fetchDebugState: vi.fn(),
	applyProfile: vi.fn(),
	previewProfile: vi.fn(),
} ) );
const mockedFetch = vi.mocked( fetchDebugState );
const mockedApply = vi.mocked( applyProfile );

describe( 'useDebugMode', () => {
	afterEach( () => {
		mockedFetch.mockReset();
		mockedApply.mockReset();
	} );

	it( 'reloads the state after a switch, even a failed one', async () => {
		mockedFetch.mockResolvedValueOnce( debugStateFixture() );
		const { result } = renderHook( () => useDebugMode() );
		await waitFor( () =>
			expect( result.current.state?.profile ).toBe( 'off' )
		);

		mockedFetch.mockResolvedValueOnce(
			debugStateFixture( { profile: 'log' } )
		);
		mockedApply.mockRejectedValueOnce( {
			code: 'triage_config_rolled_back',
			message: 'The site answered HTTP 500.',
		} );
		await act( async () => {
			await expect(
				result.current.apply( 'log', 600 )
			).rejects.toMatchObject( {
				code: 'triage_config_rolled_back',
			} );
		} );
		expect( mockedApply ).toHaveBeenCalledWith( 'log', 600 );
		await waitFor( () =>
			expect( result.current.state?.profile ).toBe( 'log' )
		);
		expect( mockedFetch ).toHaveBeenCalledTimes( 2 );
	} );
} );
