import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
	request as playwrightRequest,
	test,
	expect,
	type Page,
} from '@playwright/test';

import { bisectLab, LAB_SITE, logIn, TRIAGE_PAGE } from '../lab';
import { expectAccessible, WIDTHS } from '../axe';

const BISECT_TAB = `${ TRIAGE_PAGE }#/bisect`;
const BASE_URL = `http://127.0.0.1:${ process.env.TRIAGE_LAB_PORT ?? '8889' }`;
/** TRIAGE_E2E_VISITORS=off runs the bisections without visitor traffic (for the timing table only). */
const VISITORS = process.env.TRIAGE_E2E_VISITORS !== 'off';
/** Default themes, newest first. */
const DEFAULT_THEMES = [
	'twentytwentyfive',
	'twentytwentyfour',
	'twentytwentythree',
	'twentytwentytwo',
];
const INSTALLED_DEFAULTS = DEFAULT_THEMES.filter( ( slug ) =>
	existsSync( join( LAB_SITE, 'wp-content', 'themes', slug, 'style.css' ) )
);

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
 * @param page  Page, logged in.
 * @param theme Also leave the active theme out (when the theme is what breaks wp-admin).
 */
async function safeModeForMe( page: Page, theme = false ) {
	await page.goto( '/wp-admin/profile.php' );
	const status = await page.evaluate( async ( useDefaultTheme ) => {
		const nonce = await (
			await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
		).text();
		const response = await fetch( '/wp-json/triage/v1/safe-mode', {
			method: 'POST',
			headers: {
				'X-WP-Nonce': nonce,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( {
				keep: [],
				use_default_theme: useDefaultTheme,
			} ),
		} );
		return response.status;
	}, theme );
	expect( status ).toBe( 200 );
}

/**
 * A logged-out visitor requesting the front page every 300 ms, as visitors keep hitting a broken site
 * while the admin bisects; records every status it got (0 for no answer).
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
 * Runs a bisection with visitor traffic (unless TRIAGE_E2E_VISITORS=off) and checks that every visitor got
 * what the broken site gives visitors before the bisection: the probes never change a visitor's answer.
 * Prints one line for the closing note's table.
 *
 * @param run The bisection; returns its result sentence.
 */
async function withVisitors( run: () => Promise< string > ): Promise< string > {
	const before = await visitorStatus( '/' );
	const visitors = VISITORS ? startVisitors() : null;
	const started = Date.now();
	let sentence = '';
	try {
		sentence = await run();
	} finally {
		const seen = visitors ? await visitors.stop() : [];
		const seconds = ( Date.now() - started ) / 1000;
		// eslint-disable-next-line no-console
		console.log(
			`[bisect-table] ${ test.info().title } | visitors: ${
				VISITORS
					? `${ seen.length } requests, statuses ${ [ ...new Set( seen ) ].join( '/' ) }`
					: 'none'
			} | ${ seconds.toFixed( 1 ) } s | ${ sentence }`
		);
		if ( visitors ) {
			expect( seen.length ).toBeGreaterThan( 0 );
			expect( [ ...new Set( seen ) ] ).toEqual( [ before ] );
		}
	}
	expect( await visitorStatus( '/' ) ).toBe( before );
	return sentence;
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
	return withVisitors( async () => {
		await page
			.getByRole( 'button', { name: 'Start automatic bisection' } )
			.click();
		await expect(
			page
				.getByRole( 'heading', { name: 'Bisection finished' } )
				.or( page.getByRole( 'heading', { name: 'Found it' } ) )
		).toBeVisible( { timeout: 110_000 } );
		const sentence =
			( await page
				.locator( '.triage-bisect-result__sentence' )
				.textContent() ) ?? '';
		// eslint-disable-next-line no-console
		console.log(
			`[bisect-table] probes: ${ await page
				.locator( '.triage-bisect-log tbody tr' )
				.count() }`
		);
		return sentence;
	} );
}

test.describe( 'Bisection', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );
	// No retry: each probe is judged by its own request (the loader's report), so visitors' fatal errors in
	// the shared debug.log cannot fail a probe.
	test.describe.configure( { mode: 'serial', timeout: 150_000 } );

	// The lab's theme, given back after the theme cases.
	let labTheme = '';

	test.beforeAll( () => {
		bisectLab( 'scenario', 'off' );
		labTheme = JSON.parse( bisectLab( 'list' ) ).theme;
		expect( JSON.parse( bisectLab( 'activate' ) ).active ).toBe( 31 );
	} );

	test.afterAll( () => {
		bisectLab( 'scenario', 'off' );
		bisectLab( 'show-themes' );
		for ( const slug of INSTALLED_DEFAULTS ) {
			bisectLab( 'mend-theme', slug );
		}
		bisectLab( 'theme', labTheme );
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
		// The slow answer is measured and reported with its real time, not as "no answer in time".
		const failing = page.locator( '.triage-bisect-evidence--fail' );
		await expect( failing ).toContainText( /HTTP 200 · 4\.\d\d s/ );
		await expect( failing ).not.toContainText( /cURL error 28|No answer/ );
	} );

	const THEME_NAMES: Record< string, string > = {
		twentytwentyfive: 'Twenty Twenty-Five',
		twentytwentyfour: 'Twenty Twenty-Four',
		twentytwentythree: 'Twenty Twenty-Three',
		twentytwentytwo: 'Twenty Twenty-Two',
	};
	for ( const [ which, index ] of [
		[ 'the newest default theme', 0 ],
		[ 'another theme', 1 ],
	] as const ) {
		test( `names ${ which } when a fatal error in its functions.php breaks every page`, async ( {
			page,
		} ) => {
			const slug = INSTALLED_DEFAULTS[ index ];
			expect( slug ).toBeTruthy();
			try {
				bisectLab( 'theme', slug );
				bisectLab( 'break-theme', slug );
				// The broken theme loads in wp-admin too: the admin's own browser leaves it out.
				await safeModeForMe( page, true );
				bisectLab( 'scenario', 'theme' );
				// OPcache may serve the theme's previous functions.php for a moment (revalidate_freq).
				await expect.poll( () => visitorStatus( '/' ) ).toBe( 500 );
				const sentence = await automatic( page, { url: '/' } );
				expect( sentence ).toMatch(
					new RegExp(
						`^${ THEME_NAMES[ slug ] }\\b.* breaks the site on its own\\.$`
					)
				);
				// The probe's own fatal error, in the theme's own file.
				await expect(
					page.locator( '.triage-bisect-evidence--fail' )
				).toContainText(
					'triage_bisect_theme_helper_removed_in_this_update'
				);
			} finally {
				bisectLab( 'scenario', 'off' );
				bisectLab( 'mend-theme', slug );
				bisectLab( 'theme', labTheme );
			}
		} );
	}

	test( 'tests the theme with the stand-in theme Triage ships when no other theme is installed', async ( {
		page,
	} ) => {
		const slug = INSTALLED_DEFAULTS[ 0 ];
		try {
			bisectLab( 'theme', slug );
			expect(
				JSON.parse( bisectLab( 'hide-themes', slug ) ).hidden.length
			).toBeGreaterThan( 0 );
			bisectLab( 'break-theme', slug );
			await safeModeForMe( page, true );
			bisectLab( 'scenario', 'theme' );
			// OPcache may serve the theme's previous functions.php for a moment (revalidate_freq).
			await expect.poll( () => visitorStatus( '/' ) ).toBe( 500 );
			const sentence = await automatic( page, { url: '/' } );
			expect( sentence ).toMatch(
				new RegExp(
					`^${ THEME_NAMES[ slug ] }\\b.* breaks the site on its own\\.$`
				)
			);
			// Without the theme the probe answered: the stand-in rendered the page.
			await expect(
				page.locator( '.triage-bisect-evidence--pass' )
			).toContainText( 'HTTP 200' );
		} finally {
			bisectLab( 'scenario', 'off' );
			bisectLab( 'show-themes' );
			bisectLab( 'mend-theme', slug );
			bisectLab( 'theme', labTheme );
		}
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
			'Triage Bisect: Pair Cache and Triage Bisect: Pair Minify break the site only together.'
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
		await withVisitors( async () => {
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
			return (
				( await page
					.locator( '.triage-bisect-result__sentence' )
					.textContent() ) ?? ''
			);
		} );
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
