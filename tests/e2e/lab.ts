import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

const LAB_DIR =
	process.env.TRIAGE_LAB_DIR ??
	join( __dirname, '..', '..', '.cache', 'lab' );

/**
 * Where tests/lab/up.sh put the site, as the web server sees it: in a clone inside a private folder
 * .cache/lab is a link to a folder the web server can reach (tests/lab/common.sh), and paths the tests
 * hand to WordPress must be the real ones.
 */
export const LAB_SITE = join(
	existsSync( LAB_DIR ) ? realpathSync( LAB_DIR ) : LAB_DIR,
	'site'
);

/** Per lab port: browsers scope cookies by host, not port, so two labs must not share a login. */
export const ADMIN_STATE = `artifacts/e2e/admin-state-${
	process.env.TRIAGE_LAB_PORT ?? '8889'
}.json`;
export const TRIAGE_PAGE = '/wp-admin/tools.php?page=triage';

/**
 * The version of the WordPress the lab serves (tests/lab/up.sh takes 6.5 or 7.1), as core reports it.
 */
export function labWordPressVersion(): string {
	const source = readFileSync(
		join( LAB_SITE, 'wp-includes', 'version.php' ),
		'utf8'
	);
	const match = /\$wp_version\s*=\s*'([^']+)'/.exec( source );
	if ( ! match ) {
		throw new Error( 'No $wp_version in the lab site' );
	}
	return match[ 1 ];
}

/**
 * Lines of the lab's debug.log, or none when it does not exist yet.
 */
export function debugLogLines(): string[] {
	const file = join( LAB_SITE, 'wp-content', 'debug.log' );
	return existsSync( file )
		? readFileSync( file, 'utf8' ).split( '\n' ).filter( Boolean )
		: [];
}

/**
 * Logs in through wp-login.php like a person.
 *
 * @param page     Page.
 * @param user     User name.
 * @param password Password.
 */
export async function logIn( page: Page, user: string, password: string ) {
	await page.goto( '/wp-login.php' );
	await page.getByLabel( 'Username or Email Address' ).fill( user );
	await page.getByLabel( 'Password', { exact: true } ).fill( password );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await page.waitForURL( /wp-admin/ );
}

/**
 * Runs tests/lab/bisect.php against the lab: switches the bisection fixtures on or off and picks the
 * scenario that makes their culprits misbehave.
 *
 * @param args Command and argument, e.g. [ 'scenario', 'fatal' ].
 */
export function bisectLab( ...args: string[] ): string {
	return execFileSync(
		'php',
		[ join( __dirname, '..', 'lab', 'bisect.php' ), LAB_SITE, ...args ],
		{ encoding: 'utf8' }
	);
}
