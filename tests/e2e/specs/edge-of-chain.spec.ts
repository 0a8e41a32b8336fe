import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';

import { TRIAGE_PAGE } from '../lab';

/**
 * The edge of the chain, each provoked for real on the lab (tests/lab/edge.sh): an https origin with an
 * expired self-signed certificate behind a verifying nginx proxy, a must-use plugin that answers 403 to
 * the server's own requests, and a site address that names a host that does not resolve.
 */

const EDGE = join( __dirname, '..', '..', 'lab', 'edge.sh' );

/**
 * Runs tests/lab/edge.sh and returns the JSON line it prints.
 *
 * @param args Command and arguments.
 */
function edge( ...args: string[] ): Record< string, string > {
	return JSON.parse(
		execFileSync( 'bash', [ EDGE, ...args ], { encoding: 'utf8' } )
	);
}

/**
 * Opens the Overview and waits for every check, the slow ones included, to finish.
 *
 * @param page Page.
 */
async function runChecks( page: Page ) {
	await page.goto( TRIAGE_PAGE );
	await expect(
		page.getByRole( 'navigation', {
			name: 'Request path, from browser to database',
		} )
	).toBeVisible();
	await expect( page.getByRole( 'progressbar' ) ).toHaveCount( 0, {
		timeout: 45_000,
	} );
	return page.getByRole( 'region', { name: 'Top findings' } );
}

test.describe( 'Edge of the chain', () => {
	test.afterAll( () => {
		edge( 'tls-down' );
		edge( 'block', 'off' );
		edge( 'address', 'reset' );
	} );

	test( 'names an expired origin certificate that a verifying proxy refuses', async ( {
		page,
		request,
	} ) => {
		const lab = edge( 'tls-up' );
		try {
			// What visitors get through the proxy, and what the proxy logs.
			const through = await request.get( `${ lab.proxy }/` );
			expect( through.status() ).toBe( 502 );
			expect( readFileSync( lab.proxyLog, 'utf8' ) ).toContain(
				'upstream SSL certificate verify error: (10:certificate has expired)'
			);

			// The site (home) is on https at that origin; the admin keeps reaching wp-admin directly over http
			// (an https siteurl would make WordPress force https on wp-admin).
			edge( 'address', lab.origin, 'home' );
			const findings = await runChecks( page );
			const finding = findings.locator( '[data-check="origin_tls"]' );
			await expect( finding ).toContainText(
				/The origin's certificate expired \d+ days ago \(2021-01-01\)/
			);
			await expect( finding ).toContainText( '127.0.0.1:8443' );
			await expect( finding ).toContainText(
				"The origin's certificate is self-signed"
			);
			await expect( finding ).toContainText( 'Cloudflare answers 526' );
			await expect( finding ).toContainText(
				'upstream SSL certificate verify error'
			);
			await expect( finding ).toContainText( 'certbot renew' );
			await page.screenshot( {
				path: 'artifacts/e2e/edge-origin-tls.png',
				fullPage: true,
			} );
		} finally {
			edge( 'address', 'reset' );
			edge( 'tls-down' );
		}
	} );

	test( "says the server's own requests are blocked, by what, and how to allow them", async ( {
		page,
	} ) => {
		edge( 'block', 'on' );
		try {
			const findings = await runChecks( page );
			const finding = findings.locator( '[data-check="loopback"]' );
			await expect( finding ).toContainText(
				"The server's requests to itself are blocked: Front page, Dashboard (/wp-admin/), REST API root, admin-ajax.php answered with HTTP 403"
			);
			await expect( finding ).toContainText( 'Access denied' );
			await expect( finding ).toContainText( 'wp-cron' );
			await expect( finding ).toContainText(
				"Allow the server's own requests in the security plugin or firewall that answered"
			);
			await expect( finding ).not.toContainText(
				'answers itself quickly'
			);
			await page.screenshot( {
				path: 'artifacts/e2e/edge-blocked-loopbacks.png',
				fullPage: true,
			} );
		} finally {
			edge( 'block', 'off' );
		}
	} );

	/**
	 * Checks the site address finding and that the page keeps working on the host in use.
	 *
	 * @param page    Page.
	 * @param options Which options point elsewhere.
	 */
	async function expectSiteAddressFinding( page: Page, options: string[] ) {
		const failed: string[] = [];
		page.on( 'requestfailed', ( failure ) => failed.push( failure.url() ) );
		const findings = await runChecks( page );
		const origin = new URL( page.url() ).origin;
		const finding = findings.locator( '[data-check="site_address"]' );
		await expect( finding ).toContainText(
			'The site address (home) points to old-shop.invalid, which does not resolve; you are using 127.0.0.1'
		);
		for ( const option of options ) {
			await expect( finding ).toContainText(
				`Change the ${ option } option to ${ origin }: wp option update ${ option } '${ origin }'`
			);
		}
		// The loopbacks fail too, and their fix points at the site address.
		await expect(
			findings.locator( '[data-check="loopback"]' )
		).toContainText( 'see the site address check' );

		// The page works: another tab loads its data from the REST API on the host in use.
		await page.getByRole( 'tab', { name: 'Logs' } ).click();
		await expect(
			page.getByRole( 'combobox', { name: 'Log' } )
		).toBeVisible();
		await expect(
			page.locator( '.components-notice.is-error' )
		).toHaveCount( 0 );
		expect( failed.filter( ( url ) => url.startsWith( origin ) ) ).toEqual(
			[]
		);
	}

	test( 'names a home address that does not resolve, and keeps working meanwhile', async ( {
		page,
	} ) => {
		edge( 'address', 'http://old-shop.invalid', 'home' );
		try {
			await expectSiteAddressFinding( page, [ 'home' ] );
			await expect(
				page.getByRole( 'tab', { name: 'Logs' } )
			).toHaveAttribute( 'aria-selected', 'true' );
			await page.screenshot( {
				path: 'artifacts/e2e/edge-site-address.png',
				fullPage: true,
			} );
		} finally {
			edge( 'address', 'reset' );
		}
	} );

	test( 'names home and siteurl on a host that does not resolve, after logging in again', async ( {
		page,
	} ) => {
		edge( 'address', 'http://old-shop.invalid' );
		try {
			// WordPress names its login cookies after siteurl, so changing it logs everyone out, and its login
			// form posts to the dead host: post the same form to the host in use.
			const login = await page.request.post( '/wp-login.php', {
				form: { log: 'admin', pwd: 'password', 'wp-submit': 'Log In' },
				maxRedirects: 0,
			} );
			expect( login.status() ).toBe( 302 );
			await expectSiteAddressFinding( page, [ 'home', 'siteurl' ] );
		} finally {
			edge( 'address', 'reset' );
		}
	} );
} );
