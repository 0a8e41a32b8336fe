import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

import { ADMIN_STATE, LAB_SITE, logIn, TRIAGE_PAGE } from '../lab';

const FIXTURE = 'Triage Fixture: Noisy';
const WARNING = 'Triage noisy fixture: stock level missing for product 42';

test.describe( 'Logs tab', () => {
	test.afterAll( async ( { browser } ) => {
		// Leave the lab as it was for the other specs.
		const page = await browser.newPage( {
			storageState: ADMIN_STATE,
		} );
		await page.goto( '/wp-admin/plugins.php' );
		const deactivate = page.getByRole( 'link', {
			name: `Deactivate ${ FIXTURE }`,
		} );
		if ( await deactivate.isVisible() ) {
			await deactivate.click();
		}
		await page.close();
	} );

	test( 'groups a plugin’s errors under its name, downloads, and Clear archives', async ( {
		page,
	} ) => {
		await page.goto( '/wp-admin/plugins.php' );
		await page
			.getByRole( 'link', { name: `Activate ${ FIXTURE }` } )
			.click();
		await expect(
			page.getByRole( 'link', { name: `Deactivate ${ FIXTURE }` } )
		).toBeVisible();
		for ( let i = 0; i < 3; i++ ) {
			expect(
				( await page.request.get( '/?triage_noise=1' ) ).status()
			).toBe( 200 );
		}

		await page.goto( TRIAGE_PAGE + '#/logs' );
		await expect(
			page.getByRole( 'tab', { name: 'Logs' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		await expect(
			page.getByRole( 'combobox', { name: 'Log' } )
		).toHaveValue( 'debug' );
		const row = page.getByRole( 'row' ).filter( { hasText: WARNING } );
		await expect( row ).toHaveCount( 1 );
		await expect( row ).toContainText( `Plugin: ${ FIXTURE }` );
		await expect( row ).toContainText( 'Warning' );
		await expect( row.getByRole( 'cell' ).nth( 3 ) ).toHaveText( '3' );
		for ( const message of [
			'Triage noisy fixture: cart total recalculated',
			'Triage noisy fixture: old API used',
		] ) {
			await expect(
				page.getByRole( 'row' ).filter( { hasText: message } )
			).toContainText( `Plugin: ${ FIXTURE }` );
		}

		await page.screenshot( {
			path: 'artifacts/e2e/logs-tab.png',
			fullPage: true,
		} );

		// Sortable: the severity header sorts, and says so.
		await page.getByRole( 'button', { name: 'Severity' } ).click();
		await expect(
			page.getByRole( 'columnheader', { name: /Severity/ } )
		).toHaveAttribute( 'aria-sort', 'descending' );

		// Detail with attribution and the entry itself.
		await row.getByRole( 'button', { name: WARNING } ).click();
		const detail = page.locator( '.triage-log-detail' );
		await expect( detail ).toContainText( `Plugin: ${ FIXTURE }` );
		await expect( detail ).toContainText(
			'triage-fixture-noisy/triage-fixture-noisy.php'
		);
		await expect( detail.locator( 'pre' ) ).toContainText(
			`PHP Warning:  ${ WARNING }`
		);

		await page.screenshot( {
			path: 'artifacts/e2e/logs-detail.png',
			fullPage: true,
		} );

		// Download streams the file itself.
		const downloadPromise = page.waitForEvent( 'download' );
		// A button: the file comes through apiFetch (the nonce in a header, never in a URL).
		await page.getByRole( 'button', { name: 'Download' } ).click();
		const download = await downloadPromise;
		expect( download.suggestedFilename() ).toMatch( /-debug\.log$/ );
		const downloaded = readFileSync(
			( await download.path() ) as string,
			'utf8'
		);
		expect( downloaded ).toContain( WARNING );

		// Clear asks first, saying what will happen, then archives.
		await page.getByRole( 'button', { name: 'Clear…' } ).click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Archive and clear this log?',
		} );
		await expect( dialog ).toContainText(
			/debug\.log \([\d.]+ [KM]?B\) will be renamed to debug\.log\.\d{8}-\d{6}-[0-9a-f]{32} in the same folder/
		);
		await dialog
			.getByRole( 'button', { name: 'Archive and clear' } )
			.click();
		await expect( dialog ).toBeHidden();
		await expect(
			page
				.getByText(
					/The log was archived as debug\.log\.\d{8}-\d{6}-[0-9a-f]{32}/
				)
				.first()
		).toBeVisible();
		await expect(
			page.getByText( 'No errors in this log.' )
		).toBeVisible();

		const content = join( LAB_SITE, 'wp-content' );
		const archives = readdirSync( content ).filter( ( name ) =>
			/^debug\.log\.\d{8}-\d{6}-[0-9a-f]{32}$/.test( name )
		);
		expect( archives ).toHaveLength( 1 );
		expect(
			readFileSync( join( content, archives[ 0 ] ), 'utf8' )
		).toContain( WARNING );
		expect( existsSync( join( content, 'debug.log' ) ) ).toBe( true );
		expect(
			readFileSync( join( content, 'debug.log' ), 'utf8' )
		).not.toContain( WARNING );
	} );

	test( 'latest entries show the newest first with a live toggle', async ( {
		page,
	} ) => {
		expect(
			( await page.request.get( '/?triage_noise=1' ) ).status()
		).toBe( 200 );
		await page.goto( TRIAGE_PAGE + '#/logs?source=debug' );
		await page.getByRole( 'button', { name: 'Latest entries' } ).click();
		await expect(
			page.locator( '.triage-log-tail__entry' ).first()
		).toContainText( 'Triage noisy fixture: old API used' );
		const toggle = page.getByRole( 'checkbox', { name: /Live tail/ } );
		await toggle.check();
		await expect( toggle ).toBeChecked();
		expect(
			( await page.request.get( '/?triage_noise=1' ) ).status()
		).toBe( 200 );
		// Only the fixture's entries: the offline lab also logs WordPress.org update warnings.
		await expect(
			page
				.locator( '.triage-log-tail__entry' )
				.filter( { hasText: 'Triage noisy fixture' } )
		).toHaveCount( 6, { timeout: 15_000 } );
	} );

	test( 'the Logs tab is usable 360 px wide', async ( { page } ) => {
		expect(
			( await page.request.get( '/?triage_noise=1' ) ).status()
		).toBe( 200 );
		await page.setViewportSize( { width: 360, height: 740 } );
		await page.goto( TRIAGE_PAGE + '#/logs?source=debug' );
		const panel = page.locator( '.triage-logs' );
		await expect(
			panel.getByRole( 'row' ).filter( { hasText: WARNING } )
		).toHaveCount( 1 );
		// The table scrolls inside its own region; the page itself does not overflow.
		const overflow = await panel.evaluate(
			( element ) => element.scrollWidth - element.clientWidth
		);
		expect( overflow ).toBeLessThanOrEqual( 0 );
		await expect(
			panel.getByRole( 'region', { name: 'Grouped errors' } )
		).toBeVisible();
	} );

	test( 'reads a log file an administrator adds by hand, and forgets it', async ( {
		page,
	} ) => {
		// The error log of the lab's other nginx site (tests/lab/stack.sh): a real server log, readable,
		// that Triage does not find by itself (it serves another site).
		const otherLog = join(
			LAB_SITE,
			'..',
			'var',
			'log',
			'nginx',
			'static.error.log'
		);
		await page.goto( TRIAGE_PAGE + '#/logs' );
		const panel = page.locator( '.triage-logs' );
		await panel.getByText( 'Read another log file' ).click();
		await panel
			.getByLabel( 'Absolute path of a log file' )
			.fill( '/etc/hostname' );
		await panel.getByRole( 'button', { name: 'Add log file' } ).click();
		await expect( panel.locator( '.triage-log-paths' ) ).toContainText(
			'does not look like a log'
		);
		await panel
			.getByLabel( 'Absolute path of a log file' )
			.fill( otherLog );
		await panel.getByRole( 'button', { name: 'Add log file' } ).click();
		await expect(
			panel.getByRole( 'button', { name: `Stop reading ${ otherLog }` } )
		).toBeVisible();
		await expect(
			panel.getByLabel( 'Log', { exact: true } )
		).toContainText( 'static.error.log' );
		await panel
			.getByRole( 'button', { name: `Stop reading ${ otherLog }` } )
			.click();
		await expect(
			panel.getByRole( 'button', { name: `Stop reading ${ otherLog }` } )
		).toHaveCount( 0 );
	} );
} );

test.describe( 'Who may read logs', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );

	const routes: Array< [ string, string ] > = [
		[ 'GET', '/wp-json/triage/v1/logs' ],
		[ 'GET', '/wp-json/triage/v1/logs/debug/tail' ],
		[ 'GET', '/wp-json/triage/v1/logs/debug/summary' ],
		[ 'GET', '/wp-json/triage/v1/logs/debug/download' ],
		[ 'POST', '/wp-json/triage/v1/logs/debug/archive?confirm=1' ],
	];

	test( 'a visitor gets 401 from every log route', async ( { request } ) => {
		for ( const [ method, route ] of routes ) {
			const response = await request.fetch( route, { method } );
			expect( response.status(), route ).toBe( 401 );
			expect( ( await response.json() ).code ).toBe( 'rest_forbidden' );
		}
	} );

	test( 'a subscriber gets 403 from every log route', async ( { page } ) => {
		await logIn( page, 'subscriber', 'password' );
		await page.goto( '/wp-admin/profile.php' );
		const statuses = await page.evaluate( async ( list ) => {
			const nonce = await (
				await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
			).text();
			const result: number[] = [];
			for ( const [ method, route ] of list ) {
				const response = await fetch( route, {
					method,
					headers: { 'X-WP-Nonce': nonce },
				} );
				result.push( response.status );
			}
			return result;
		}, routes );
		expect( statuses ).toEqual( routes.map( () => 403 ) );
		// The download link form: a subscriber's own _wpnonce does not open it either.
		const link = await page.evaluate( async () => {
			const nonce = await (
				await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
			).text();
			return (
				await fetch(
					`/wp-json/triage/v1/logs/debug/download?_wpnonce=${ nonce }`
				)
			).status;
		} );
		expect( link ).toBe( 403 );
	} );
} );
