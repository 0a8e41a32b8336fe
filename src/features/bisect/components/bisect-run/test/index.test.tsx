import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { nextStep } from '../../../search';
import {
	CANDIDATES,
	sessionFixture,
	stateFixture,
} from '../../../test/fixtures';
import type { BisectSession } from '../../../types';
import type { BisectActions } from '../../../use-bisect';
import BisectRun from '..';

function actionsFixture(): BisectActions {
	const state = () =>
		new Promise< ReturnType< typeof stateFixture > >( () => {} );
	return {
		start: vi.fn( state ),
		probe: vi.fn( state ),
		step: vi.fn( state ),
		answer: vi.fn( () => Promise.resolve( stateFixture( null ) ) ),
		undo: vi.fn( () => Promise.resolve( stateFixture( null ) ) ),
		end: vi.fn( state ),
		deactivate: vi.fn( state ),
	};
}

function renderRun( session: BisectSession, actions: BisectActions ) {
	const step = nextStep(
		{ candidates: session.candidates },
		session.observations
	);
	if ( step.kind !== 'probe' ) {
		throw new Error( 'finished' );
	}
	render(
		<BisectRun
			session={ session }
			candidates={ CANDIDATES }
			step={ step }
			purposes={ session.observations.map( () => 'search' ) }
			actions={ actions }
		/>
	);
	return step;
}

describe( 'BisectRun', () => {
	it( 'automatic mode sends the next probe at once and shows progress', async () => {
		const actions = actionsFixture();
		renderRun( sessionFixture(), actions );
		await waitFor( () =>
			expect( actions.probe ).toHaveBeenCalledTimes( 1 )
		);
		expect( actions.probe ).toHaveBeenCalledWith(
			CANDIDATES.map( ( c ) => c.id ),
			0
		);
		expect(
			screen.getByRole( 'progressbar', { name: 'Bisection progress' } )
		).toHaveAttribute( 'aria-valuenow', '0' );
		expect(
			screen.getByText(
				/Test 1 of about 8: Confirm: everything on \(4 of 4 loaded\)/
			)
		).toBeInTheDocument();
	} );

	it( 'guided mode puts safe mode on the next set, then asks', async () => {
		const actions = actionsFixture();
		const ids = CANDIDATES.map( ( c ) => c.id );
		renderRun(
			sessionFixture( {
				mode: 'guided',
				symptom: null,
				check_url: 'http://example.test/shop/',
			} ),
			actions
		);
		await waitFor( () =>
			expect( actions.step ).toHaveBeenCalledWith( ids, 0 )
		);
		expect(
			screen.queryByText( 'Is the problem still there?' )
		).not.toBeInTheDocument();
		expect( actions.probe ).not.toHaveBeenCalled();
	} );

	it( 'guided mode takes the answer for the pending set', async () => {
		const actions = actionsFixture();
		const ids = CANDIDATES.map( ( c ) => c.id );
		renderRun(
			sessionFixture( {
				mode: 'guided',
				symptom: null,
				check_url: 'http://example.test/shop/',
				pending: ids,
			} ),
			actions
		);
		expect(
			screen.getByRole( 'link', {
				name: 'Open the page to check (new tab)',
			} )
		).toHaveAttribute( 'target', '_blank' );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Still broken' } )
		);
		expect( actions.answer ).toHaveBeenCalledWith( 'fail', 0 );
		expect( actions.step ).not.toHaveBeenCalled();
	} );

	it( 'says when a test is the re-check, and which repeat of the confirmation', () => {
		const finished = sessionFixture( {}, true );
		const step = nextStep(
			{ candidates: finished.candidates },
			finished.observations,
			{ confirm: true }
		);
		if ( step.kind !== 'probe' ) {
			throw new Error( 'finished' );
		}
		render(
			<BisectRun
				session={ finished }
				candidates={ CANDIDATES }
				step={ step }
				purposes={ finished.observations.map( () => 'search' ) }
				actions={ actionsFixture() }
			/>
		);
		expect(
			screen.getByText(
				/Re-check: the culprits alone \(1 of 4 loaded\) \(repeat 1 of 6\)/
			)
		).toBeInTheDocument();
	} );
} );
