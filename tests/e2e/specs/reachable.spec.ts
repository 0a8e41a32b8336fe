import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	request as playwrightRequest,
	test,
	expect,
	type Page,
} from '@playwright/test';

import { LAB_SITE, logIn, TRIAGE_PAGE } from '../lab';

const FRONT_FATAL = 'Triage Fixture: Front Fatal';
const FLAG = join( LAB_SITE, 'wp-content', 'triage-fixture-front-fatal.on' );
const BISECT_TAB = `${ TRIAGE_PAGE }#/bisect`;
const BASE_URL = `http://127.0.0.1:${ process.env.TRIAGE_LAB_PORT ?? '8889' }`;
const CONTINUE = 'Continue with other plugins off for Triage’s requests';

/**
 * Activates or deactivates a plugin from the plugins screen, if it is not already so.
 *
 * @param page Logged-in admin page.
 * @param name Plugin name.
 * @param on   Activate (true) or deactivate.
 */
async function setPlugin( page: Page, name: string, on: boolean ) {
	await page.goto( '/wp-admin/plugins.php' );
	const link = page.getByRole( 'link', {
		name: `${ on ? 'Activate' : 'Deactivate' } ${ name }`,
	} );
	if ( await link.isVisible() ) {
		await link.click();
		await expect(
			page.getByRole( 'link', {
				name: `${ on ? 'Deactivate' : 'Activate' } ${ name }`,
			} )
		).toBeVisible();
	}
}

/**
 * Status a logged-out visitor gets, with a fresh cookie jar.
 *
 * @param path Path.
 */
async function visitorStatus( path: string ): Promise< number > {
	const visitor = await playwrightRequest.newContext( { baseURL: BASE_URL } );
	const response = await visitor.get( path, { maxRedirects: 0 } );
	const status = response.status();
	await visitor.dispose();
	return status;
}

/**
 * A logged-out visitor requesting the front page every 300 ms; records every status it got (0: no answer).
 */
function startVisitors(): { stop: () => Promise< number[] > } {
	const statuses: number[] = [];
	let running = true;
	const loop = ( async () => {
		while ( running ) {
			try {
				const response = await fetch( `${ BASE_URL }/`, {
					redirect: 'manual',
					signal: AbortSignal.timeout( 30_000 ),
				} );
				await response.arrayBuffer();
				statuses.push( response.status );
			} catch {
				statuses.push( 0 );
			}
			await new Promise( ( resolve ) => setTimeout( resolve, 300 ) );
		}
	} )();
	return {
		stop: async () => {
			running = false;
			await loop;
			return statuses;
		},
	};
}

/**
 * Ends the grant in this browser through the page's own action (the cookie is HttpOnly).
 *
 * @param page A page on the Triage screen.
 */
async function stopGrant( page: Page ) {
	await page.goto( TRIAGE_PAGE );
	const ok = await page.evaluate( async () => {
		const boot = (
			window as unknown as {
				triageReachable?: { url: string; nonce: string } | null;
			}
		 ).triageReachable;
		if ( ! boot ) {
			return false;
		}
		const body = new FormData();
		body.append( 'action', 'triage_rest_isolation' );
		body.append( '_ajax_nonce', boot.nonce );
		body.append( 'stop', '1' );
		const response = await fetch( boot.url, { method: 'POST', body } );
		return response.ok;
	} );
	expect( ok ).toBe( true );
}

