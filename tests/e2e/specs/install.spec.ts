import { join } from 'node:path';
import { test, expect } from '@playwright/test';

import { debugLogLines } from '../lab';

// TRIAGE_ZIP installs another build (e.g. a release candidate); npm test installs the one it built.
const ZIP =
	process.env.TRIAGE_ZIP ?? join( __dirname, '..', '..', '..', 'triage.zip' );

test( 'installs and activates Triage from the built zip without PHP notices', async ( {
	page,
} ) => {
	const linesBefore = debugLogLines().length;

	await page.goto( '/wp-admin/plugin-install.php?tab=upload' );
	await page.locator( 'input#pluginzip' ).setInputFiles( ZIP );
	await page.getByRole( 'button', { name: 'Install Now' } ).click();
	await expect(
		page.getByText( 'Plugin installed successfully.' )
	).toBeVisible();
	await page.getByRole( 'link', { name: 'Activate Plugin' } ).click();

	await expect( page.getByText( 'Plugin activated.' ) ).toBeVisible();
	await expect( page.getByText( /unexpected output/ ) ).toHaveCount( 0 );
	const row = page.locator( 'tr[data-plugin="triage/plugin.php"]' );
	await expect( row ).toHaveClass( /\bactive\b/ );
	await expect(
		page.locator( '#adminmenu' ).getByRole( 'link', { name: 'Triage' } )
	).toHaveCount( 1 );

	const newLines = debugLogLines().slice( linesBefore );
	expect(
		newLines.filter( ( line ) => line.includes( 'plugins/triage/' ) )
	).toEqual( [] );
} );
