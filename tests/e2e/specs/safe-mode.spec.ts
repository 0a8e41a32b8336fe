import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	test,
	expect,
	request as playwrightRequest,
	type APIRequestContext,
	type Page,
} from '@playwright/test';

import { LAB_SITE, logIn, TRIAGE_PAGE } from '../lab';

const MARKER = 'Triage Fixture: Marker';
const FATAL = 'Triage Fixture: Fatal';
const MARK = '<!-- triage-fixture-marker-loaded -->';
const FATAL_FLAG = join( LAB_SITE, 'wp-content', 'triage-fixture-fatal.on' );
const LOADER = join(
	LAB_SITE,
	'wp-content',
	'mu-plugins',
	'triage-loader.php'
);
const SAFE_TAB = TRIAGE_PAGE + '#/safe-mode';
const INDICATOR = /Safe mode: 1 of \d+ plugins/;

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
 * A cookie-less HTTP client: a visitor.
 */
function visitor(): Promise< APIRequestContext > {
	return playwrightRequest.newContext( {
		baseURL: test.info().project.use.baseURL,
	} );
}

test.describe( 'Safe mode', () => {
	// Log in here rather than share the admin state file, which parallel labs on this machine rewrite.
	test.use( { storageState: { cookies: [], origins: [] } } );

	test.beforeAll( async ( { browser } ) => {
		const page = await browser.newPage();
		await logIn( page, 'admin', 'password' );
		await setPlugin( page, MARKER, true );
		await page.close();
	} );

	test.afterAll( async ( { browser } ) => {
		rmSync( FATAL_FLAG, { force: true } );
		const page = await browser.newPage();
		await logIn( page, 'admin', 'password' );
		await setPlugin( page, MARKER, false );
		await setPlugin( page, FATAL, false );
		await page.close();
	} );

	test( 'turns plugins off for the admin only; visitors and forged or borrowed cookies load every plugin', async ( {
		page,
		browser,
	} ) => {
		expect( existsSync( LOADER ) ).toBe( true );
		await logIn( page, 'admin', 'password' );
		const anonymous = await visitor();
		expect( await ( await anonymous.get( '/' ) ).text() ).toContain( MARK );

		await page.goto( SAFE_TAB );
		await page.getByRole( 'button', { name: 'Start safe mode…' } ).click();
		const dialog = page.getByRole( 'dialog' );
		await expect( dialog ).toContainText( 'in this browser only' );
		await dialog.getByRole( 'button', { name: 'Start safe mode' } ).click();
		await expect( page.getByText( INDICATOR ).first() ).toBeVisible();

		// The admin's front end runs without the marker plugin; the admin bar says so.
		await page.goto( '/' );
		expect( await page.content() ).not.toContain( MARK );
		await expect(
			page.locator( '#wp-admin-bar-triage-safe-mode' )
		).toHaveText( INDICATOR );

		// Meanwhile a visitor still gets every active plugin.
		expect( await ( await anonymous.get( '/' ) ).text() ).toContain( MARK );

		const session = ( await page.context().cookies() ).find(
			( cookie ) => cookie.name === 'triage_safe_mode'
		);
		expect( session?.httpOnly ).toBe( true );
		expect( session?.sameSite ).toBe( 'Lax' );
		const value = session?.value ?? '';

		// A forged (tampered) cookie has no effect.
		// Flip the signature's last hex digit (0-7 to 8-f and back).
		const tampered =
			value.slice( 0, -1 ) +
			( ( parseInt( value.slice( -1 ), 16 ) + 8 ) % 16 ).toString( 16 );
		const forged = await anonymous.get( '/', {
			headers: { Cookie: `triage_safe_mode=${ tampered }` },
		} );
		expect( await forged.text() ).toContain( MARK );

		// The admin's real cookie, borrowed by a visitor, has no effect either, and is cleared.
		const borrowed = await anonymous.get( '/', {
			headers: { Cookie: `triage_safe_mode=${ value }` },
		} );
		expect( await borrowed.text() ).toContain( MARK );
		expect( borrowed.headers()[ 'set-cookie' ] ?? '' ).toContain(
			'triage_safe_mode=deleted'
		);

		// Nor in another logged-in user's browser.
		const other = await browser.newContext();
		const subscriberPage = await other.newPage();
		await subscriberPage.goto( '/wp-login.php' );
		await subscriberPage
			.getByLabel( 'Username or Email Address' )
			.fill( 'subscriber' );
		await subscriberPage
			.getByLabel( 'Password', { exact: true } )
			.fill( 'password' );
		await subscriberPage.getByRole( 'button', { name: 'Log In' } ).click();
		await subscriberPage.waitForURL( /wp-admin/ );
		await other.addCookies( [ { ...session!, value } ] );
		await subscriberPage.goto( '/' );
		expect( await subscriberPage.content() ).toContain( MARK );
		await other.close();

		// The site's real plugin list was never changed.
		await page.goto( '/wp-admin/' );
		await page.locator( '#wp-admin-bar-triage-safe-mode' ).hover();
		await page.locator( '#wp-admin-bar-triage-safe-mode-exit a' ).click();
		await page.waitForURL( /page=triage/ );
		await expect(
			page.locator( '#wp-admin-bar-triage-safe-mode' )
		).toHaveCount( 0 );
		await page.goto( '/' );
		expect( await page.content() ).toContain( MARK );
		await anonymous.dispose();
	} );

	test( 'the Plugins screen marks the plugins held back for me as active for visitors and offers no Delete or Activate for them', async ( {
		page,
	} ) => {
		await logIn( page, 'admin', 'password' );
		await page.goto( '/wp-admin/plugins.php' );
		const counts = async () => ( {
			active: await page
				.locator( '.subsubsub .active .count' )
				.textContent(),
			inactive: await page
				.locator( '.subsubsub .inactive .count' )
				.textContent(),
		} );
		const before = await counts();
		const row = page.locator(
			'tr[data-plugin="triage-fixture-marker/triage-fixture-marker.php"]'
		);
		await expect( row.first() ).toHaveClass( /\bactive\b/ );

		await page.goto( SAFE_TAB );
		await page.getByRole( 'button', { name: 'Start safe mode…' } ).click();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Start safe mode' } )
			.click();
		await expect( page.getByText( INDICATOR ).first() ).toBeVisible();

		await page.goto( '/wp-admin/plugins.php' );
		// Counted where it is for everyone else: "Active (n)" and "Inactive (m)" do not move.
		expect( await counts() ).toEqual( before );
		await expect(
			page.locator( '.triage-held-row', {
				hasText: 'Off for you — active for visitors',
			} )
		).toHaveCount( 1 );
		await expect( row.first() ).toContainText(
			'Active — off for you only'
		);
		await expect(
			page.getByRole( 'link', { name: `Delete ${ MARKER }` } )
		).toHaveCount( 0 );
		await expect(
			page.getByRole( 'link', { name: `Activate ${ MARKER }` } )
		).toHaveCount( 0 );
		// Listed under Active, not Inactive.
		await page.goto( '/wp-admin/plugins.php?plugin_status=inactive' );
		await expect(
			page.locator(
				'tr[data-plugin="triage-fixture-marker/triage-fixture-marker.php"]'
			)
		).toHaveCount( 0 );
		await page.goto( '/wp-admin/plugins.php?plugin_status=active' );
		await expect( row.first() ).toBeVisible();

		await page.locator( '#wp-admin-bar-triage-safe-mode' ).hover();
		await page.locator( '#wp-admin-bar-triage-safe-mode-exit a' ).click();
		await page.waitForURL( /page=triage/ );
		await page.goto( '/wp-admin/plugins.php' );
		await expect( page.locator( '.triage-held-row' ) ).toHaveCount( 0 );
		await expect(
			page.getByRole( 'link', { name: `Deactivate ${ MARKER }` } )
		).toBeVisible();
	} );

	test( 'two administrators each keep their own set, and neither changes the other', async ( {
		browser,
	} ) => {
		const first = await browser.newContext();
		const second = await browser.newContext();
		const one = await first.newPage();
		const two = await second.newPage();
		await logIn( one, 'admin', 'password' );
		await logIn( two, 'admin2', 'password' );

		// The first keeps nothing on.
		await one.goto( SAFE_TAB );
		await one.getByRole( 'button', { name: 'Start safe mode…' } ).click();
		await one
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Start safe mode' } )
			.click();
		await expect( one.getByText( INDICATOR ).first() ).toBeVisible();

		// The second keeps the marker plugin on.
		await two.goto( SAFE_TAB );
		await two.getByRole( 'checkbox', { name: MARKER } ).check();
		await two.getByRole( 'button', { name: 'Start safe mode…' } ).click();
		await two
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Start safe mode' } )
			.click();
		await expect(
			two.getByText( /Safe mode: 2 of \d+ plugins/ ).first()
		).toBeVisible();

		await one.goto( '/' );
		await two.goto( '/' );
		expect( await one.content() ).not.toContain( MARK );
		expect( await two.content() ).toContain( MARK );

		// The first leaves safe mode; the second's session goes on.
		await one.goto( '/wp-admin/' );
		await one.locator( '#wp-admin-bar-triage-safe-mode' ).hover();
		await one.locator( '#wp-admin-bar-triage-safe-mode-exit a' ).click();
		await one.waitForURL( /page=triage/ );
		await two.goto( '/wp-admin/' );
		await expect(
			two.locator( '#wp-admin-bar-triage-safe-mode' )
		).toHaveText( /Safe mode: 2 of \d+ plugins/ );
		await two.locator( '#wp-admin-bar-triage-safe-mode' ).hover();
		await two.locator( '#wp-admin-bar-triage-safe-mode-exit a' ).click();
		await two.waitForURL( /page=triage/ );
		await first.close();
		await second.close();
	} );

	test( 'a one-time rescue link gets an admin into wp-admin when a plugin breaks every request', async ( {
		page,
		browser,
	} ) => {
		await logIn( page, 'admin', 'password' );
		await page.goto( SAFE_TAB );
		await page
			.getByRole( 'button', { name: 'Create rescue link…' } )
			.click();
		await page.getByRole( 'button', { name: 'Create link' } ).click();
		const field = page.getByLabel( 'Your rescue link (shown only now)' );
		await expect( field ).toHaveValue( /triage-rescue=[0-9a-f]{64}$/ );
		const rescueUrl = await field.inputValue();

		await setPlugin( page, FATAL, true );
		writeFileSync( FATAL_FLAG, 'on\n' );
		const anonymous = await visitor();
		try {
			expect( ( await anonymous.get( '/' ) ).status() ).toBe( 500 );
			expect( ( await anonymous.get( '/wp-login.php' ) ).status() ).toBe(
				500
			);

			// A fresh browser opens the link, confirms, lands on the login screen, and gets into wp-admin.
			const rescued = await browser.newContext();
			const rescuePage = await rescued.newPage();
			await rescuePage.goto( rescueUrl );
			await rescuePage
				.getByRole( 'button', { name: 'Start rescue session' } )
				.click();
			await expect( rescuePage ).toHaveURL(
				/wp-login\.php\?redirect_to=/
			);
			await rescuePage
				.getByLabel( 'Username or Email Address' )
				.fill( 'admin' );
			await rescuePage
				.getByLabel( 'Password', { exact: true } )
				.fill( 'password' );
			await rescuePage.getByRole( 'button', { name: 'Log In' } ).click();
			await rescuePage.waitForURL( /page=triage/ );
			await expect(
				rescuePage.locator( '#wp-admin-bar-triage-safe-mode' )
			).toHaveText( INDICATOR );
			const plugins = await rescuePage.goto( '/wp-admin/plugins.php' );
			expect( plugins?.status() ).toBe( 200 );

			// Visitors are not affected by the rescue session (the site is still broken for them).
			expect( ( await anonymous.get( '/' ) ).status() ).toBe( 500 );

			// Used once, then invalid.
			const again = await anonymous.get( rescueUrl, { maxRedirects: 0 } );
			expect( again.status() ).toBe( 500 );
			await rescued.close();
		} finally {
			rmSync( FATAL_FLAG, { force: true } );
			await anonymous.dispose();
		}
		expect( ( await ( await visitor() ).get( '/' ) ).status() ).toBe( 200 );
	} );
} );
