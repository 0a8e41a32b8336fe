import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import {
	exitMySafeMode,
	fetchMySafeMode,
	keepOffInSafeMode,
} from '../../../api';
import type { MySafeMode } from '../../../api';
import type { SearchOutcome } from '../../../model';
import { nextStep } from '../../../search';
import {
	CANDIDATES,
	sessionFixture,
	stateFixture,
} from '../../../test/fixtures';
import type { BisectSession } from '../../../types';
import type { BisectActions } from '../../../use-bisect';
import BisectResult from '..';

vi.mock( '../../../api', () => ( {
	fetchMySafeMode: vi.fn(),
	exitMySafeMode: vi.fn( () => Promise.resolve( {} ) ),
	keepOffInSafeMode: vi.fn( () => Promise.resolve( {} ) ),
} ) );

function actionsFixture(): BisectActions {
	const state = Promise.resolve( stateFixture( null ) );
	return {
		start: vi.fn( () => state ),
		probe: vi.fn( () => state ),
		step: vi.fn( () => state ),
		answer: vi.fn( () => state ),
		undo: vi.fn( () => state ),
		end: vi.fn( () => state ),
		deactivate: vi.fn( () => state ),
	};
}

function renderResult(
	actions = actionsFixture(),
	session: BisectSession = sessionFixture( {}, true ),
	outcome?: SearchOutcome
) {
	const step = nextStep(
		{ candidates: session.candidates },
		session.observations
	);
	if ( step.kind !== 'done' ) {
		throw new Error( 'unfinished' );
	}
	render(
		<BisectResult
			session={ session }
			candidates={ CANDIDATES }
			outcome={ outcome ?? step.outcome }
			purposes={ session.observations.map( () => 'search' ) }
			deactivated={ [] }
			actions={ actions }
		/>
	);
	return actions;
}

describe( 'BisectResult', () => {
	it( 'names the culprit and shows a failing and a passing probe side by side', () => {
		renderResult();
		expect(
			screen.getByText( 'Cache breaks the site on its own.' )
		).toBeInTheDocument();
		const failing = screen.getByRole( 'heading', {
			name: 'With the culprits',
		} ).parentElement as HTMLElement;
		const passing = screen.getByRole( 'heading', {
			name: 'Everything else on',
		} ).parentElement as HTMLElement;
		expect( failing ).toHaveTextContent( 'HTTP 500' );
		expect( failing ).toHaveTextContent(
			'Fatal error: Uncaught Error: boom in wp-content/plugins/cache/cache.php:3'
		);
		expect( passing ).toHaveTextContent( 'HTTP 200' );
		expect( screen.getByText( /^Seen once:/ ) ).toBeInTheDocument();
	} );

	it( 'offers to confirm a culprit seen once: the first re-check probe of the confirmation', async () => {
		const actions = renderResult();
		const session = sessionFixture( {}, true );
		await userEvent.click(
			screen.getByRole( 'button', {
				name: 'Confirm: re-check 6 more times',
			} )
		);
		expect( actions.probe ).toHaveBeenCalledWith(
			[ 'cache/cache.php' ],
			session.observations.length
		);
	} );

	it( 'says the theme was not tested, and names leads', () => {
		renderResult( actionsFixture(), sessionFixture( {}, true ), {
			kind: 'flaky',
			reason: 'recheck',
			observations: [ 0, 1 ],
		} );
		expect(
			screen.getByText( /The theme Twenty Twenty-Five was not tested/ )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'heading', { name: 'Leads' } ).parentElement
		).toHaveTextContent(
			'Lead: a fatal error in Cache (wp-content/plugins/cache/cache.php)'
		);
		expect(
			screen.queryByRole( 'button', { name: /^Confirm/ } )
		).not.toBeInTheDocument();
	} );

	it( 'hides other plugins’ notices and deprecations behind a real toggle', async () => {
		renderResult();
		const failing = screen.getByRole( 'heading', {
			name: 'With the culprits',
		} ).parentElement as HTMLElement;
		expect( failing ).not.toHaveTextContent( 'old_thing' );
		const toggle = within( failing ).getByRole( 'button', {
			name: 'Show 1 notice or deprecation from other plugins',
		} );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'false' );
		await userEvent.click( toggle );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'true' );
		expect( toggle ).toHaveAccessibleName(
			'Hide 1 notice or deprecation from other plugins'
		);
		expect( failing ).toHaveTextContent(
			'Deprecated: Function old_thing() is deprecated'
		);
	} );
} );

