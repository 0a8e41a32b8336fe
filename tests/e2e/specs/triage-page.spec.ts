import { test, expect } from '@playwright/test';

import { debugLogLines, labWordPressVersion, TRIAGE_PAGE } from '../lab';

test.describe( 'Triage page', () => {
	test( 'renders the environment of the server it runs on', async ( {
		page,
	} ) => {
		const consoleErrors: string[] = [];
		page.on( 'pageerror', ( error ) =>
			consoleErrors.push( error.message )
		);
		page.on( 'console', ( message ) => {
			// The lab is offline: core's avatar and font requests cannot resolve, and are not ours.
			if (
				message.type() === 'error' &&
				! message.text().includes( 'ERR_NAME_NOT_RESOLVED' )
			) {
				consoleErrors.push( message.text() );
			}
		} );
		const response = await page.goto( TRIAGE_PAGE );
		expect( response?.status() ).toBe( 200 );

		await expect(
			page.getByRole( 'heading', { name: 'Triage', level: 1 } )
		).toBeVisible();
		await expect(
			page.getByRole( 'tab', { name: 'Overview' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		const fact = ( id: string ) =>
			page.locator( `[data-fact="${ id }"] dd` );
		await expect( fact( 'php_version' ) ).toContainText(
			/8\.2\.\d+ \(fpm-fcgi\)/
		);
		await expect( fact( 'wordpress_version' ) ).toContainText(
			labWordPressVersion()
		);
		await expect( fact( 'server_software' ) ).toContainText( 'nginx' );
		// The lab's pool sets php_admin_value[memory_limit] = 256M.
		await expect( fact( 'memory_limit' ) ).toContainText( '256 MB (256M)' );
		await expect( fact( 'wp_debug' ) ).toContainText( 'on' );
		await expect( fact( 'log_file' ) ).toContainText(
			'wp-content/debug.log'
		);
		await expect( fact( 'maintenance' ) ).toContainText( 'none' );

		await page.screenshot( {
			path: 'artifacts/e2e/triage-page.png',
			fullPage: true,
		} );
		expect( consoleErrors ).toEqual( [] );
		expect(
			debugLogLines().filter( ( line ) =>
				line.includes( 'plugins/triage/' )
			)
		).toEqual( [] );
	} );

	test( 'copies the environment as text for a ticket', async ( {
		page,
		context,
	} ) => {
		await context.grantPermissions( [
			'clipboard-read',
			'clipboard-write',
		] );
		await page.goto( TRIAGE_PAGE );
		await page
			.getByRole( 'button', { name: 'Copy for a support ticket' } )
			.click();
		await expect(
			page.getByRole( 'button', { name: 'Copied' } )
		).toBeVisible();
		const text = await page.evaluate( () =>
			navigator.clipboard.readText()
		);
		expect( text ).toContain( '## Software' );
		expect( text ).toMatch( /PHP: 8\.2\.\d+ \(fpm-fcgi\)/ );
	} );

	test( 'keeps the tab in the address bar and falls back to Overview', async ( {
		page,
	} ) => {
		await page.goto( TRIAGE_PAGE + '#/no-such-tab' );
		await expect(
			page.getByRole( 'tab', { name: 'Overview' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		await page.getByRole( 'tab', { name: 'Overview' } ).click();
		await expect( page ).toHaveURL( /#\/overview$/ );
	} );

	test( 'is usable 360 px wide', async ( { page } ) => {
		await page.setViewportSize( { width: 360, height: 740 } );
		await page.goto( TRIAGE_PAGE );
		const panel = page.locator( '.triage-environment' );
		await expect(
			panel.locator( '[data-fact="php_version"]' )
		).toBeVisible();
		const overflow = await panel.evaluate(
			( element ) => element.scrollWidth - element.clientWidth
		);
		expect( overflow ).toBeLessThanOrEqual( 0 );
	} );
} );
