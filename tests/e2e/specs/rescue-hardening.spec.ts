import {
	test,
	expect,
	request as playwrightRequest,
	type APIRequestContext,
	type Page,
} from '@playwright/test';

import { logIn, TRIAGE_PAGE } from '../lab';

/*
 * Security review findings 2 and 3, through a real browser: a rescue link survives a mail scanner's
 * prefetch and any number of wrong tokens, asks for a click, and lets only its creator log in.
 */

const SAFE_TAB = TRIAGE_PAGE + '#/safe-mode';
const CONFIRM = 'Start rescue session';

/**
 * A cookie-less HTTP client: a visitor, a mail scanner, an attacker.
 */
function visitor(): Promise< APIRequestContext > {
	return playwrightRequest.newContext( {
		baseURL: test.info().project.use.baseURL,
	} );
}

/**
 * Creates a rescue link as the logged-in admin and returns its URL (shown once).
 *
 * @param page Logged-in admin page.
 */
async function createRescueLink( page: Page ): Promise< string > {
	await page.goto( SAFE_TAB );
	await page.getByRole( 'button', { name: 'Create rescue link…' } ).click();
	await page.getByRole( 'button', { name: 'Create link' } ).click();
	const field = page.getByLabel( 'Your rescue link (shown only now)' );
	await expect( field ).toHaveValue( /triage-rescue=[0-9a-f]{64}$/ );
	return field.inputValue();
}

/**
 * A 64-hex token that is not the link's.
 */
function wrongToken(): string {
	let token = '';
	for ( let i = 0; i < 64; i++ ) {
		token += Math.floor( Math.random() * 16 ).toString( 16 );
	}
	return token;
}

/**
 * Fills and submits the login form.
 *
 * @param page Page on wp-login.php.
 * @param user User name.
 */
async function submitLogin( page: Page, user: string ) {
	await page.getByLabel( 'Username or Email Address' ).fill( user );
	await page.getByLabel( 'Password', { exact: true } ).fill( 'password' );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
}

test.describe( 'Rescue link hardening', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );

	test.afterEach( async ( { browser } ) => {
		// Leave no usable link behind for the next spec.
		const page = await browser.newPage();
		await logIn( page, 'admin', 'password' );
		await page.goto( SAFE_TAB );
		const revoke = page.getByRole( 'button', { name: 'Revoke' } );
		if ( await revoke.isVisible() ) {
			await revoke.click();
			await expect(
				page.getByText( 'No rescue link exists.' )
			).toBeVisible();
		}
		await page.close();
	} );

	test( 'a prefetch and wrong tokens do not spend or lock the link; the click does', async ( {
		page,
		browser,
	} ) => {
		await logIn( page, 'admin', 'password' );
		const rescueUrl = await createRescueLink( page );
		const scanner = await visitor();
		try {
			// A mail scanner fetches the link (GET and HEAD): it sees a confirmation page, gets no session.
			const prefetch = await scanner.get( rescueUrl, {
				maxRedirects: 0,
			} );
			expect( prefetch.status() ).toBe( 200 );
			expect( prefetch.headers()[ 'cache-control' ] ).toContain(
				'no-store'
			);
			expect( prefetch.headers()[ 'x-frame-options' ] ).toBe( 'DENY' );
			expect( prefetch.headers()[ 'set-cookie' ] ?? '' ).not.toContain(
				'triage_safe_mode'
			);
			expect( await prefetch.text() ).toContain( CONFIRM );
			expect(
				(
					await scanner.head( rescueUrl, { maxRedirects: 0 } )
				).status()
			).toBe( 200 );

			// Someone hammers the site with wrong tokens, by GET and POST.
			const base = rescueUrl.replace( /[0-9a-f]{64}$/, '' );
			const attempts = [];
			for ( let i = 0; i < 15; i++ ) {
				attempts.push(
					await scanner.get( base + wrongToken(), {
						maxRedirects: 0,
					} ),
					await scanner.post( base + wrongToken(), {
						maxRedirects: 0,
					} )
				);
			}
			for ( const response of attempts ) {
				expect( await response.text() ).not.toContain( CONFIRM );
				expect(
					response.headers()[ 'set-cookie' ] ?? ''
				).not.toContain( 'triage_safe_mode' );
			}

			// The admin's browser opens the link: still valid, still asks for a click.
			const rescued = await browser.newContext();
			const rescuePage = await rescued.newPage();
			await rescuePage.goto( rescueUrl );
			await expect(
				rescuePage.getByRole( 'heading', {
					name: 'Start a rescue session',
				} )
			).toBeVisible();
			expect(
				( await rescued.cookies() ).some(
					( cookie ) => cookie.name === 'triage_safe_mode'
				)
			).toBe( false );
			await rescuePage.getByRole( 'button', { name: CONFIRM } ).click();
			await expect( rescuePage ).toHaveURL(
				/wp-login\.php\?redirect_to=/
			);
			expect(
				( await rescued.cookies() ).some(
					( cookie ) => cookie.name === 'triage_safe_mode'
				)
			).toBe( true );
			await submitLogin( rescuePage, 'admin' );
			await rescuePage.waitForURL( /page=triage/ );
			await expect(
				rescuePage.locator( '#wp-admin-bar-triage-safe-mode' )
			).toHaveText( /Safe mode: 1 of \d+ plugins/ );
			await rescued.close();

			// Spent by the click: opening it again shows no confirmation.
			const again = await scanner.get( rescueUrl, { maxRedirects: 0 } );
			expect( await again.text() ).not.toContain( CONFIRM );
		} finally {
			await scanner.dispose();
		}
	} );

	test( 'during a rescue session only the administrator who created the link can log in', async ( {
		page,
		browser,
	} ) => {
		await logIn( page, 'admin', 'password' );
		const rescueUrl = await createRescueLink( page );

		const rescued = await browser.newContext();
		const rescuePage = await rescued.newPage();
		await rescuePage.goto( rescueUrl );
		await rescuePage.getByRole( 'button', { name: CONFIRM } ).click();
		await expect( rescuePage ).toHaveURL( /wp-login\.php\?redirect_to=/ );

		// Another administrator's correct password is refused while login protection is off.
		await submitLogin( rescuePage, 'admin2' );
		await expect( rescuePage.locator( '#login_error' ) ).toContainText(
			'only the administrator who created the rescue link'
		);
		expect(
			( await rescued.cookies() ).some( ( cookie ) =>
				cookie.name.startsWith( 'wordpress_logged_in' )
			)
		).toBe( false );

		// A subscriber is refused too.
		await submitLogin( rescuePage, 'subscriber' );
		await expect( rescuePage.locator( '#login_error' ) ).toContainText(
			'only the administrator who created the rescue link'
		);

		// The creator gets in, into safe mode.
		await submitLogin( rescuePage, 'admin' );
		await rescuePage.waitForURL( /page=triage/ );
		await expect(
			rescuePage.locator( '#wp-admin-bar-triage-safe-mode' )
		).toHaveText( /Safe mode: 1 of \d+ plugins/ );
		await rescued.close();
	} );
} );