test.describe( 'Reachable when every request outside wp-admin fatals', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );
	test.describe.configure( { timeout: 180_000 } );

	test.afterAll( async ( { browser } ) => {
		rmSync( FLAG, { force: true } );
		const page = await browser.newPage();
		await logIn( page, 'admin', 'password' );
		await setPlugin( page, FRONT_FATAL, false );
		await page.goto( BISECT_TAB );
		const discard = page
			.getByRole( 'button', { name: 'New bisection' } )
			.or( page.getByRole( 'button', { name: 'Stop and discard' } ) );
		// Wait for the tab to load: its form, or the bisection left to discard.
		await discard
			.or(
				page.getByRole( 'heading', {
					name: 'Find the plugin that breaks the site',
				} )
			)
			.first()
			.waitFor();
		if ( await discard.isVisible() ) {
			await discard.click();
		}
		await page.close();
	} );

	test( 'explains the fatal in plain words, continues with other plugins off for Triage only, and a bisection started from the page names the plugin; visitors unchanged', async ( {
		page,
	} ) => {
		await logIn( page, 'admin', 'password' );
		await setPlugin( page, FRONT_FATAL, true );
		writeFileSync( FLAG, 'on\n' );
		expect( await visitorStatus( '/' ) ).toBe( 500 );
		expect( await visitorStatus( '/wp-login.php' ) ).toBe( 500 );
		expect( await visitorStatus( '/wp-json/triage/v1/environment' ) ).toBe(
			500
		);

		const visitors = startVisitors();
		let seen: number[] = [];
		try {
			// wp-admin works, Triage's REST calls do not: the page says so in plain words, never core's HTML.
			await page.goto( BISECT_TAB );
			const explained = page
				.getByText(
					'WordPress answered Triage’s request with a critical error (HTTP 500)'
				)
				.first();
			await expect( explained ).toBeVisible();
			await expect(
				page.getByText( /<p>|There has been a critical error/ )
			).toHaveCount( 0 );
			await expect(
				page.getByText( /only a rescue link gets you in/ ).first()
			).toBeVisible();

			// Continue: the cookie is set through admin-ajax.php (which still works), then the page reloads.
			await page
				.getByRole( 'button', { name: CONTINUE } )
				.first()
				.click();
			await expect(
				page.getByRole( 'heading', {
					name: 'Find the plugin that breaks the site',
				} )
			).toBeVisible();
			const grant = ( await page.context().cookies() ).find(
				( cookie ) => cookie.name === 'triage_rest'
			);
			expect( grant?.httpOnly ).toBe( true );
			expect( grant?.expires ?? 0 ).toBeLessThanOrEqual(
				Date.now() / 1000 + 3600 + 5
			);
			// The admin's own front end is untouched by it: only Triage's REST routes are.
			const front = await page.request.get( '/' );
			expect( front.status() ).toBe( 500 );

			// A bisection from the page, no rescue link: it names the plugin.
			await page.getByLabel( 'Page that shows the problem' ).fill( '/' );
			await page
				.getByRole( 'button', { name: 'Start automatic bisection' } )
				.click();
			await expect(
				page
					.getByRole( 'heading', { name: 'Bisection finished' } )
					.or( page.getByRole( 'heading', { name: 'Found it' } ) )
			).toBeVisible( { timeout: 120_000 } );
			await expect(
				page.locator( '.triage-bisect-result__sentence' )
			).toHaveText( `${ FRONT_FATAL } breaks the site on its own.` );
		} finally {
			seen = await visitors.stop();
		}
		// Visitors got the broken site's answer before and during, never anything else.
		expect( seen.length ).toBeGreaterThan( 0 );
		expect( [ ...new Set( seen ) ] ).toEqual( [ 500 ] );
		expect( await visitorStatus( '/' ) ).toBe( 500 );

		// The cookie carried by anyone else does nothing: a visitor with it still gets 500 from Triage's route.
		const grant = ( await page.context().cookies() ).find(
			( cookie ) => cookie.name === 'triage_rest'
		);
		const borrower = await playwrightRequest.newContext( {
			baseURL: BASE_URL,
		} );
		const borrowed = await borrower.get( '/wp-json/triage/v1/environment', {
			headers: {
				Cookie: `triage_rest=${ grant?.value ?? '' }`,
				'X-Triage-Probe': 'rest',
			},
		} );
		expect( borrowed.status() ).toBe( 500 );
		expect( borrowed.headers()[ 'set-cookie' ] ?? '' ).toContain(
			'triage_rest=deleted'
		);
		await borrower.dispose();

		// Clean up: end the grant, mend the site (afterAll discards the bisection).
		await stopGrant( page );
		rmSync( FLAG, { force: true } );
		await setPlugin( page, FRONT_FATAL, false );
		expect( await visitorStatus( '/' ) ).toBe( 200 );
	} );
} );
