import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { environmentFixture } from '../../../test/environment-fixture';
import EnvironmentPanel from '..';

describe( 'EnvironmentPanel', () => {
	it( 'lists every fact group with real values', () => {
		const { container } = render(
			<EnvironmentPanel
				environment={ environmentFixture() }
				error={ null }
				isLoading={ false }
				onReload={ () => {} }
			/>
		);
		expect(
			screen.getByRole( 'heading', { name: 'Environment of web-1' } )
		).toBeInTheDocument();
		for ( const name of [
			'Software',
			'Memory and time limits',
			'Debugging',
			'Maintenance mode',
		] ) {
			expect(
				screen.getByRole( 'region', { name } )
			).toBeInTheDocument();
		}
		const php = container.querySelector( '[data-fact="php_version"]' );
		expect( php ).toHaveTextContent( 'PHP8.2.36 (fpm-fcgi)' );
	} );

	it( 'shows progress while loading and no facts yet', () => {
		render(
			<EnvironmentPanel
				environment={ null }
				error={ null }
				isLoading
				onReload={ () => {} }
			/>
		);
		expect(
			screen.getByText( 'Reading the environment…' )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Refresh' } )
		).toBeDisabled();
		expect( screen.queryByRole( 'button', { name: /Copy/ } ) ).toBeNull();
	} );

	it( 'shows the error with its code and retries', async () => {
		const onReload = vi.fn();
		render(
			<EnvironmentPanel
				environment={ null }
				error={ { code: 'rest_forbidden', message: 'Sorry, no.' } }
				isLoading={ false }
				onReload={ onReload }
			/>
		);
		const notice = screen
			.getByText( 'Sorry, no.' )
			.closest( '.components-notice' );
		expect( notice ).not.toBeNull();
		expect(
			within( notice as HTMLElement ).getByText(
				'Error code: rest_forbidden'
			)
		).toBeInTheDocument();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Try again' } )
		);
		expect( onReload ).toHaveBeenCalledTimes( 1 );
	} );
} );
