import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { fetchHealth } from '../../../api';
import { summarizeLayers } from '../../../health';
import {
	CRON_WARNING,
	FPM_CRITICAL,
	LOOPBACK_UNKNOWN,
	checkFixture,
} from '../../../test/health-fixtures';
import type { CheckResult, HealthReport } from '../../../types';
import HealthDashboard from '..';

vi.mock( '../../../api', () => ( { fetchHealth: vi.fn() } ) );
const mockedFetch = vi.mocked( fetchHealth );

function report( checks: CheckResult[] ): HealthReport {
	return {
		host_name: 'web-1',
		generated_at: '2026-11-23T12:00:00+00:00',
		duration_ms: 12,
		layers: summarizeLayers( checks ),
		checks,
	};
}

describe( 'HealthDashboard', () => {
	afterEach( () => mockedFetch.mockReset() );

	it( 'shows fast results first, then loopbacks, with progress in between', async () => {
		let finishSlow: ( value: HealthReport ) => void = () => {};
		mockedFetch.mockImplementation( ( speed ) =>
			speed === 'fast'
				? Promise.resolve(
						report( [ checkFixture(), FPM_CRITICAL, CRON_WARNING ] )
					)
				: new Promise( ( resolve ) => {
						finishSlow = resolve;
					} )
		);
		render( <HealthDashboard /> );
		expect(
			await screen.findByRole( 'heading', {
				name: 'Request path on web-1',
			} )
		).toBeInTheDocument();
		const progress = screen.getByRole( 'progressbar', {
			name: 'Health checks',
		} );
		expect( progress ).toHaveAttribute( 'aria-valuenow', '1' );
		expect(
			screen.getByRole( 'button', { name: 'Checking…' } )
		).toBeDisabled();

		const findings = screen.getByRole( 'region', { name: 'Top findings' } );
		const titles = within( findings )
			.getAllByRole( 'heading', { level: 4 } )
			.map( ( h ) => h.textContent );
		expect( titles[ 0 ] ).toContain( 'PHP-FPM pool ran out' );
		expect( titles[ 1 ] ).toContain( 'wp-cron' );

		finishSlow( report( [ LOOPBACK_UNKNOWN ] ) );
		await waitFor( () =>
			expect( screen.queryByRole( 'progressbar' ) ).toBeNull()
		);
		expect(
			screen.getByRole( 'button', { name: /Web server/ } )
		).toHaveTextContent( 'Unknown' );
		expect(
			screen.getByText( 'Checks took 24 ms on the server.' )
		).toBeInTheDocument();
		expect( mockedFetch ).toHaveBeenNthCalledWith( 1, 'fast' );
		expect( mockedFetch ).toHaveBeenNthCalledWith( 2, 'slow' );
	} );

	it( 'shows one hop’s checks when it is selected, and goes back', async () => {
		mockedFetch.mockImplementation( ( speed ) =>
			Promise.resolve(
				report(
					speed === 'fast'
						? [ checkFixture(), FPM_CRITICAL, CRON_WARNING ]
						: []
				)
			)
		);
		render( <HealthDashboard /> );
		await userEvent.click(
			await screen.findByRole( 'button', { name: /PHP \/ PHP-FPM/ } )
		);
		const layer = screen.getByRole( 'region', { name: 'PHP / PHP-FPM' } );
		expect( within( layer ).getAllByRole( 'article' ) ).toHaveLength( 2 );
		expect( within( layer ).queryByText( /wp-cron/ ) ).toBeNull();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Back to the top findings' } )
		);
		expect(
			screen.getByRole( 'region', { name: 'Top findings' } )
		).toBeInTheDocument();
	} );

	it( 'opens the layer of a deep-linked check', async () => {
		window.location.hash = '#/overview?check=cron';
		mockedFetch.mockImplementation( ( speed ) =>
			Promise.resolve(
				report( speed === 'fast' ? [ FPM_CRITICAL, CRON_WARNING ] : [] )
			)
		);
		render( <HealthDashboard /> );
		expect(
			await screen.findByRole( 'region', { name: 'WordPress' } )
		).toBeInTheDocument();
	} );

	it( 'says so when nothing is wrong', async () => {
		mockedFetch.mockResolvedValue( report( [ checkFixture() ] ) );
		render( <HealthDashboard /> );
		expect(
			await screen.findByText( /No problems found on any hop/ )
		).toBeInTheDocument();
	} );

	it( 'shows an error and keeps what it had', async () => {
		mockedFetch
			.mockResolvedValueOnce( report( [ FPM_CRITICAL ] ) )
			.mockRejectedValueOnce( {
				code: 'rest_cookie_invalid_nonce',
				message: 'Cookie check failed',
			} );
		render( <HealthDashboard /> );
		expect(
			await screen.findByText( 'Cookie check failed' )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: /PHP \/ PHP-FPM/ } )
		).toHaveTextContent( '1 problem' );
	} );
} );
