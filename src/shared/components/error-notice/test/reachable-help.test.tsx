import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import ErrorNotice from '..';
import { SITE_FATAL, UNAVAILABLE } from '../../../api';
import ReachableHelp from '../reachable-help';

const fatal = {
	code: SITE_FATAL,
	message: 'WordPress answered Triage’s request with a critical error.',
	data: { status: 500 },
};

describe( 'When WordPress fails on Triage’s requests', () => {
	afterEach( () => {
		delete window.triageReachable;
		vi.unstubAllGlobals();
	} );

	it( 'offers to go on with other plugins off, and the rescue link', () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: null,
			theme: false,
		};
		render( <ErrorNotice error={ fatal } /> );
		expect(
			screen.getByRole( 'button', {
				name: 'Continue with other plugins off for Triage’s requests',
			} )
		).toBeInTheDocument();
		expect(
			screen.getByText( /only a rescue link/, { selector: 'p' } )
		).toBeInTheDocument();
	} );

	it( 'offers nothing to turn off when the server itself did not answer', () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: null,
			theme: false,
		};
		render(
			<ErrorNotice
				error={ {
					code: UNAVAILABLE,
					message: 'HTTP 502',
					data: { status: 502 },
				} }
			/>
		);
		expect( screen.queryByRole( 'button' ) ).not.toBeInTheDocument();
	} );

	it( 'sets the cookie through admin-ajax, then reloads', async () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: null,
			theme: false,
		};
		const fetchMock = vi.fn( async () =>
			Response.json( { success: true, data: { until: 2, theme: false } } )
		);
		vi.stubGlobal( 'fetch', fetchMock );
		const reload = vi.fn();
		render( <ReachableHelp reload={ reload } /> );
		await userEvent.click( screen.getByRole( 'button' ) );
		expect( reload ).toHaveBeenCalled();
		const [ url, init ] = fetchMock.mock.calls[ 0 ] as unknown as [
			string,
			RequestInit,
		];
		expect( url ).toBe( '/wp-admin/admin-ajax.php' );
		const body = init.body as FormData;
		expect( body.get( 'action' ) ).toBe( 'triage_rest_isolation' );
		expect( body.get( '_ajax_nonce' ) ).toBe( 'abc' );
		expect( body.get( 'theme' ) ).toBeNull();
	} );

	it( 'says why when the action is refused', async () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: null,
			theme: false,
		};
		vi.stubGlobal(
			'fetch',
			vi.fn( async () =>
				Response.json(
					{ success: false, data: { message: 'Loader missing.' } },
					{ status: 409 }
				)
			)
		);
		const reload = vi.fn();
		render( <ReachableHelp reload={ reload } /> );
		await userEvent.click( screen.getByRole( 'button' ) );
		expect( await screen.findByRole( 'alert' ) ).toHaveTextContent(
			'Loader missing.'
		);
		expect( reload ).not.toHaveBeenCalled();
	} );

	it( 'offers the theme next when plugins are already off', () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: 2000000000,
			theme: false,
		};
		render( <ReachableHelp /> );
		expect(
			screen.getByRole( 'button', {
				name: 'Also use a default theme for Triage’s requests',
			} )
		).toBeInTheDocument();
	} );

	it( 'points below plugins and themes when both are already off', () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: 2000000000,
			theme: true,
		};
		render( <ReachableHelp /> );
		expect( screen.queryByRole( 'button' ) ).not.toBeInTheDocument();
		expect(
			screen.getByText( /below plugins and themes/ )
		).toBeInTheDocument();
	} );
} );

describe( 'Several failed panels on one page', () => {
	afterEach( () => {
		delete window.triageReachable;
	} );

	it( 'offer the action once', () => {
		window.triageReachable = {
			url: '/wp-admin/admin-ajax.php',
			nonce: 'abc',
			until: null,
			theme: false,
		};
		const { rerender } = render(
			<>
				<ErrorNotice error={ fatal } />
				<ErrorNotice error={ fatal } />
			</>
		);
		expect(
			screen.getAllByRole( 'button', {
				name: 'Continue with other plugins off for Triage’s requests',
			} )
		).toHaveLength( 1 );
		expect(
			screen.getByText(
				'The first notice on this page says how to go on.',
				{
					selector: 'p',
				}
			)
		).toBeInTheDocument();
		// The first goes away (its panel loaded): the other one offers it now.
		rerender(
			<>
				<ErrorNotice error={ fatal } />
			</>
		);
		expect(
			screen.getAllByRole( 'button', {
				name: 'Continue with other plugins off for Triage’s requests',
			} )
		).toHaveLength( 1 );
	} );
} );
