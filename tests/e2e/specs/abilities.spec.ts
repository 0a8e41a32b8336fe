import { test, expect, type Page } from '@playwright/test';

import { labWordPressVersion, logIn } from '../lab';

const ABILITIES = [
	'triage/environment',
	'triage/incidents',
	'triage/logs-summary',
	'triage/report',
	'triage/status',
];

/**
 * Whether the lab's WordPress has the Abilities API (6.9 and later).
 */
function hasAbilitiesApi(): boolean {
	const [ major, minor ] = labWordPressVersion().split( '.' ).map( Number );
	return major > 6 || ( major === 6 && minor >= 9 );
}

/**
 * GET a REST path from the logged-in page, with the REST nonce in its header.
 *
 * @param page Page.
 * @param path Path under /wp-json.
 */
function restGet(
	page: Page,
	path: string
): Promise< { status: number; body: any } > {
	return page.evaluate( async ( route ) => {
		const nonce = await (
			await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
		).text();
		const response = await fetch( '/wp-json' + route, {
			headers: { 'X-WP-Nonce': nonce },
		} );
		return { status: response.status, body: await response.json() };
	}, path );
}

test.describe( 'Abilities', () => {
	// eslint-disable-next-line playwright/no-skipped-test -- the Abilities API needs WordPress 6.9; the lab may run 6.5.
	test.skip(
		! hasAbilitiesApi(),
		'The Abilities API arrived in WordPress 6.9 (tests/lab/up.sh 7.1).'
	);

	test( 'an administrator finds Triage’s abilities and runs triage/status through core’s route', async ( {
		page,
	} ) => {
		await page.goto( '/wp-admin/' );
		const list = await restGet(
			page,
			'/wp-abilities/v1/abilities?category=triage'
		);
		expect( list.status ).toBe( 200 );
		expect(
			list.body
				.map( ( ability: { name: string } ) => ability.name )
				.sort()
		).toEqual( ABILITIES );
		const status = list.body.find(
			( ability: { name: string } ) => ability.name === 'triage/status'
		);
		expect( status.meta.annotations.readonly ).toBe( true );
		expect( status.output_schema.title ).toBe( 'HealthReport' );

		const run = await restGet(
			page,
			'/wp-abilities/v1/abilities/triage/status/run?input[speed]=fast'
		);
		expect( run.status ).toBe( 200 );
		expect( run.body.checks.length ).toBeGreaterThan( 5 );
		const ids = run.body.checks.map(
			( check: { id: string } ) => check.id
		);
		expect( ids ).toContain( 'php_version' );
		expect( ids ).not.toContain( 'loopback' );
		expect( Object.keys( run.body.layers ) ).toContain( 'php' );
	} );

	test.describe( 'refusals', () => {
		test.use( { storageState: { cookies: [], origins: [] } } );

		test( 'a subscriber may not run them', async ( { page } ) => {
			await logIn( page, 'subscriber', 'password' );
			await page.goto( '/wp-admin/profile.php' );
			const run = await restGet(
				page,
				'/wp-abilities/v1/abilities/triage/status/run'
			);
			expect( run.status ).toBe( 403 );
		} );
	} );
} );
