import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import {
	deleteEvent,
	fetchFix,
	fetchHeartbeat,
	fetchSchedule,
	runEvent,
	runSpawnTest,
} from '../../../api';
import { cronEvent, cronRun, cronSchedule } from '../../../test/fixtures';
import CronTab from '..';

vi.mock( '../../../api', () => ( {
	fetchSchedule: vi.fn(),
	fetchHeartbeat: vi.fn(),
	fetchFix: vi.fn(),
	runSpawnTest: vi.fn(),
	runEvent: vi.fn(),
	deleteEvent: vi.fn(),
	releaseLock: vi.fn(),
} ) );

const owned = cronEvent( { hook: 'acme_sync' } );
const orphan = cronEvent( {
	hook: 'gone_hook',
	orphan: true,
	owners: [],
	timestamp: 1795420000,
} );

beforeEach( () => {
	vi.mocked( fetchSchedule ).mockResolvedValue(
		cronSchedule( [ owned, orphan ] )
	);
	vi.mocked( fetchHeartbeat ).mockResolvedValue( {
		state: 'running',
		summary:
			'DISABLE_WP_CRON is set and a system cron requesting wp-cron.php runs events about every 5 mins (4 runs recorded).',
		disable_wp_cron: true,
		alternate_wp_cron: false,
		main_source: 'system',
		sources: { system: 4 },
		cadence: 300,
		median_lag: 2,
		last_run: 1795435000,
		last_source: 'system',
		last_age: 200,
		next_beat: 1795435300,
		beats: 4,
		recent: [],
	} );
	vi.mocked( fetchFix ).mockResolvedValue( {
		abspath: '/srv/www',
		cron_url: 'https://example.test/wp-cron.php?doing_wp_cron',
		curl: '*/5 * * * * curl -s -o /dev/null https://example.test/wp-cron.php?doing_wp_cron',
		wp_cli: '*/5 * * * * cd /srv/www && wp cron event run --due-now --quiet',
		config: "define( 'DISABLE_WP_CRON', true );",
		text: '',
	} );
} );

afterEach( () => vi.clearAllMocks() );

describe( 'CronTab', () => {
	it( 'shows the heartbeat verdict and the totals at the top', async () => {
		render( <CronTab /> );
		expect(
			await screen.findByText( /a system cron requesting wp-cron\.php/ )
		).toBeInTheDocument();
		expect(
			await screen.findByText( '2 of 2 events match' )
		).toBeInTheDocument();
		const status = screen.getByRole( 'region', { name: 'Cron status' } );
		expect(
			within( status ).getByText( 'Overdue' ).nextSibling
		).toHaveTextContent( '2' );
	} );

	it( 'asks before running, says what will happen, and forces only after a lock refusal confirmed again', async () => {
		vi.mocked( runEvent )
			.mockRejectedValueOnce( {
				code: 'triage_cron_locked',
				message: 'Another cron run took the lock 5 seconds ago.',
			} )
			.mockResolvedValueOnce( cronRun( { forced: true } ) );
		render( <CronTab /> );
		await userEvent.click(
			await screen.findByRole(
				'button',
				{ name: 'Run now: acme_sync' },
				{ timeout: 5000 }
			)
		);
		const dialog = screen.getByRole( 'dialog', {
			name: 'Run this event now?',
		} );
		expect( dialog ).toHaveTextContent( /run now, in this request/ );
		expect( dialog ).toHaveTextContent( /Plugin: acme-sync/ );
		expect( runEvent ).not.toHaveBeenCalled();

		await userEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Run now' } )
		);
		expect( runEvent ).toHaveBeenLastCalledWith( owned, false );
		const forced = await within( dialog ).findByRole( 'button', {
			name: 'Run anyway',
		} );
		expect( dialog ).toHaveTextContent( /execute it twice/ );

		await userEvent.click( forced );
		expect( runEvent ).toHaveBeenLastCalledWith( owned, true );
		expect(
			await screen.findByText( 'The event ran without errors in 42 ms.' )
		).toBeInTheDocument();
		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument()
		);
		// The schedule is read again after the run (after the debounce pause).
		await waitFor( () =>
			expect( fetchSchedule ).toHaveBeenCalledTimes( 2 )
		);
	} );

	it( 'warns that an orphan may belong to a plugin hooking inside wp-cron.php, and cancel deletes nothing', async () => {
		render( <CronTab /> );
		await userEvent.click(
			await screen.findByRole(
				'button',
				{ name: 'Delete: gone_hook' },
				{ timeout: 5000 }
			)
		);
		const dialog = screen.getByRole( 'dialog', {
			name: 'Delete this event?',
		} );
		expect( dialog ).toHaveTextContent( /will never run/ );
		expect( dialog ).toHaveTextContent( /only inside wp-cron\.php/ );
		await userEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Cancel' } )
		);
		expect( deleteEvent ).not.toHaveBeenCalled();
		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
	} );

	it( 'runs the spawn test and explains what blocked it', async () => {
		vi.mocked( runSpawnTest ).mockResolvedValue( {
			ok: false,
			outcome: 'auth',
			status: 401,
			message: 'Unauthorized',
			url: 'https://example.test/wp-cron.php?doing_wp_cron=triage-spawn-test',
			duration_ms: 12,
			timeout: 10,
			sslverify: false,
			server: 'nginx',
		} );
		render( <CronTab /> );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Test the loopback spawn' } )
		);
		// The notice is also announced through a live region: the same text may appear twice.
		expect(
			( await screen.findAllByText( /asks for a password/ ) )[ 0 ]
		).toHaveTextContent( 'HTTP 401 in 12 ms' );
	} );
} );
