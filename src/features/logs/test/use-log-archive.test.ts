import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

import { archiveLog } from '../api';
import type { LogArchiveResult } from '../types';
import { useLogArchive } from '../use-log-archive';

vi.mock( '../api', () => ( { archiveLog: vi.fn() } ) );
const mockedArchive = vi.mocked( archiveLog );

function result(
	overrides: Partial< LogArchiveResult > = {}
): LogArchiveResult {
	return {
		source: 'debug',
		dry_run: true,
		archived: false,
		archive: 'debug.log.20261120-100000-abcdef01',
		bytes: 2048,
		removed: [],
		kept: 5,
		...overrides,
	};
}

describe( 'useLogArchive', () => {
	afterEach( () => mockedArchive.mockReset() );

	it( 'asks for the plan first, archives only on confirm, then reports the archive', async () => {
		const onArchived = vi.fn();
		mockedArchive.mockResolvedValueOnce( result() );
		const { result: hook } = renderHook( () =>
			useLogArchive( 'debug', onArchived )
		);

		act( () => hook.current.ask() );
		expect( hook.current.isAsking ).toBe( true );
		expect( mockedArchive ).toHaveBeenLastCalledWith( 'debug', true );
		await waitFor( () => expect( hook.current.plan ).not.toBeNull() );
		expect( onArchived ).not.toHaveBeenCalled();

		mockedArchive.mockResolvedValueOnce(
			result( { dry_run: false, archived: true } )
		);
		act( () => hook.current.confirm() );
		expect( mockedArchive ).toHaveBeenLastCalledWith( 'debug', false );
		await waitFor( () => expect( hook.current.isAsking ).toBe( false ) );
		expect( hook.current.archived ).toBe(
			'debug.log.20261120-100000-abcdef01'
		);
		expect( hook.current.isArchiving ).toBe( false );
		expect( onArchived ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'keeps the dialog open with the error when archiving fails', async () => {
		const onArchived = vi.fn();
		mockedArchive.mockResolvedValueOnce( result() );
		const { result: hook } = renderHook( () =>
			useLogArchive( 'debug', onArchived )
		);
		act( () => hook.current.ask() );
		await waitFor( () => expect( hook.current.plan ).not.toBeNull() );

		mockedArchive.mockRejectedValueOnce( {
			code: 'triage_log_busy',
			message: 'The log is locked.',
		} );
		act( () => hook.current.confirm() );
		await waitFor( () =>
			expect( hook.current.error?.code ).toBe( 'triage_log_busy' )
		);
		expect( hook.current.isAsking ).toBe( true );
		expect( hook.current.archived ).toBeNull();
		expect( onArchived ).not.toHaveBeenCalled();
	} );

	it( 'does nothing without a source', () => {
		const { result: hook } = renderHook( () =>
			useLogArchive( null, vi.fn() )
		);
		act( () => hook.current.ask() );
		expect( hook.current.isAsking ).toBe( false );
		expect( mockedArchive ).not.toHaveBeenCalled();
	} );
} );
