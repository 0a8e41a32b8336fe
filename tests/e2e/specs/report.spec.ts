import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page, type Response } from '@playwright/test';

import { LAB_SITE, logIn, TRIAGE_PAGE } from '../lab';

/**
 * The lab's secret wp-config.php values: the report must show none of them.
 */
function labSecrets(): string[] {
	const config = readFileSync( join( LAB_SITE, 'wp-config.php' ), 'utf8' );
	const secrets: string[] = [];
	for ( const match of config.matchAll(
		/define\(\s*'((?:DB_PASSWORD|DB_NAME)|[A-Z_]*(?:KEY|SALT))'\s*,\s*'([^']+)'/g
	) ) {
		secrets.push( match[ 2 ] );
	}
	return secrets;
}

/**
 * The next answer of GET /triage/v1/report in a format.
 *
 * @param page   Page.
 * @param format md or json.
 */
function reportAnswer( page: Page, format: string ): Promise< Response > {
	return page.waitForResponse(
		( response ) =>
			/triage(\/|%2F)v1(\/|%2F)report/.test( response.url() ) &&
			response.url().includes( `format=${ format }` ) &&
			response.request().method() === 'GET'
	);
}

test.describe( 'Report tab', () => {
	test( 'previews, copies and downloads the REST answer, with no secret in it', async ( {
		page,
		context,
	} ) => {
		await context.grantPermissions( [
			'clipboard-read',
			'clipboard-write',
		] );
		const answer = reportAnswer( page, 'md' );
		await page.goto( `${ TRIAGE_PAGE }#/report` );
		await expect(
			page.getByRole( 'tab', { name: 'Report', selected: true } )
		).toBeVisible();
		const response = await answer;
		expect( response.status() ).toBe( 200 );
		expect( response.headers()[ 'content-type' ] ).toContain(
			'text/markdown'
		);
		const markdown = await response.text();
		expect( markdown ).toMatch( /^# Triage support report\n/ );
		expect( markdown.length ).toBeLessThan( 60 * 1024 );
		for ( const heading of [
			'## Environment',
			'## Health checks',
			'## Logs',
			'## Plugins and theme',
			'## Cron',
			'## Maintenance',
		] ) {
			expect( markdown ).toContain( `\n${ heading }` );
		}
		for ( const secret of labSecrets() ) {
			expect( markdown ).not.toContain( secret );
		}
		// The nonce travels in a header, never in the URL.
		expect( response.url() ).not.toContain( '_wpnonce' );

		// Preview.
		const preview = page.getByLabel( 'Report preview' );
		await expect( preview ).toContainText( '# Triage support report' );
		expect( await preview.evaluate( ( node ) => node.textContent ) ).toBe(
			markdown
		);

		// Copy.
		await page.getByRole( 'button', { name: 'Copy' } ).click();
		await expect(
			page.getByRole( 'button', { name: 'Copied' } )
		).toBeVisible();
		expect(
			await page.evaluate( () => navigator.clipboard.readText() )
		).toBe( markdown );

		// Download.
		const download = page.waitForEvent( 'download' );
		await page.getByRole( 'button', { name: 'Download' } ).click();
		const file = await download;
		expect( file.suggestedFilename() ).toMatch(
			/^triage-report-127\.0\.0\.1-\d{4}-\d{2}-\d{2}T\d{6}Z\.md$/
		);
		expect( readFileSync( ( await file.path() ) as string, 'utf8' ) ).toBe(
			markdown
		);
	} );

	test( 'downloads the JSON document, versioned, as the REST API sent it', async ( {
		page,
	} ) => {
		await page.goto( `${ TRIAGE_PAGE }#/report` );
		await expect( page.getByLabel( 'Report preview' ) ).toBeVisible();
		const answer = reportAnswer( page, 'json' );
		await page.getByLabel( 'Format' ).selectOption( 'json' );
		const response = await answer;
		const body = await response.text();
		const report = JSON.parse( body );
		expect( report.version ).toBe( 1 );
		expect( report.full_paths ).toBe( false );
		expect( report.health.speed ).toBe( 'fast' );
		await expect( page.getByLabel( 'Report preview' ) ).toContainText(
			'"version": 1'
		);

		const download = page.waitForEvent( 'download' );
		await page.getByRole( 'button', { name: 'Download' } ).click();
		const file = await download;
		expect( file.suggestedFilename() ).toMatch( /\.json$/ );
		expect( readFileSync( ( await file.path() ) as string, 'utf8' ) ).toBe(
			body
		);
	} );
} );

test.describe( 'Who may read the report', () => {
	test.use( { storageState: { cookies: [], origins: [] } } );

	test( 'a visitor gets 401', async ( { request } ) => {
		const response = await request.get(
			'/wp-json/triage/v1/report?format=md'
		);
		expect( response.status() ).toBe( 401 );
		expect( ( await response.json() ).code ).toBe( 'rest_forbidden' );
	} );

	test( 'a subscriber gets 403', async ( { page } ) => {
		await logIn( page, 'subscriber', 'password' );
		await page.goto( '/wp-admin/profile.php' );
		const status = await page.evaluate( async () => {
			const nonce = await (
				await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
			).text();
			return (
				await fetch( '/wp-json/triage/v1/report', {
					headers: { 'X-WP-Nonce': nonce },
				} )
			).status;
		} );
		expect( status ).toBe( 403 );
	} );
} );
