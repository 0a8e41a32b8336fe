import { execFileSync } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
	type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

import { LAB_SITE, logIn, TRIAGE_PAGE } from '../lab';

const CONFIG = join( LAB_SITE, 'wp-config.php' );
const SHORT_EXPIRY_PLUGIN = join(
	LAB_SITE,
	'wp-content',
	'mu-plugins',
	'triage-e2e-short-expiry.php'
);
const FIXTURE = 'Triage Fixture: Warning';
const DEBUG_TAB = TRIAGE_PAGE + '#/debug';

/**
 * Lines of a file that contain a marker.
 *
 * @param file   Path.
 * @param marker Text.
 */
function linesWith( file: string, marker: string ): string[] {
	return existsSync( file )
		? readFileSync( file, 'utf8' )
				.split( '\n' )
				.filter( ( line ) => line.includes( marker ) )
		: [];
}

// Who owned the site folder before this spec handed it to the PHP user.
let siteOwner: Stats | undefined;

test.describe( 'Debug mode', () => {
	// Log in here rather than share the stored admin state (see ADMIN_STATE in ../lab.ts).
	test.use( { storageState: { cookies: [], origins: [] } } );

	test.beforeAll( async ( { browser } ) => {
		// As on most shared hosts, the PHP user owns the WordPress folder, so wp-config.php can be
		// replaced atomically (a temp file beside it, then rename).
		siteOwner = statSync( LAB_SITE );
		execFileSync( 'chown', [ 'www-data:www-data', LAB_SITE ] );
		// The only way to allow an expiry under 60 s: a filter, here from a must-use plugin (floor 10 s).
		writeFileSync(
			SHORT_EXPIRY_PLUGIN,
			"<?php\nadd_filter( 'triage_debug_min_expiry', static function () { return 10; } );\n"
		);
		const page = await browser.newPage();
		await logIn( page, 'admin', 'password' );
		await page.goto( '/wp-admin/plugins.php' );
		await page
			.getByRole( 'link', { name: `Activate ${ FIXTURE }` } )
			.click();
		await expect(
			page.getByRole( 'link', { name: `Deactivate ${ FIXTURE }` } )
		).toBeVisible();
		await page.close();
	} );

	test.afterAll( async ( { browser } ) => {
		rmSync( SHORT_EXPIRY_PLUGIN, { force: true } );
		const page = await browser.newPage();
		await logIn( page, 'admin', 'password' );
		await page.goto( '/wp-admin/plugins.php' );
		const deactivate = page.getByRole( 'link', {
			name: `Deactivate ${ FIXTURE }`,
		} );
		if ( await deactivate.isVisible() ) {
			await deactivate.click();
		}
		await page.close();
		// Back to the lab's own owner (tests/lab/up.sh), whoever that is.
		if ( siteOwner ) {
			chownSync( LAB_SITE, siteOwner.uid, siteOwner.gid );
		}
	} );

	test( 'Log privately catches a warning in a private file, then switches itself off', async ( {
		page,
		request,
	} ) => {
		test.setTimeout( 120_000 );
		const original = readFileSync( CONFIG );
		await logIn( page, 'admin', 'password' );

		await page.goto( DEBUG_TAB );
		await expect(
			page.getByRole( 'tab', { name: 'Debug' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		// The lab's wp-config.php (tests/lab/up.sh) sets WP_DEBUG on line 17.
		await expect(
			page.locator( '[data-constant="WP_DEBUG"] dd' )
		).toHaveText( /truewp-config\.php, line 17/ );

		await page.getByRole( 'radio', { name: /^Log privately/ } ).check();
		await page
			.getByRole( 'combobox', { name: 'Switch off automatically after' } )
			.selectOption( { label: '10 seconds' } );
		await page.getByRole( 'button', { name: 'Review changes' } ).click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Change wp-config.php?',
		} );
		await expect( dialog ).toContainText(
			"define( 'WP_DEBUG_LOG', true );"
		);
		await expect( dialog ).toContainText( "define( 'WP_DEBUG_LOG', '" );
		// WP_DEBUG and WP_DEBUG_DISPLAY already say what the profile wants: only WP_DEBUG_LOG changes.
		await expect( dialog ).toContainText( 'WP_DEBUG_LOG: changes line 18' );
		await expect( dialog ).not.toContainText( 'WP_DEBUG_DISPLAY' );
		expect( readFileSync( CONFIG ).equals( original ) ).toBe( true );

		const started = Date.now();
		await dialog
			.getByRole( 'button', { name: 'Change wp-config.php' } )
			.click();
		const done = page.locator( '.triage-debug__done' );
		await expect( done ).toContainText( 'the site answered HTTP 200' );
		const clickToNotice = Date.now() - started;
		const figures = ( await done.textContent() ) ?? '';
		// eslint-disable-next-line no-console
		console.log(
			`debug toggle on the lab: ${ figures.trim() } Click to notice in the browser: ${ clickToNotice } ms.`
		);

		const active = page.locator( '.triage-debug__active' );
		await expect( active ).toContainText(
			/Log privately is on\. It switches itself off in 0:\d\d\./
		);
		const logFile =
			( await active
				.locator( '.triage-debug__log-file code' )
				.textContent() ) ?? '';
		expect( logFile ).toMatch(
			/\/triage-private\/debug-[0-9a-f]{32}\.log$/
		);
		expect( readFileSync( CONFIG, 'utf8' ) ).toContain(
			`define( 'WP_DEBUG_LOG', '${ logFile }' );`
		);

		const marker = `e2e${ Date.now() }`;
		const response = await request.get( `/?triage-warning=${ marker }` );
		expect( response.status() ).toBe( 200 );
		expect( await response.text() ).not.toContain( marker );
		await expect
			.poll( () => linesWith( logFile, marker ).length )
			.toBe( 1 );
		expect( linesWith( logFile, marker )[ 0 ] ).toContain(
			'PHP Warning:  Triage fixture warning'
		);
		const publicLog = join( LAB_SITE, 'wp-content', 'debug.log' );
		expect( linesWith( publicLog, marker ) ).toEqual( [] );

		// The countdown ends, the page asks again, and the profile is off: the file is byte-identical.
		await expect( page.locator( '.triage-debug__active' ) ).toHaveCount(
			0,
			{
				timeout: 30_000,
			}
		);
		expect( readFileSync( CONFIG ).equals( original ) ).toBe( true );
		await expect(
			page.getByRole( 'radio', { name: /^Off/ } )
		).toBeChecked();

		const after = `e2eafter${ Date.now() }`;
		await request.get( `/?triage-warning=${ after }` );
		await expect
			.poll( () => linesWith( publicLog, after ).length )
			.toBe( 1 );
		expect( linesWith( logFile, after ) ).toEqual( [] );
	} );

	test( 'a read-only wp-config.php is explained, with the lines to add by hand', async ( {
		page,
	} ) => {
		const original = readFileSync( CONFIG );
		await logIn( page, 'admin', 'password' );
		chmodSync( CONFIG, 0o444 );
		try {
			await page.goto( DEBUG_TAB );
			await expect(
				page.locator( '[data-constant="file"] dd' )
			).toContainText( 'read-only for the web server' );
			await page.getByRole( 'radio', { name: /^Developer/ } ).check();
			await expect(
				page.locator( '.triage-debug__manual' )
			).toContainText( "define( 'SAVEQUERIES', true );" );
			await expect(
				page.getByRole( 'button', { name: 'Copy the lines' } )
			).toBeVisible();
			await expect(
				page.getByRole( 'button', { name: 'Review changes' } )
			).toBeDisabled();
			expect( readFileSync( CONFIG ).equals( original ) ).toBe( true );
		} finally {
			chmodSync( CONFIG, 0o644 );
		}
	} );

	test( 'the Debug tab is usable 360 px wide', async ( { page } ) => {
		await logIn( page, 'admin', 'password' );
		await page.setViewportSize( { width: 360, height: 740 } );
		await page.goto( DEBUG_TAB );
		const panel = page.locator( '.triage-debug' );
		await expect(
			panel.locator( '[data-constant="WP_DEBUG_LOG"]' )
		).toBeVisible();
		await page.getByRole( 'radio', { name: /^Developer/ } ).check();
		await page.getByRole( 'button', { name: 'Review changes' } ).click();
		await expect( page.getByRole( 'dialog' ) ).toContainText(
			"define( 'SAVEQUERIES', true );"
		);
		await page.screenshot( {
			path: 'artifacts/e2e/debug-tab-360.png',
			fullPage: true,
		} );
		await page.getByRole( 'button', { name: 'Cancel' } ).click();
		const overflow = await panel.evaluate(
			( element ) => element.scrollWidth - element.clientWidth
		);
		expect( overflow ).toBeLessThanOrEqual( 0 );
	} );

	test.describe( 'as a subscriber', () => {
		test( 'cannot read or switch debug mode', async ( { page } ) => {
			const original = readFileSync( CONFIG );
			await logIn( page, 'subscriber', 'password' );
			await page.goto( '/wp-admin/profile.php' );
			const statuses = await page.evaluate( async () => {
				const nonce = await (
					await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
				).text();
				const headers = {
					'X-WP-Nonce': nonce,
					'Content-Type': 'application/json',
				};
				const get = await fetch( '/wp-json/triage/v1/debug', {
					headers,
				} );
				const post = await fetch( '/wp-json/triage/v1/debug/profile', {
					method: 'POST',
					headers,
					body: JSON.stringify( {
						profile: 'log',
						expires_in: 3600,
						confirm: true,
					} ),
				} );
				return [ get.status, post.status, ( await post.json() ).code ];
			} );
			expect( statuses ).toEqual( [ 403, 403, 'rest_forbidden' ] );
			expect( readFileSync( CONFIG ).equals( original ) ).toBe( true );
		} );
	} );
} );
