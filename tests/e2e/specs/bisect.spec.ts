import {
	request as playwrightRequest,
	test,
	expect,
	type Page,
} from '@playwright/test';

import { bisectLab, logIn, TRIAGE_PAGE } from '../lab';
import { expectAccessible, WIDTHS } from '../axe';

const BISECT_TAB = `${ TRIAGE_PAGE }#/bisect`;
const BASE_URL = `http://127.0.0.1:${ process.env.TRIAGE_LAB_PORT ?? '8889' }`;

interface Symptom {
	url?: string;
	method?: 'GET' | 'POST';
	body?: string;
	loggedIn?: boolean;
	slowerThan?: string;
	status?: boolean;
	fatal?: boolean;
	lacks?: string;
}

/**
 * The admin's own browser in safe mode with every plugin off, so wp-admin works while a culprit breaks the
 * site for everyone else, as it would for a real admin arriving from a rescue link.
 *
 * @param page Page, logged in.
 */
async function safeModeForMe( page: Page ) {
	await page.goto( '/wp-admin/profile.php' );
	const status = await page.evaluate( async () => {
		const nonce = await (
			await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
		).text();
		const response = await fetch( '/wp-json/triage/v1/safe-mode', {
			method: 'POST',
			headers: {
				'X-WP-Nonce': nonce,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { keep: [] } ),
		} );
		return response.status;
	} );
	expect( status ).toBe( 200 );
}

/**
 * Status a visitor gets, with a fresh cookie jar.
 *
 * @param path Path.
 * @param post Send a POST.
 */
async function visitorStatus( path: string, post = false ): Promise< number > {
	const visitor = await playwrightRequest.newContext( { baseURL: BASE_URL } );
	const response = post
		? await visitor.post( path, { form: { a: '1' } } )
		: await visitor.get( path, { maxRedirects: 0 } );
	const status = response.status();
	await visitor.dispose();
	return status;
}

/**
 * Runs an automatic bisection from the Bisect tab and returns the result sentence.
 *
 * @param page    Page.
 * @param symptom Symptom.
 */
async function automatic( page: Page, symptom: Symptom ): Promise< string > {
	await page.goto( BISECT_TAB );
	await expect(
		page.getByRole( 'heading', {
			name: 'Find the plugin that breaks the site',
		} )
	).toBeVisible();
	await page
		.getByLabel( 'Page that shows the problem' )
		.fill( symptom.url ?? '/' );
	if ( symptom.method === 'POST' ) {
		await page.getByLabel( 'Method' ).selectOption( 'POST' );
		await page.getByLabel( 'POST body' ).fill( symptom.body ?? 'a=1' );
	}
	if ( symptom.loggedIn ) {
		await page
			.getByLabel( 'Send the test requests logged in as me' )
			.check();
	}
	if ( symptom.status === false ) {
		await page.getByLabel( 'it answers HTTP 500 or more' ).uncheck();
	}
	if ( symptom.fatal === false ) {
		await page.getByLabel( 'a PHP fatal error is logged' ).uncheck();
	}
	if ( symptom.slowerThan ) {
		await page
			.getByLabel( 'it takes longer than (seconds)' )
			.fill( symptom.slowerThan );
	}
	if ( symptom.lacks ) {
		await page
			.getByLabel( 'the page lacks this text' )
			.fill( symptom.lacks );
	}
	await page
		.getByRole( 'button', { name: 'Start automatic bisection' } )
		.click();
	await expect(
		page
			.getByRole( 'heading', { name: 'Bisection finished' } )
			.or( page.getByRole( 'heading', { name: 'Found it' } ) )
	).toBeVisible( { timeout: 110_000 } );
	return (
		( await page
			.locator( '.triage-bisect-result__sentence' )
			.textContent() ) ?? ''
	);
}

