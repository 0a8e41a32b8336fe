import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { debugChangeFixture, debugStateFixture } from '../../../test/fixtures';
import DebugPanel from '..';

function renderPanel(
	overrides: Partial< Parameters< typeof DebugPanel >[ 0 ] > = {}
) {
	const props = {
		state: debugStateFixture(),
		error: null,
		isLoading: false,
		onReload: vi.fn(),
		onPreview: vi.fn().mockResolvedValue( debugChangeFixture() ),
		onApply: vi.fn().mockResolvedValue(
			debugChangeFixture( {
				dry_run: false,
				loopback: { status: 200, ms: 41 },
				duration_ms: 77,
			} )
		),
		...overrides,
	};
	render( <DebugPanel { ...props } /> );
	return props;
}

describe( 'DebugPanel', () => {
	it( 'shows each value and where it is defined', () => {
		const { container } = render(
			<DebugPanel
				state={ debugStateFixture() }
				error={ null }
				isLoading={ false }
				onReload={ () => {} }
				onPreview={ vi.fn() }
				onApply={ vi.fn() }
			/>
		);
		const row = ( name: string ) =>
			container.querySelector( `[data-constant="${ name }"]` );
		expect( row( 'WP_DEBUG' ) ).toHaveTextContent(
			'falsewp-config.php, line 54'
		);
		expect( row( 'SAVEQUERIES' ) ).toHaveTextContent(
			'not definedNot set (WordPress default)'
		);
		expect( row( 'file' ) ).toHaveTextContent(
			'www-data:www-data 0640, writable'
		);
	} );

	it( 'names the exact lines in a confirmation before writing', async () => {
		const user = userEvent.setup();
		const props = renderPanel();

		const review = screen.getByRole( 'button', { name: 'Review changes' } );
		expect( review ).toBeDisabled();
		await user.click(
			screen.getByRole( 'radio', { name: /^Log privately/ } )
		);
		await user.click( review );

		expect( props.onPreview ).toHaveBeenCalledWith( 'log', 3600 );
		const dialog = await screen.findByRole( 'dialog', {
			name: 'Change wp-config.php?',
		} );
		expect( dialog ).toHaveTextContent( 'WP_DEBUG: changes line 54' );
		expect( dialog ).toHaveTextContent(
			"Before:define( 'WP_DEBUG', false );"
		);
		expect( dialog ).toHaveTextContent(
			"After:define( 'WP_DEBUG', true );"
		);
		expect( dialog ).toHaveTextContent(
			'WP_DEBUG_LOG: adds a line at line 58'
		);
		expect( props.onApply ).not.toHaveBeenCalled();

		await user.click(
			within( dialog ).getByRole( 'button', {
				name: 'Change wp-config.php',
			} )
		);
		expect( props.onApply ).toHaveBeenCalledWith( 'log', 3600 );
		expect(
			await screen.findByText( /the site answered HTTP 200 in 41 ms/, {
				selector: '.triage-debug__done *',
			} )
		).toBeInTheDocument();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
	} );

	it( 'cancelling the confirmation writes nothing', async () => {
		const user = userEvent.setup();
		const props = renderPanel();
		await user.click( screen.getByRole( 'radio', { name: /^Developer/ } ) );
		await user.click(
			screen.getByRole( 'button', { name: 'Review changes' } )
		);
		await user.click(
			within( await screen.findByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Cancel',
			} )
		);
		expect( props.onPreview ).toHaveBeenCalledWith( 'developer', 3600 );
		expect( props.onApply ).not.toHaveBeenCalled();
	} );

	it( 'explains a foreign definition and offers the lines to add by hand', async () => {
		const user = userEvent.setup();
		const state = debugStateFixture();
		state.profiles[ 0 ] = {
			...state.profiles[ 0 ],
			available: false,
			blockers: [
				{
					name: 'WP_DEBUG',
					line: 12,
					status: 'conditional',
					message:
						'WP_DEBUG is defined on line 12 inside a condition.',
				},
			],
			manual: "define( 'WP_DEBUG', true );\ndefine( 'WP_DEBUG_DISPLAY', false );",
		};
		renderPanel( { state } );
		await user.click(
			screen.getByRole( 'radio', { name: /^Log privately/ } )
		);
		expect(
			screen.getByText(
				'WP_DEBUG is defined on line 12 inside a condition.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /define\( 'WP_DEBUG_DISPLAY', false \);/, {
				selector: 'pre',
			} )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Copy the lines' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Review changes' } )
		).toBeDisabled();
	} );

	it( 'counts down and reloads when the profile expires', () => {
		vi.useFakeTimers();
		try {
			const onReload = vi.fn();
			render(
				<DebugPanel
					state={ debugStateFixture( {
						profile: 'log',
						active: {
							profile: 'log',
							started_at: 0,
							expires_at: 0,
							seconds_left: 3,
							log_file: '/var/www/triage-private/debug-abc.log',
							failed: null,
						},
					} ) }
					error={ null }
					isLoading={ false }
					onReload={ onReload }
					onPreview={ vi.fn() }
					onApply={ vi.fn() }
				/>
			);
			expect(
				screen.getByText(
					'Log privately is on. It switches itself off in 0:03.'
				)
			).toBeInTheDocument();
			expect(
				screen.getByText( '/var/www/triage-private/debug-abc.log' )
			).toBeInTheDocument();
			act( () => {
				vi.advanceTimersByTime( 2000 );
			} );
			expect(
				screen.getByText( /switches itself off in 0:01/, {
					selector: 'p',
				} )
			).toBeInTheDocument();
			act( () => {
				vi.advanceTimersByTime( 1000 );
			} );
			expect( onReload ).not.toHaveBeenCalled();
			act( () => {
				vi.advanceTimersByTime( 2000 );
			} );
			expect( onReload ).toHaveBeenCalledTimes( 1 );
		} finally {
			vi.useRealTimers();
		}
	} );

	it( 'shows a refused plan with its reason and no confirm button', async () => {
		const user = userEvent.setup();
		renderPanel( {
			onPreview: vi.fn().mockResolvedValue(
				debugChangeFixture( {
					possible: false,
					changes: [],
					error: {
						code: 'triage_config_read_only',
						message:
							'wp-config.php is read-only for the web server.',
					},
					manual: "define( 'WP_DEBUG', true );",
				} )
			),
		} );
		await user.click(
			screen.getByRole( 'radio', { name: /^Log privately/ } )
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Review changes' } )
		);
		const dialog = await screen.findByRole( 'dialog' );
		expect( dialog ).toHaveTextContent( 'read-only for the web server' );
		expect(
			within( dialog ).queryByRole( 'button', {
				name: 'Change wp-config.php',
			} )
		).toBeNull();
	} );
} );
