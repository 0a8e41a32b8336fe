import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import {
	fetchIncidents,
	fetchRecorder,
	startRecorder,
	stopRecorder,
} from '../../../api';
import { NOW, payload, recorder } from '../../../test/fixtures';
import IncidentsTab from '..';

vi.mock( '../../../api', async ( importOriginal ) => ( {
	...( await importOriginal< typeof import( '../../../api' ) >() ),
	fetchIncidents: vi.fn(),
	fetchRecorder: vi.fn(),
	startRecorder: vi.fn(),
	stopRecorder: vi.fn(),
} ) );

describe( 'IncidentsTab', () => {
	beforeEach( () => {
		vi.mocked( fetchIncidents ).mockResolvedValue( payload() );
		vi.mocked( fetchRecorder ).mockResolvedValue( recorder() );
	} );

	it( 'hides the recorder switch from users who may not configure, and asks nothing about it', async () => {
		window.triageBoot = {
			restPath: '/triage/v1',
			capabilities: { configure: false },
		};
		render( <IncidentsTab /> );
		expect(
			await screen.findByRole( 'heading', { name: /3 requests got 502/ } )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'heading', { name: 'Flight recorder' } )
		).toBeNull();
		expect( fetchRecorder ).not.toHaveBeenCalled();
	} );

	it( 'starts the recorder for an hour and stops it', async () => {
		window.triageBoot = {
			restPath: '/triage/v1',
			capabilities: { configure: true },
		};
		vi.mocked( startRecorder ).mockResolvedValue(
			recorder( { on: true, until: NOW + 3600, storage: 'apcu' } )
		);
		vi.mocked( stopRecorder ).mockResolvedValue( recorder() );
		const user = userEvent.setup();
		render( <IncidentsTab /> );

		expect(
			await screen.findByRole( 'heading', { name: 'Flight recorder' } )
		).toBeInTheDocument();
		expect(
			screen.getByText( /costs visitors nearly nothing/ )
		).toBeInTheDocument();
		expect( await screen.findByText( 'Off' ) ).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Stop recording' } )
		).toBeNull();

		await user.click(
			screen.getByRole( 'button', { name: 'Record for 1 hour' } )
		);
		expect( startRecorder ).toHaveBeenCalledWith( 60 );
		expect(
			await screen.findByText(
				/On until .+, markers kept in APCu memory/
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Record for 6 hours' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Record for 24 hours' } )
		).toBeInTheDocument();

		await user.click(
			screen.getByRole( 'button', { name: 'Stop recording' } )
		);
		expect( stopRecorder ).toHaveBeenCalled();
		await waitFor( () =>
			expect( screen.getByText( 'Off' ) ).toBeInTheDocument()
		);
	} );

	it( 'shows a refusal from the server', async () => {
		window.triageBoot = {
			restPath: '/triage/v1',
			capabilities: { configure: true },
		};
		vi.mocked( startRecorder ).mockRejectedValue( {
			code: 'triage_recorder_unavailable',
			message: 'The must-use loader is not installed.',
		} );
		const user = userEvent.setup();
		render( <IncidentsTab /> );
		await user.click(
			await screen.findByRole( 'button', { name: 'Record for 6 hours' } )
		);
		expect( startRecorder ).toHaveBeenCalledWith( 360 );
		expect(
			await screen.findByText( 'The must-use loader is not installed.' )
		).toBeInTheDocument();
	} );

	it( 'says what the recorder saw since it started', async () => {
		window.triageBoot = {
			restPath: '/triage/v1',
			capabilities: { configure: true },
		};
		vi.mocked( fetchRecorder ).mockResolvedValue(
			recorder( { started: NOW - 600, killed: 2, slow: 1, fatal: 0 } )
		);
		render( <IncidentsTab /> );
		expect(
			await screen.findByText(
				/^Since .+: 2 requests never finished, 1 slow request, 0 requests ended by a fatal error\.$/
			)
		).toBeInTheDocument();
	} );

	it( 'explains why the recorder cannot be turned on here, and offers no start', async () => {
		window.triageBoot = {
			restPath: '/triage/v1',
			capabilities: { configure: true },
		};
		vi.mocked( fetchRecorder ).mockResolvedValue(
			recorder( {
				blocked:
					'DISALLOW_FILE_MODS is set: Triage does not change the must-use loader.',
				manual: "define( 'TRIAGE_RECORDER_UNTIL', 1795398583 );",
			} )
		);
		render( <IncidentsTab /> );
		expect(
			await screen.findByText( /DISALLOW_FILE_MODS is set/, {
				selector: 'p',
			} )
		).toBeInTheDocument();
		expect(
			screen.getByText( /TRIAGE_RECORDER_UNTIL/, { selector: 'pre' } )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Record for 1 hour' } )
		).toBeNull();
	} );
} );
