import { test, expect } from '@playwright/test';

import { logIn, TRIAGE_PAGE } from '../lab';

test.describe( 'Who may see diagnostics', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );

	test( 'a visitor gets 401 from the REST route', async ( { request } ) => {
		const response = await request.get( '/wp-json/triage/v1/environment' );
		expect( response.status() ).toBe( 401 );
		expect( ( await response.json() ).code ).toBe( 'rest_forbidden' );
	} );

	test( 'a subscriber cannot open the page or call the route', async ( {
		page,
	} ) => {
		await logIn( page, 'subscriber', 'password' );
		await page.goto( TRIAGE_PAGE );
		await expect(
			page.getByText( 'Sorry, you are not allowed to access this page.' )
		).toBeVisible();

		// Same cookies and a valid REST nonce: authenticated, but not allowed.
		await page.goto( '/wp-admin/profile.php' );
		const status = await page.evaluate( async () => {
			const settings = (
				window as unknown as { wpApiSettings?: { nonce: string } }
			 ).wpApiSettings;
			const nonce =
				settings?.nonce ??
				( await (
					await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
				).text() );
			const result = await fetch( '/wp-json/triage/v1/environment', {
				headers: { 'X-WP-Nonce': nonce },
			} );
			return result.status;
		} );
		expect( status ).toBe( 403 );
	} );
} );
