import { existsSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';

import { debugLogLines, LAB_SITE, TRIAGE_PAGE } from '../lab';

const MAINTENANCE = join( LAB_SITE, '.maintenance' );

async function setPlugin( page: Page, slug: string, active: boolean ) {
	await page.goto( '/wp-admin/plugins.php' );
	const row = page.locator( `tr[data-slug="${ slug }"]` );
	const link = row.getByRole( 'link', {
		name: new RegExp( `^${ active ? 'Activate' : 'Deactivate' } ` ),
	} );
	if ( await link.count() ) {
		await link.click();
		await expect( page.locator( '#message' ) ).toBeVisible();
	}
}

async function runChecks( page: Page ) {
	await page.goto( TRIAGE_PAGE );
	const chain = page.getByRole( 'navigation', {
		name: 'Request path, from browser to database',
	} );
	await expect( chain ).toBeVisible();
	// The loopback step finishes within the probes' timeouts.
	await expect( page.getByRole( 'progressbar' ) ).toHaveCount( 0, {
		timeout: 45_000,
	} );
	return chain;
}

test.describe( 'Health dashboard', () => {
	test.afterEach( async ( { page } ) => {
		if ( existsSync( MAINTENANCE ) ) {
			unlinkSync( MAINTENANCE );
		}
		await setPlugin( page, 'triage-fixture-memory-hog', false );
	} );

	test( 'draws the request path with a status for every hop', async ( {
		page,
	} ) => {
		const chain = await runChecks( page );
		for ( const hop of [
			'CDN / proxy',
			'Web server',
			'PHP / PHP-FPM',
			'WordPress',
			'Database',
			'Server resources',
		] ) {
			await expect(
				chain.getByRole( 'button', { name: new RegExp( hop ) } )
			).toBeVisible();
		}
		// The lab is nginx + PHP-FPM: the pool is really measured.
		await chain.getByRole( 'button', { name: /PHP \/ PHP-FPM/ } ).click();
		const php = page.getByRole( 'region', { name: 'PHP / PHP-FPM' } );
		const pool = php.locator( '[data-check="fpm_pool"]' );
		await pool.getByText( 'Evidence and fix' ).click();
		await expect( pool ).toContainText( 'Pool' );
		await expect( pool ).toContainText( 'pm = dynamic' );
		// Real loopbacks answered, and the probes reported their memory.
		const usage = php.locator( '[data-check="memory_usage"]' );
		await expect( usage ).toContainText( /Front page/ );
		await expect( usage ).not.toContainText( 'not measured' );
		await page.screenshot( {
			path: 'artifacts/e2e/health-chain.png',
			fullPage: true,
		} );
		// Running every check, loopbacks included, leaves no PHP notice behind.
		expect(
			debugLogLines().filter( ( line ) =>
				line.includes( 'plugins/triage/' )
			)
		).toEqual( [] );
	} );

	test( 'turns the PHP hop red when a plugin eats the memory', async ( {
		page,
	} ) => {
		await setPlugin( page, 'triage-fixture-memory-hog', true );
		const chain = await runChecks( page );
		const php = chain.getByRole( 'button', { name: /PHP \/ PHP-FPM/ } );
		await expect( php ).toHaveClass( /is-critical/ );
		const finding = page
			.getByRole( 'region', { name: 'Top findings' } )
			.locator( '[data-check="memory_usage"]' );
		await expect( finding ).toContainText(
			/A normal request already uses (8\d|9\d)% of its memory limit/
		);
		await expect( finding ).toContainText( "define( 'WP_MEMORY_LIMIT'" );
	} );

	test( 'names a stuck .maintenance file under WordPress, with the fix', async ( {
		page,
	} ) => {
		const upgrading = Math.floor( Date.now() / 1000 ) - 3600;
		writeFileSync( MAINTENANCE, `<?php $upgrading = ${ upgrading }; ?>` );
		utimesSync( MAINTENANCE, upgrading, upgrading );
		const chain = await runChecks( page );
		await expect(
			chain.getByRole( 'button', { name: /WordPress/ } )
		).toHaveClass( /is-(warning|critical)/ );
		const finding = page.locator( '[data-check="maintenance"]' );
		await expect( finding ).toContainText(
			'A stale .maintenance file was left behind'
		);
		await expect( finding ).toContainText( 'delete the .maintenance file' );
		await expect( finding ).toContainText( 'wp triage maintenance clear' );
	} );

	test( 'lists Triage in Site Health, status and info', async ( {
		page,
	} ) => {
		await page.goto( '/wp-admin/site-health.php' );
		await expect(
			page.locator( '.site-health-issues-wrapper' ).first()
		).toBeVisible();
		await expect(
			page.locator( '.health-check-accordion' ).first()
		).toContainText( /Triage: /, { timeout: 45_000 } );
		await page.goto( '/wp-admin/site-health.php?tab=debug' );
		await expect(
			page.getByRole( 'button', { name: /Triage \(5xx diagnostics\)/ } )
		).toBeVisible();
	} );
} );
