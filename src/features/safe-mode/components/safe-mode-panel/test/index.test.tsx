import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import type { SafeModeState } from '../../../types';
import SafeModePanel from '..';

function stateFixture(
	overrides: Partial< SafeModeState > = {}
): SafeModeState {
	return {
		active: false,
		expires_at: null,
		use_default_theme: false,
		default_theme: 'twentytwentyfour',
		kept: 3,
		total: 3,
		plugins: [
			{
				file: 'shop/shop.php',
				name: 'Shop',
				network: false,
				kept: true,
				self: false,
			},
			{
				file: 'cache/cache.php',
				name: 'Cache',
				network: false,
				kept: true,
				self: false,
			},
			{
				file: 'triage/plugin.php',
				name: 'Triage',
				network: false,
				kept: true,
				self: true,
			},
		],
		loader: {
			installed: true,
			current: true,
			path: '/srv/wp-content/mu-plugins/triage-loader.php',
			writable: true,
			manual: 'Copy a to b.',
		},
		rescue: { exists: false, expires_at: null },
		rescue_url: null,
		dry_run: false,
		...overrides,
	};
}

function actionsFixture() {
	const answer = Promise.resolve( stateFixture() );
	return {
		start: vi.fn().mockReturnValue( answer ),
		toggle: vi.fn().mockReturnValue( answer ),
		exit: vi.fn().mockReturnValue( answer ),
		createRescue: vi.fn().mockReturnValue( answer ),
		revokeRescue: vi.fn().mockReturnValue( answer ),
	};
}

describe( 'SafeModePanel', () => {
	it( 'says how many plugins go off, for whom, before starting', async () => {
		const user = userEvent.setup();
		const actions = actionsFixture();
		render(
			<SafeModePanel
				state={ stateFixture() }
				error={ null }
				isLoading={ false }
				onReload={ vi.fn() }
				actions={ actions }
			/>
		);
		expect(
			screen.getByRole( 'checkbox', { name: 'Triage' } )
		).toBeDisabled();
		await user.click( screen.getByRole( 'checkbox', { name: 'Shop' } ) );
		await user.click(
			screen.getByRole( 'button', { name: 'Start safe mode…' } )
		);
		const dialog = screen.getByRole( 'dialog' );
		expect( dialog ).toHaveTextContent(
			'1 plugin will be off for you, in this browser only.'
		);
		expect( actions.start ).not.toHaveBeenCalled();
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Start safe mode' } )
		);
		expect( actions.start ).toHaveBeenCalledWith(
			[ 'shop/shop.php' ],
			false,
			3600
		);
	} );

	it( 'toggles single plugins and exits inside a session', async () => {
		const user = userEvent.setup();
		const actions = actionsFixture();
		render(
			<SafeModePanel
				state={ stateFixture( {
					active: true,
					expires_at: 1900000000,
					kept: 2,
					plugins: [
						{
							file: 'shop/shop.php',
							name: 'Shop',
							network: false,
							kept: false,
							self: false,
						},
						{
							file: 'cache/cache.php',
							name: 'Cache',
							network: false,
							kept: true,
							self: false,
						},
						{
							file: 'triage/plugin.php',
							name: 'Triage',
							network: false,
							kept: true,
							self: true,
						},
					],
				} ) }
				error={ null }
				isLoading={ false }
				onReload={ vi.fn() }
				actions={ actions }
			/>
		);
		expect(
			screen.getByText( 'Safe mode: 2 of 3 plugins' )
		).toBeInTheDocument();
		await user.click( screen.getByRole( 'checkbox', { name: 'Shop' } ) );
		expect( actions.toggle ).toHaveBeenCalledWith( 'shop/shop.php', true );
		await user.click(
			screen.getByRole( 'button', { name: 'Exit safe mode' } )
		);
		expect( actions.exit ).toHaveBeenCalled();
	} );

	it( 'says what to copy where when the loader is missing', () => {
		render(
			<SafeModePanel
				state={ stateFixture( {
					loader: {
						installed: false,
						current: false,
						path: '/srv/mu/triage-loader.php',
						writable: false,
						manual: 'Copy /srv/plugins/triage/mu-plugin/triage-loader.php to /srv/mu/triage-loader.php.',
					},
				} ) }
				error={ null }
				isLoading={ false }
				onReload={ vi.fn() }
				actions={ actionsFixture() }
			/>
		);
		expect(
			screen.getByText(
				'Copy /srv/plugins/triage/mu-plugin/triage-loader.php to /srv/mu/triage-loader.php.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Start safe mode…' } )
		).toBeDisabled();
	} );

	it( 'shows a new rescue link once, after a confirmation that names what it replaces', async () => {
		const user = userEvent.setup();
		const actions = actionsFixture();
		const { rerender } = render(
			<SafeModePanel
				state={ stateFixture( {
					rescue: { exists: true, expires_at: 1900000000 },
				} ) }
				error={ null }
				isLoading={ false }
				onReload={ vi.fn() }
				actions={ actions }
			/>
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Create rescue link…' } )
		);
		expect( screen.getByRole( 'dialog' ) ).toHaveTextContent(
			'The rescue link created earlier stops working.'
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Create link' } )
		);
		expect( actions.createRescue ).toHaveBeenCalledWith( 604800 );
		rerender(
			<SafeModePanel
				state={ stateFixture( {
					rescue: { exists: true, expires_at: 1900000000 },
					rescue_url:
						'https://example.org/wp-login.php?triage-rescue=abc',
				} ) }
				error={ null }
				isLoading={ false }
				onReload={ vi.fn() }
				actions={ actions }
			/>
		);
		expect(
			screen.getByLabelText( 'Your rescue link (shown only now)' )
		).toHaveValue( 'https://example.org/wp-login.php?triage-rescue=abc' );
	} );
} );