test.describe( 'Bisection', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );
	// One retry of the group: a probe's "fatal error logged" test still reads the shared debug.log, so a
	// line another request writes during a probe can fail it (1 run in 6 here named a spurious group).
	// Judging each probe by its own request is issue 17; until then a repeat failure still fails the run.
	test.describe.configure( { mode: 'serial', timeout: 150_000, retries: 1 } );

	test.beforeAll( () => {
		bisectLab( 'scenario', 'off' );
		expect( JSON.parse( bisectLab( 'activate' ) ).active ).toBe( 30 );
	} );

	test.afterAll( () => {
		bisectLab( 'scenario', 'off' );
		bisectLab( 'deactivate' );
	} );

	test.beforeEach( async ( { page } ) => {
		bisectLab( 'scenario', 'off' );
		await logIn( page, 'admin', 'password' );
		await safeModeForMe( page );
	} );

	test.afterEach( async ( { page } ) => {
		bisectLab( 'scenario', 'off' );
		await page.goto( BISECT_TAB );
		const discard = page
			.getByRole( 'button', { name: 'New bisection' } )
			.or( page.getByRole( 'button', { name: 'Stop and discard' } ) );
		if ( await discard.isVisible().catch( () => false ) ) {
			await discard.click();
		}
	} );

	test( 'names the plugin that fatals on load, with live probes and side-by-side evidence; visitors never see a change', async ( {
		page,
	} ) => {
		bisectLab( 'scenario', 'fatal' );
		expect( await visitorStatus( '/' ) ).toBe( 500 );

		// The visitor's request logged the fatal error: the plugin it names is tested first.
		await page.goto( BISECT_TAB );
		await expect(
			page.getByRole( 'row', { name: /Fatal On Load/ } )
		).toContainText( 'named in a recent fatal error' );

		const sentence = await automatic( page, { url: '/' } );
		expect( sentence ).toBe(
			'Triage Bisect: Fatal On Load breaks the site on its own.'
		);
		// Every probe is listed, newest first, with its verdict and status code.
		const rows = page.locator( '.triage-bisect-log tbody tr' );
		expect( await rows.count() ).toBeGreaterThanOrEqual( 3 );
		expect( await rows.count() ).toBeLessThanOrEqual( 9 );
		await expect( page.locator( '.triage-bisect-log' ) ).toContainText(
			'500'
		);
		await expect(
			page.locator( '.triage-bisect-evidence--fail' )
		).toContainText( 'HTTP 500' );
		await expect(
			page.locator( '.triage-bisect-evidence--fail' )
		).toContainText( 'Call to undefined function' );
		await expect(
			page.locator( '.triage-bisect-evidence--pass' )
		).toContainText( 'HTTP 200' );
		// The whole time, visitors got the live site, which still fails.
		expect( await visitorStatus( '/' ) ).toBe( 500 );

		// A reload resumes the session: the result is still there.
		await page.reload();
		await expect(
			page.locator( '.triage-bisect-result__sentence' )
		).toHaveText( sentence );
	} );

	test( 'names the plugin that exhausts memory', async ( { page } ) => {
		bisectLab( 'scenario', 'memory' );
		expect( await automatic( page, { url: '/' } ) ).toBe(
			'Triage Bisect: Memory Hog breaks the site on its own.'
		);
		await expect(
			page.locator( '.triage-bisect-evidence--fail' )
		).toContainText( 'Allowed memory size' );
	} );

	test( 'names the plugin that hangs past the time limit', async ( {
		page,
	} ) => {
		bisectLab( 'scenario', 'sleep' );
		expect(
			await automatic( page, {
				url: '/',
				slowerThan: '3',
			} )
		).toBe( 'Triage Bisect: Slow Remote Call breaks the site on its own.' );
	} );

	test( 'names the plugin that breaks only wp-admin, probing logged in', async ( {
		page,
	} ) => {
		bisectLab( 'scenario', 'admin' );
		expect( await visitorStatus( '/' ) ).toBe( 200 );
		expect(
			await automatic( page, { url: '/wp-admin/', loggedIn: true } )
		).toBe( 'Triage Bisect: Admin Notices breaks the site on its own.' );
	} );

	test( 'names the plugin that breaks only a POST', async ( { page } ) => {
		bisectLab( 'scenario', 'post' );
		expect( await visitorStatus( '/' ) ).toBe( 200 );
		expect( await visitorStatus( '/', true ) ).toBe( 500 );
		expect(
			await automatic( page, { url: '/', method: 'POST', body: 'a=1' } )
		).toBe( 'Triage Bisect: Form Handler breaks the site on its own.' );
	} );

	test( 'names a pair of plugins that fail only together', async ( {
		page,
	} ) => {
		bisectLab( 'scenario', 'pair' );
		expect( await automatic( page, { url: '/' } ) ).toBe(
			'Triage Bisect: Pair Cache, Triage Bisect: Pair Minify break the site only together.'
		);
	} );

	test( 'says when there is no symptom, and when plugins are not the cause', async ( {
		page,
	} ) => {
		expect( await automatic( page, { url: '/' } ) ).toBe(
			'The symptom did not appear even with every candidate loaded.'
		);
		await page.getByRole( 'button', { name: 'New bisection' } ).click();
		expect(
			await automatic( page, {
				url: '/',
				status: false,
				fatal: false,
				lacks: 'text that no page of this site contains',
			} )
		).toBe(
			'The symptom stays with every candidate off: plugins and the theme are not the cause.'
		);
		await expect(
			page.getByRole( 'link', { name: 'Open the health checks' } )
		).toBeVisible();
	} );

	test( 'guided mode: the admin judges each step in a new tab while Triage itself keeps working', async ( {
		page,
		context,
	} ) => {
		bisectLab( 'scenario', 'fatal' );
		await page.goto( BISECT_TAB );
		await page
			.getByLabel(
				'Guided: you look at the site and answer “still broken?”'
			)
			.check();
		await page.getByLabel( 'Page you will check' ).fill( '/' );
		await page
			.getByRole( 'button', { name: 'Start guided bisection' } )
			.click();

		const checker = await context.newPage();
		const done = page.getByRole( 'heading', { name: 'Found it' } );
		const question = page.getByText( 'Is the problem still there?' );
		// Test n is on screen and its plugin set is on for this browser.
		const asked = ( n: number ) =>
			expect(
				done.or(
					page
						.locator( '.triage-bisect-run' )
						.filter( {
							hasText: new RegExp( `Test ${ n } of about` ),
						} )
						.filter( { has: question } )
				)
			).toBeVisible();
		for ( let round = 1; round <= 12; round++ ) {
			await asked( round );
			if ( await done.isVisible() ) {
				break;
			}
			// The admin's browser now loads only this test's plugins (the Triage page only the must-keep ones).
			const response = await checker.goto( '/' );
			const broken = ( response?.status() ?? 0 ) >= 500;
			if ( round === 3 ) {
				// A wrong answer, taken back.
				await page
					.getByRole( 'button', {
						name: broken ? 'Works now' : 'Still broken',
					} )
					.click();
				await asked( 4 );
				await page
					.getByRole( 'button', { name: 'Undo the last answer' } )
					.click();
				await asked( 3 );
			}
			await page
				.getByRole( 'button', {
					name: broken ? 'Still broken' : 'Works now',
				} )
				.click();
		}
		await expect(
			page.locator( '.triage-bisect-result__sentence' )
		).toHaveText(
			'Triage Bisect: Fatal On Load breaks the site on its own.'
		);
		await checker.close();
	} );

	test( 'deactivates the culprit for everyone after a confirmation naming it', async ( {
		page,
	} ) => {
		bisectLab( 'scenario', 'fatal' );
		await automatic( page, { url: '/' } );
		// The result screen and its dialog, at both widths, are scanned here: only a finished
		// bisection shows them.
		for ( const width of WIDTHS ) {
			await page.setViewportSize( { width, height: 900 } );
			await expectAccessible( page, `Bisect result at ${ width } px` );
		}
		await page
			.getByRole( 'button', { name: 'Deactivate for everyone…' } )
			.click();
		const dialog = page.getByRole( 'dialog' );
		await expect( dialog ).toContainText(
			'Triage Bisect: Fatal On Load will be deactivated'
		);
		await expect( dialog ).toHaveCSS( 'opacity', '1' );
		for ( const width of WIDTHS ) {
			await page.setViewportSize( { width, height: 900 } );
			await expectAccessible(
				page,
				`"Deactivate for everyone?" dialog at ${ width } px`
			);
		}
		await dialog
			.getByRole( 'button', {
				name: 'Deactivate Triage Bisect: Fatal On Load',
			} )
			.click();
		await expect(
			page
				.getByText(
					'Deactivated for everyone: Triage Bisect: Fatal On Load.'
				)
				.first()
		).toBeVisible();
		expect( await visitorStatus( '/' ) ).toBe( 200 );
		expect( JSON.parse( bisectLab( 'list' ) ).active ).not.toContain(
			'triage-bisect-fatal-on-load/triage-bisect-fatal-on-load.php'
		);
	} );
} );
