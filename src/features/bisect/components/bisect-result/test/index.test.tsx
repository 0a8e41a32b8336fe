import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { nextStep } from '../../../search';
import {
	CANDIDATES,
	sessionFixture,
	stateFixture,
} from '../../../test/fixtures';
import type { BisectActions } from '../../../use-bisect';
import BisectResult from '..';

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

function renderResult( actions = actionsFixture() ) {
	const session = sessionFixture( {}, true );
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
			outcome={ step.outcome }
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
		expect( failing ).toHaveTextContent( 'PHP Fatal error' );
		expect( passing ).toHaveTextContent( 'HTTP 200' );
		expect(
			screen.getByText( /each verdict was seen once/ )
		).toBeInTheDocument();
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
