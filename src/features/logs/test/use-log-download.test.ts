import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

import { fetchLogFile } from '../api';
import { useLogDownload } from '../use-log-download';

vi.mock( '../api', () => ( { fetchLogFile: vi.fn() } ) );
const mockedFetch = vi.mocked( fetchLogFile );

describe( 'useLogDownload', () => {
	const clicked: Array< { href: string; download: string } > = [];
	let clickSpy: ReturnType< typeof vi.spyOn >;

	beforeEach( () => {
		clicked.length = 0;
		URL.createObjectURL = vi.fn( () => 'blob:http://example.test/1' );
		URL.revokeObjectURL = vi.fn();
		clickSpy = vi
			.spyOn( HTMLAnchorElement.prototype, 'click' )
			.mockImplementation( function ( this: HTMLAnchorElement ) {
				clicked.push( { href: this.href, download: this.download } );
			} );
	} );

	afterEach( () => {
		mockedFetch.mockReset();
		clickSpy.mockRestore();
	} );

	it( 'saves the fetched log through an object URL and a download link', async () => {
		const blob = new Blob( [ 'line\n' ] );
		mockedFetch.mockResolvedValueOnce( {
			blob,
			filename: 'web1-debug.log',
		} );
		const { result } = renderHook( () => useLogDownload( 'debug' ) );

		act( () => result.current.download() );
		expect( result.current.isDownloading ).toBe( true );
		await waitFor( () =>
			expect( result.current.isDownloading ).toBe( false )
		);

		expect( mockedFetch ).toHaveBeenCalledWith( 'debug' );
		expect( URL.createObjectURL ).toHaveBeenCalledWith( blob );
		expect( clicked ).toEqual( [
			{ href: 'blob:http://example.test/1', download: 'web1-debug.log' },
		] );
		expect( document.querySelector( 'a[download]' ) ).toBeNull();
		expect( result.current.error ).toBeNull();
	} );

	it( 'keeps the error and saves nothing when the download is refused', async () => {
		mockedFetch.mockRejectedValueOnce( {
			code: 'rest_forbidden',
			message: 'Sorry.',
		} );
		const { result } = renderHook( () => useLogDownload( 'debug' ) );

		act( () => result.current.download() );
		await waitFor( () => expect( result.current.error ).not.toBeNull() );

		expect( result.current.error?.code ).toBe( 'rest_forbidden' );
		expect( clicked ).toEqual( [] );
		act( () => result.current.dismiss() );
		expect( result.current.error ).toBeNull();
	} );
} );
