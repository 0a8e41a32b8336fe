import { execFileSync } from 'node:child_process';
import {
	chmodSync,
	copyFileSync,
	existsSync,
	mkdtempSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';

import { expectAccessible } from '../axe';
import { ADMIN_STATE, LAB_SITE, TRIAGE_PAGE } from '../lab';

const FIXTURE = 'Triage Fixture: Cron Pile-up';
const OWNER = 'Plugin: triage-fixture-cron-pileup';
const TASK = 'triage_fixture_cron_pileup_task';
const ORPHAN = 'triage_fixture_cron_pileup_orphan';
const MAINTENANCE = join( LAB_SITE, '.maintenance' );

/**
 * Runs a lab helper (tests/lab/<script>.php) against the lab site.
 *
 * @param script Helper name: cron or maintenance.
 * @param args   Command and arguments.
 */
function lab( script: 'cron' | 'maintenance', ...args: string[] ): string {
	const command = [
		join( __dirname, '..', '..', 'lab', `${ script }.php` ),
		LAB_SITE,
		...args,
	];
	// The maintenance helper loads WordPress: as root it would create files (debug.log) PHP-FPM cannot write.
	const asWebUser = script === 'maintenance' && process.getuid?.() === 0;
	if ( ! asWebUser ) {
		return execFileSync( 'php', command, { encoding: 'utf8' } );
	}
	// The web server's user may not reach a clone inside a private folder: run a copy from one it can read.
	const folder = mkdtempSync( join( tmpdir(), 'triage-lab-helper-' ) );
	chmodSync( folder, 0o755 );
	const copy = join( folder, `${ script }.php` );
	copyFileSync( command[ 0 ], copy );
	chmodSync( copy, 0o644 );
	try {
		return execFileSync(
			'runuser',
			[ '-u', 'www-data', '--', 'php', copy, ...command.slice( 1 ) ],
			{ encoding: 'utf8' }
		);
	} finally {
		rmSync( folder, { recursive: true, force: true } );
	}
}

interface Heartbeat {
	state: string;
	last_source: string | null;
	beats: number;
	main_source: string | null;
}

/**
 * The heartbeat's verdict, read through the page's own REST client (it carries the nonce).
 *
 * @param page A page showing the Triage screen.
 */
function heartbeat( page: Page ): Promise< Heartbeat > {
	return page.evaluate( () =>
		(
			window as unknown as {
				wp: { apiFetch: ( options: object ) => Promise< Heartbeat > };
			}
		 ).wp.apiFetch( { path: '/triage/v1/cron/heartbeat' } )
	);
}

/**
 * Makes the heartbeat due, lets `run` start cron, and waits for the beat it records.
 *
 * @param page   A page showing the Triage screen.
 * @param run    Starts a cron run.
 * @param source The source the beat must record.
 */
async function beat(
	page: Page,
	run: () => Promise< unknown >,
	source: string
) {
	// A run still holding doing_cron would make wp-cron.php return without running anything.
	await expect
		.poll(
			() =>
				page.evaluate( () =>
					(
						window as unknown as {
							wp: {
								apiFetch: ( options: object ) => Promise< {
									lock: { held: boolean };
								} >;
							};
						}
					 ).wp
						.apiFetch( { path: '/triage/v1/cron?per_page=1' } )
						.then( ( answer ) => answer.lock.held )
				),
			{ timeout: 90_000 }
		)
		.toBe( false );
	const before = ( await heartbeat( page ) ).beats;
	lab( 'cron', 'heartbeat', 'due' );
	await run();
	await expect
		.poll(
			async () => {
				const now = await heartbeat( page );
				return now.beats > before ? now.last_source : null;
			},
			{ timeout: 30_000 }
		)
		.toBe( source );
}

test.describe( 'Cron tab and maintenance card', () => {
	test.describe.configure( { mode: 'serial' } );

	test.beforeAll( async ( { browser } ) => {
		const page = await browser.newPage( { storageState: ADMIN_STATE } );
		await page.goto( '/wp-admin/plugins.php' );
		const activate = page.getByRole( 'link', {
			name: `Activate ${ FIXTURE }`,
		} );
		if ( await activate.isVisible() ) {
			await activate.click();
		}
		await expect(
			page.getByRole( 'link', { name: `Deactivate ${ FIXTURE }` } )
		).toBeVisible();
		lab( 'cron', 'pileup', 'on' );
		// The next request schedules the pile.
		expect( ( await page.request.get( '/' ) ).status() ).toBe( 200 );
		await page.close();
	} );

	test.afterAll( async ( { browser } ) => {
		// Leave the lab as it was for the other specs.
		lab( 'cron', 'maintenance', 'off' );
		lab( 'maintenance', 'update-lock', 'off' );
		lab( 'cron', 'pileup', 'off' );
		const page = await browser.newPage( { storageState: ADMIN_STATE } );
		await page.request.get( '/' );
		await page.goto( '/wp-admin/plugins.php' );
		const deactivate = page.getByRole( 'link', {
			name: `Deactivate ${ FIXTURE }`,
		} );
		if ( await deactivate.isVisible() ) {
			await deactivate.click();
		}
		await page.close();
	} );

	test( 'shows the 200 overdue events owned by the fixture plugin, runs one now and deletes an orphan', async ( {
		page,
	} ) => {
		test.setTimeout( 120_000 );
		await page.setViewportSize( { width: 1400, height: 1000 } );
		await page.goto( TRIAGE_PAGE + '#/cron' );
		await expect(
			page.getByRole( 'tab', { name: 'Cron' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		const status = page.getByRole( 'region', { name: 'Cron status' } );
		await expect( status ).toContainText( 'Overdue' );

		await page
			.getByRole( 'textbox', { name: 'Hook contains' } )
			.fill( TASK );
		await expect(
			page.getByText( /^200 of \d+ events match$/ )
		).toBeVisible();
		const rows = page.getByRole( 'row' ).filter( { hasText: TASK } );
		await expect( rows ).toHaveCount( 50 );
		await expect( rows.first() ).toContainText( OWNER );
		await expect( rows.first() ).toContainText( ' late' );
		await expect( rows.first() ).toHaveClass( /is-overdue/ );
		// The owner filter finds the same pile.
		await page
			.getByRole( 'textbox', { name: 'Owner' } )
			.fill( 'triage-fixture-cron-pileup' );
		await expect(
			page.getByText( /^20\d of \d+ events match$/ )
		).toBeVisible();
		await page.getByRole( 'textbox', { name: 'Owner' } ).fill( '' );
		await page.screenshot( {
			path: 'artifacts/e2e/cron-tab.png',
			fullPage: true,
		} );
		await expectAccessible( page, 'Cron tab with the pile-up at 1400 px' );

		// Run the most overdue task now.
		await rows
			.first()
			.getByRole( 'button', { name: `Run now: ${ TASK }` } )
			.click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Run this event now?',
		} );
		await expect( dialog ).toContainText( 'run now, in this request' );
		await expect( dialog ).toContainText( OWNER );
		await expectAccessible( page, 'Run now dialog' );
		await dialog.getByRole( 'button', { name: 'Run now' } ).click();
		// A wp-cron run spawned by the lab's own page views may hold the lock at that moment: the dialog
		// then says so and offers to run anyway, which is what a person would do here.
		const ran = page.getByText( /The event ran without errors in/ ).first();
		const anyway = dialog.getByRole( 'button', { name: 'Run anyway' } );
		await expect( ran.or( anyway ) ).toBeVisible();
		if ( await anyway.isVisible() ) {
			await anyway.click();
		}
		await expect( ran ).toBeVisible();
		await expect(
			page.getByText( /Cron pile-up task \d+ ran\./ ).first()
		).toBeVisible();
		await expect(
			page.getByText( /^199 of \d+ events match$/ )
		).toBeVisible();

		// Delete an orphan.
		await page
			.getByRole( 'textbox', { name: 'Hook contains' } )
			.fill( ORPHAN );
		await page
			.getByRole( 'combobox', { name: 'Callback' } )
			.selectOption( 'yes' );
		await expect(
			page.getByText( /^2 of \d+ events match$/ )
		).toBeVisible();
		await page
			.getByRole( 'button', { name: `Delete: ${ ORPHAN }` } )
			.first()
			.click();
		const remove = page.getByRole( 'dialog', {
			name: 'Delete this event?',
		} );
		await expect( remove ).toContainText( 'will never run' );
		await expect( remove ).toContainText( 'only inside wp-cron.php' );
		await remove.getByRole( 'button', { name: 'Delete event' } ).click();
		await expect(
			page.getByText( `The event ${ ORPHAN } was deleted.` ).first()
		).toBeVisible();
		await expect(
			page.getByText( /^1 of \d+ events match$/ )
		).toBeVisible();
	} );

	test( 'a fatal error in an event run now is reported, not a broken page', async ( {
		page,
	} ) => {
		await page.goto( TRIAGE_PAGE + '#/cron' );
		await page
			.getByRole( 'textbox', { name: 'Hook contains' } )
			.fill( 'triage_fixture_cron_pileup_fatal' );
		await page
			.getByRole( 'button', {
				name: 'Run now: triage_fixture_cron_pileup_fatal',
			} )
			.click();
		await page
			.getByRole( 'dialog', { name: 'Run this event now?' } )
			.getByRole( 'button', { name: 'Run now' } )
			.click();
		await expect(
			page
				.getByText(
					/The event ended PHP with a fatal error: Allowed memory size/
				)
				.first()
		).toBeVisible();
	} );

	test( 'the heartbeat tells a system cron from the loopback spawn', async ( {
		page,
	} ) => {
		test.setTimeout( 240_000 );
		await page.goto( TRIAGE_PAGE + '#/cron' );
		// A page view spawns wp-cron.php through the loopback (WordPress's own request).
		await beat( page, () => page.request.get( '/' ), 'loopback' );
		// A system cron (here: this test, as curl would) requests wp-cron.php itself, until it ran most of the
		// last 12 beats (earlier specs' page views may have spawned some).
		await expect
			.poll(
				async () => {
					await beat(
						page,
						() => page.request.get( '/wp-cron.php' ),
						'system'
					);
					return ( await heartbeat( page ) ).main_source;
				},
				{ timeout: 200_000, intervals: [ 0 ] }
			)
			.toBe( 'system' );
		expect( ( await heartbeat( page ) ).main_source ).toBe( 'system' );

		await page.reload();
		// The spawn test reaches wp-cron.php on the lab (no firewall, no HTTP authentication).
		await page
			.getByRole( 'button', { name: 'Test the loopback spawn' } )
			.click();
		await expect(
			page.getByText( /WordPress can reach wp-cron\.php/ ).first()
		).toBeVisible();
		const status = page.getByRole( 'region', { name: 'Cron status' } );
		await expect( status ).toContainText(
			'a system cron requesting wp-cron.php runs events'
		);
		await expect( status ).toContainText( 'by system cron' );
	} );

	test( 'a stale .maintenance is cleared from the Overview; a held update lock needs a second confirmation', async ( {
		page,
	} ) => {
		lab( 'cron', 'maintenance', 'stale' );
		await page.goto( TRIAGE_PAGE );
		const card = page.locator( '.triage-maintenance-card' );
		await expect(
			card.getByRole( 'heading', { name: 'Maintenance and updates' } )
		).toBeVisible();
		await expect( card ).toContainText(
			'A stale .maintenance was left behind'
		);
		await expectAccessible( page, 'Overview with the maintenance card' );
		await card
			.getByRole( 'button', { name: 'Clear .maintenance…' } )
			.click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Remove .maintenance?',
		} );
		await dialog.getByRole( 'button', { name: 'Remove file' } ).click();
		await expect(
			page.getByText( /\.maintenance was removed\./ ).first()
		).toBeVisible();
		expect( existsSync( MAINTENANCE ) ).toBe( false );

		lab( 'cron', 'maintenance', 'stale' );
		lab( 'maintenance', 'update-lock', 'on' );
		await page.reload();
		await page
			.getByRole( 'button', { name: 'Clear .maintenance…' } )
			.click();
		await page
			.getByRole( 'dialog', { name: 'Remove .maintenance?' } )
			.getByRole( 'button', { name: 'Remove file' } )
			.click();
		const again = page.getByRole( 'dialog', {
			name: 'Remove .maintenance anyway?',
		} );
		await expect( again ).toContainText( 'core_updater.lock' );
		expect( existsSync( MAINTENANCE ) ).toBe( true );
		await again.getByRole( 'button', { name: 'Remove anyway' } ).click();
		await expect(
			page.getByText( /\.maintenance was removed\./ ).first()
		).toBeVisible();
		expect( existsSync( MAINTENANCE ) ).toBe( false );
		lab( 'maintenance', 'update-lock', 'off' );
	} );

	test( 'a fresh .maintenance (every page 503) is refused without force, from the command line', async ( {
		page,
	} ) => {
		lab( 'cron', 'maintenance', 'fresh' );
		// OPcache may serve the previous (stale) .maintenance for its revalidation interval (2 s by default).
		await expect
			.poll( async () => ( await page.request.get( '/' ) ).status() )
			.toBe( 503 );

		const status = JSON.parse( lab( 'maintenance', 'status' ) );
		expect( status.file.fresh ).toBe( true );
		const refused = JSON.parse( lab( 'maintenance', 'clear' ) );
		expect( refused.error.code ).toBe( 'triage_maintenance_fresh' );
		expect( existsSync( MAINTENANCE ) ).toBe( true );

		const forced = JSON.parse(
			lab( 'maintenance', 'clear', 'force-fresh' )
		);
		expect( forced.cleared ).toBe( true );
		expect( forced.forced_fresh ).toBe( true );
		expect( existsSync( MAINTENANCE ) ).toBe( false );
		expect( ( await page.request.get( '/' ) ).status() ).toBe( 200 );
	} );

	test( 'the Cron tab works at 360 px', async ( { page } ) => {
		await page.setViewportSize( { width: 360, height: 800 } );
		await page.goto( TRIAGE_PAGE + '#/cron' );
		await expect(
			page.getByRole( 'region', { name: 'Scheduled events' } )
		).toBeVisible();
		// The table scrolls inside its region; the tab itself fits the screen.
		const region = page.getByRole( 'region', { name: 'Scheduled events' } );
		const box = await page.locator( '.triage-cron' ).boundingBox();
		expect( ( box?.x ?? 0 ) + ( box?.width ?? 0 ) ).toBeLessThanOrEqual(
			360
		);
		expect(
			await region.evaluate(
				( node ) => node.scrollWidth > node.clientWidth
			)
		).toBe( true );
		await page.screenshot( {
			path: 'artifacts/e2e/cron-tab-360.png',
			fullPage: true,
		} );
		await expectAccessible( page, 'Cron tab at 360 px' );
	} );
} );
