import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { clearMaintenance, fetchMaintenance } from '../../../api';
import type { MaintenanceState } from '../../../types';
import MaintenanceCard from '..';

vi.mock( '../../../api', () => ( {
	fetchMaintenance: vi.fn(),
	clearMaintenance: vi.fn(),
} ) );

function state(
	overrides: Partial< MaintenanceState > = {}
): MaintenanceState {
	return {
		file: {
			path: '/srv/www/.maintenance',
			exists: false,
			format: null,
			upgrading: null,
			modified: null,
			bytes: 0,
			age: null,
			honoured: false,
			fresh: false,
			expires_in: null,
		},
		locks: [
			{
				name: 'core_updater.lock',
				set_at: null,
				age: null,
				timeout: 900,
				held: false,
			},
		],
		lock_held: false,
		folders: [],
		drop_in: {
			path: '/srv/www/wp-content/maintenance.php',
			exists: false,
			modified: null,
		},
		honoured_for: 600,
		found: false,
		now: 1795435200,
		...overrides,
	};
}

const fresh = state( {
	found: true,
	file: {
		...state().file,
		exists: true,
		format: 'timestamp',
		upgrading: 1795435140,
		age: 60,
		fresh: true,
		honoured: true,
		expires_in: 540,
	},
} );

afterEach( () => vi.clearAllMocks() );

describe( 'MaintenanceCard', () => {
	it( 'shows nothing when nothing is found', async () => {
		vi.mocked( fetchMaintenance ).mockResolvedValue( state() );
		const { container } = render( <MaintenanceCard /> );
		await waitFor( () => expect( fetchMaintenance ).toHaveBeenCalled() );
		expect( container ).toBeEmptyDOMElement();
	} );

	it( 'refuses a fresh file first, then removes it only after a second confirmation that forces', async () => {
		vi.mocked( fetchMaintenance )
			.mockResolvedValueOnce( fresh )
			.mockResolvedValueOnce( state() );
		vi.mocked( clearMaintenance )
			.mockRejectedValueOnce( {
				code: 'triage_maintenance_fresh',
				message:
					'The .maintenance file is 60 seconds old: an update may still be running.',
			} )
			.mockResolvedValueOnce( {
				cleared: true,
				path: '/srv/www/.maintenance',
				previous: fresh.file,
				forced_fresh: true,
				forced_lock: false,
			} );
		render( <MaintenanceCard /> );
		expect(
			(
				await screen.findAllByText( /answers every visitor with 503/ )
			)[ 0 ]
		).toBeInTheDocument();

		await userEvent.click(
			screen.getByRole( 'button', { name: 'Clear .maintenance…' } )
		);
		const dialog = screen.getByRole( 'dialog', {
			name: 'Remove .maintenance?',
		} );
		await userEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Remove file' } )
		);
		expect( clearMaintenance ).toHaveBeenLastCalledWith( {
			fresh: false,
			lock: false,
		} );
		const again = await screen.findByRole( 'dialog', {
			name: 'Remove .maintenance anyway?',
		} );
		expect( again ).toHaveTextContent( /60 seconds old/ );

		await userEvent.click(
			within( again ).getByRole( 'button', { name: 'Remove anyway' } )
		);
		expect( clearMaintenance ).toHaveBeenLastCalledWith( {
			fresh: true,
			lock: false,
		} );
		expect(
			(
				await screen.findAllByText(
					'/srv/www/.maintenance was removed.'
				)
			)[ 0 ]
		).toBeInTheDocument();
	} );

	it( 'cancel removes nothing', async () => {
		vi.mocked( fetchMaintenance ).mockResolvedValue( fresh );
		render( <MaintenanceCard /> );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Clear .maintenance…' } )
		);
		await userEvent.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Cancel',
			} )
		);
		expect( clearMaintenance ).not.toHaveBeenCalled();
	} );
} );