describe( 'BisectResult after a guided run', () => {
	const safeMode = ( active: boolean ): MySafeMode => ( {
		active,
		expires_at: active ? 1790003600 : null,
		use_default_theme: false,
		plugins: [
			...CANDIDATES.map( ( c ) => ( {
				file: c.id,
				name: c.name,
				kept: c.id === 'cache/cache.php',
				self: false,
			} ) ),
			{
				file: 'triage/triage.php',
				name: 'Triage',
				kept: true,
				self: true,
			},
		],
	} );

	function guided() {
		const session = sessionFixture( {}, true );
		return {
			...session,
			mode: 'guided' as const,
			symptom: null,
			check_url: 'http://example.test/',
			observations: session.observations.map( ( o ) => ( {
				...o,
				source: 'admin' as const,
				probe: null,
			} ) ),
		};
	}

	it( 'says what safe mode still does for the admin and offers to end it or keep only the culprit off', async () => {
		vi.mocked( fetchMySafeMode ).mockResolvedValue( safeMode( true ) );
		renderResult( actionsFixture(), guided() );
		expect(
			await screen.findByText(
				'Your safe mode still has 3 plugins off for you: your pages work, visitors still get the error.',
				// The Notice also speaks it through a live region: the paragraph is the one shown.
				{ selector: 'p' },
				// The shared machine can be slow to render the whole result.
				{ timeout: 5000 }
			)
		).toBeInTheDocument();
		// The automatic mode's button gives way to the panel's.
		expect(
			screen.queryByRole( 'button', {
				name: 'Keep it off in my safe mode',
			} )
		).not.toBeInTheDocument();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Keep only Cache off' } )
		);
		expect( keepOffInSafeMode ).toHaveBeenCalledWith(
			[
				'shop/shop.php',
				'seo/seo.php',
				'forms/forms.php',
				'triage/triage.php',
			],
			false,
			3600
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'End safe mode' } )
		);
		expect( exitMySafeMode ).toHaveBeenCalled();
	} );

	it( 'says so when safe mode has ended', async () => {
		vi.mocked( fetchMySafeMode ).mockResolvedValue( safeMode( false ) );
		renderResult( actionsFixture(), guided() );
		expect(
			await screen.findByText(
				'Your safe mode has ended: you see the site as visitors do.',
				{ selector: 'p' },
				{ timeout: 5000 }
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'End safe mode' } )
		).not.toBeInTheDocument();
	} );

	it( 'deactivates only after a confirmation that names the plugin', async () => {
		const actions = renderResult();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Deactivate for everyone…' } )
		);
		const dialog = screen.getByRole( 'dialog' );
		expect( dialog ).toHaveTextContent(
			'Cache will be deactivated on this site for every visitor'
		);
		expect( actions.deactivate ).not.toHaveBeenCalled();
		await userEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Deactivate Cache' } )
		);
		expect( actions.deactivate ).toHaveBeenCalledWith( [
			'cache/cache.php',
		] );
		expect(
			(
				await screen.findAllByText( 'Deactivated for everyone: Cache.' )
			)[ 0 ]
		).toBeInTheDocument();
	} );

	it( 'offers the summary for a support ticket', () => {
		renderResult();
		expect(
			screen.getByRole( 'button', {
				name: 'Copy summary for a support ticket',
			} )
		).toBeInTheDocument();
	} );
} );

describe( 'BisectResult without a culprit', () => {
	it( 'suggests more requests per verdict when the symptom comes and goes', () => {
		const session = sessionFixture( {}, true );
		render(
			<BisectResult
				session={ session }
				candidates={ CANDIDATES }
				outcome={ {
					kind: 'flaky',
					reason: 'recheck',
					observations: [ 0, 1 ],
				} }
				purposes={ session.observations.map( () => 'search' ) }
				deactivated={ [] }
				actions={ actionsFixture() }
			/>
		);
		expect(
			screen.getByText( /^The re-check did not repeat the first answer/ )
		).toBeInTheDocument();
		expect(
			screen.getByText( /^Run it again with 3 requests per verdict/ )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Deactivate for everyone…' } )
		).not.toBeInTheDocument();
	} );
} );
