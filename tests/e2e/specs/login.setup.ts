import { test as setup, expect } from '@playwright/test';

import { ADMIN_STATE, logIn } from '../lab';

setup( 'log in as the administrator', async ( { page } ) => {
	await logIn( page, 'admin', 'password' );
	await expect( page.locator( '#wpadminbar' ) ).toBeVisible();
	await page.context().storageState( { path: ADMIN_STATE } );
} );
