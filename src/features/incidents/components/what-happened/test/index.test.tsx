import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { fetchIncidents } from '../../../api';
import { incident, payload } from '../../../test/fixtures';
import WhatHappened from '..';

vi.mock( '../../../api', async ( importOriginal ) => ( {
	...( await importOriginal< typeof import( '../../../api' ) >() ),
	fetchIncidents: vi.fn(),
} ) );

const fetchMock = vi.mocked( fetchIncidents );

describe( 'WhatHappened', () => {
	beforeEach( () => {
		fetchMock.mockReset();
	} );

	it( 'shows each incident as its sentence, dated, with the fix and evidence one click away', async () => {
		fetchMock.mockResolvedValue( payload() );
		const user = userEvent.setup();
		render( <WhatHappened /> );

		expect(
			screen.getByRole( 'region', { name: 'What happened' } )
		).toContainElement(
			screen.getByRole( 'heading', { name: 'What happened' } )
		);
		const sentence = await screen.findByRole( 'heading', {
			name: /3 requests got 502 at 00:49:43 on pool tiny/,
		} );
		const item = sentence.closest( 'li' ) as HTMLElement;
		expect(
			within( item ).getByText( /^23 min ago \(/ )
		).toBeInTheDocument();
		expect( fetchMock ).toHaveBeenCalledWith( 86400, 1, 10 );

		const fix = within( item ).getByRole( 'button', {
			name: 'How to fix it',
		} );
		expect( fix ).toHaveAttribute( 'aria-expanded', 'false' );
		expect( screen.queryByText( /Raise pm.max_children to 4/ ) ).toBeNull();
		await user.click( fix );
		expect( fix ).toHaveAttribute( 'aria-expanded', 'true' );
		expect(
			screen.getByText( /Raise pm.max_children to 4/ )
		).toBeVisible();

		const evidence = within( item ).getByRole( 'button', {
			name: 'Evidence (3 lines)',
		} );
		await user.click( evidence );
		expect( evidence ).toHaveAttribute( 'aria-expanded', 'true' );
		// One column per source, side by side.
		expect(
			within( item ).getByRole( 'region', { name: 'nginx error log' } )
		).toHaveTextContent( '11: Resource temporarily unavailable' );
		expect(
			within( item ).getByRole( 'region', { name: 'PHP-FPM log' } )
		).toHaveTextContent( 'server reached pm.max_children' );
		// Each log opens in the Logs tab.
		expect(
			within(
				within( item ).getByRole( 'region', {
					name: 'nginx error log',
				} )
			).getByRole( 'link', { name: 'Open in Logs' } )
		).toHaveAttribute(
			'href',
			'#/logs?source=discovered-web-error-1a2b3c4d'
		);
	} );

	it( 'says nothing was found in the sources read, and what Triage could not see', async () => {
		fetchMock.mockResolvedValue( payload( { incidents: [], total: 0 } ) );
		render( <WhatHappened /> );

		expect(
			await screen.findByText(
				'No incident was found in the last 24 hours in the sources read.'
			)
		).toBeInTheDocument();
		const blind = screen
			.getByRole( 'heading', { name: 'What Triage could not see' } )
			.closest( 'section' ) as HTMLElement;
		expect( blind ).toHaveTextContent(
			'php8.2-fpm.log is root:root 0600: make it 0640 root:adm'
		);
		const read = screen
			.getByRole( 'heading', { name: 'Sources read' } )
			.closest( 'section' ) as HTMLElement;
		expect( read ).toHaveTextContent( '/var/log/nginx/lab.error.log' );
		expect( read ).not.toHaveTextContent( 'php8.2-fpm.log' );
	} );

	it( 'switches the window and pages with show more', async () => {
		const second = incident( {
			id: 'memory_limit-1',
			cause: 'memory_limit',
			sentence: 'A request ran out of memory',
		} );
		fetchMock.mockImplementation( ( window, page ) =>
			Promise.resolve(
				page === 1
					? payload( { window, total: 2, per_page: 1 } )
					: payload( {
							window,
							total: 2,
							page: 2,
							per_page: 1,
							incidents: [ second ],
						} )
			)
		);
		const user = userEvent.setup();
		render( <WhatHappened /> );
		const more = await screen.findByRole( 'button', {
			name: 'Show more incidents',
		} );
		await user.click( more );
		expect(
			await screen.findByRole( 'heading', {
				name: 'A request ran out of memory',
			} )
		).toBeInTheDocument();
		expect( fetchMock ).toHaveBeenLastCalledWith( 86400, 2, 10 );
		expect(
			screen.queryByRole( 'button', { name: 'Show more incidents' } )
		).toBeNull();

		const week = screen.getByRole( 'button', { name: 'Last 7 days' } );
		expect( week ).toHaveAttribute( 'aria-pressed', 'false' );
		await user.click( week );
		expect( week ).toHaveAttribute( 'aria-pressed', 'true' );
		await waitFor( () =>
			expect( fetchMock ).toHaveBeenLastCalledWith( 604800, 1, 10 )
		);
	} );

	it( 'shows the error with a retry', async () => {
		fetchMock.mockRejectedValueOnce( {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
		} );
		fetchMock.mockResolvedValueOnce( payload() );
		const user = userEvent.setup();
		render( <WhatHappened /> );
		expect(
			await screen.findByText( 'Sorry, you are not allowed to do that.' )
		).toBeInTheDocument();
		await user.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await screen.findByRole( 'heading', { name: /3 requests got 502/ } )
		).toBeInTheDocument();
	} );

	it( 'opens the stack found: which servers run and where that was read', async () => {
		fetchMock.mockResolvedValue( payload() );
		const user = userEvent.setup();
		render( <WhatHappened /> );
		const toggle = await screen.findByRole( 'button', {
			name: 'Stack found',
		} );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'false' );
		await user.click( toggle );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'true' );
		expect( screen.getByText( 'nginx (pid 123)' ) ).toBeInTheDocument();
		expect(
			screen.getByText(
				/tiny on \/run\/php\/tiny.sock, pm = static, pm.max_children = 1/
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( 'no: root:root 0600', { exact: false } )
		).toBeInTheDocument();
	} );
} );
