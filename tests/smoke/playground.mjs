/**
 * Smoke test: `npm start` really serves a working Triage page.
 *
 * Starts bin/start.mjs on a free port, opens the URL it prints in Debian's Chromium like a person
 * would (Playground logs the first visit in automatically), and checks the page and its
 * environment panel against the WordPress and PHP versions start.mjs says it runs. Pass --reset to
 * test a cold start on a fresh site; other arguments go to start.mjs.
 *
 * Usage: node tests/smoke/playground.mjs [--reset] [--wp=6.5|7.1|<archive>] [--php=7.4…8.4]
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import {
	ROOT,
	assert,
	check,
	finish,
	freePort,
	launchChromium,
	stopChild,
} from './smoke-kit.mjs';

const ARTIFACTS = join( ROOT, 'artifacts' );
const SCREENSHOT = join( ARTIFACTS, 'playground-triage.png' );
const READY_TIMEOUT_MS = 180_000;
const READY_LINE = /^Triage is ready: (\S+)\s*$/;
const VERSIONS_LINE = /^WordPress (\S+) on PHP (\S+): /;
// What start.mjs said it runs, read from its output.
const started = { wordpress: '', php: '', created: false };

/**
 * Resolves with the ready URL once start.mjs prints it; rejects on timeout or early exit.
 *
 * @param {import('node:child_process').ChildProcess} child The start.mjs process.
 * @return {Promise<string>} The Triage URL.
 */
function waitForReady( child ) {
	return new Promise( ( resolve, reject ) => {
		const timer = setTimeout(
			() =>
				reject(
					new Error(
						`no ready line within ${ READY_TIMEOUT_MS / 1000 } s`
					)
				),
			READY_TIMEOUT_MS
		);
		const lines = createInterface( { input: child.stdout } );
		lines.on( 'line', ( line ) => {
			console.log( `[start] ${ line }` );
			const versions = VERSIONS_LINE.exec( line );
			if ( versions ) {
				[ , started.wordpress, started.php ] = versions;
			}
			if ( line.startsWith( 'Creating the site' ) ) {
				started.created = true;
			}
			const match = READY_LINE.exec( line );
			if ( match ) {
				clearTimeout( timer );
				resolve( match[ 1 ] );
			}
		} );
		createInterface( { input: child.stderr } ).on( 'line', ( line ) =>
			console.log( `[start] ${ line }` )
		);
		child.once( 'exit', ( code, signal ) => {
			clearTimeout( timer );
			reject(
				new Error(
					`start.mjs exited early (code ${ code }, signal ${ signal })`
				)
			);
		} );
	} );
}

/**
 * Waits for a fact row of the environment panel and returns its text.
 *
 * @param {import('playwright-core').Page} page The page.
 * @param {string}                         id   The data-fact id.
 * @return {Promise<string>} The row's text.
 */
async function factText( page, id ) {
	const row = page.locator( `.triage-environment [data-fact="${ id }"]` );
	await row.waitFor( { state: 'visible', timeout: 30_000 } );
	return ( await row.innerText() ).replace( /\s+/g, ' ' ).trim();
}

async function main() {
	const reset = process.argv.includes( '--reset' );
	const port = await freePort();
	// Extra arguments go to start.mjs, e.g. --wp=6.5 or --php=7.4.
	const args = [
		'bin/start.mjs',
		'--port',
		String( port ),
		...process.argv.slice( 2 ).filter( ( arg ) => arg !== '--reset' ),
	];
	if ( reset ) {
		args.push( '--reset' );
	}

	const spawnedAt = Date.now();
	const child = spawn( process.execPath, args, {
		cwd: ROOT,
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} );
	// Never leave a Playground server behind, whatever happens to this process.
	const onSignal = () => child.kill( 'SIGINT' );
	process.on( 'SIGINT', onSignal );
	process.on( 'SIGTERM', onSignal );

	let browser;
	let startSeconds = null;
	try {
		const url = await waitForReady( child );
		startSeconds = ( Date.now() - spawnedAt ) / 1000;

		browser = await launchChromium();
		const page = await browser.newPage( {
			viewport: { width: 1280, height: 1000 },
		} );
		page.on( 'pageerror', ( error ) =>
			console.log( `[page error] ${ error.message }` )
		);

		let response = null;
		await check( 'Triage page answers 200', async () => {
			response = await page.goto( url, {
				waitUntil: 'load',
				timeout: 60_000,
			} );
			assert( response, 'no response' );
			assert(
				response.status() === 200,
				`status ${ response.status() } at ${ page.url() }`
			);
			assert(
				page.url().includes( 'page=triage' ),
				`landed on ${ page.url() }, not the Triage page`
			);
		} );

		await check( 'page shows the heading "Triage"', async () => {
			const heading = page.getByRole( 'heading', {
				level: 1,
				name: 'Triage',
				exact: true,
			} );
			await heading.waitFor( { state: 'visible', timeout: 15_000 } );
		} );

		await check( 'environment panel shows real values', async () => {
			assert(
				started.php && started.wordpress,
				'start.mjs did not say which WordPress and PHP it runs'
			);
			const php = await factText( page, 'php_version' );
			assert(
				php.includes( `${ started.php }.` ),
				`php_version row reads "${ php }", start.mjs said PHP ${ started.php }`
			);
			const wordpress = await factText( page, 'wordpress_version' );
			assert(
				wordpress.includes( started.wordpress ),
				`wordpress_version row reads "${ wordpress }", start.mjs said ${ started.wordpress }`
			);
			console.log( `     ${ php } | ${ wordpress }` );
		} );

		mkdirSync( ARTIFACTS, { recursive: true } );
		await page.screenshot( { path: SCREENSHOT, fullPage: true } );
		console.log( `screenshot: ${ SCREENSHOT }` );
	} catch ( error ) {
		await check( 'smoke run completes', () => {
			throw error;
		} );
	} finally {
		await browser?.close().catch( () => {} );
		const code = await stopChild( child );
		await check( 'start.mjs stops cleanly on SIGINT', async () =>
			assert( code === 0, `exit code ${ code }` )
		);
	}

	if ( startSeconds !== null ) {
		console.log(
			`${ started.created ? 'cold' : 'warm' } start: ${ startSeconds.toFixed(
				1
			) } s (spawn to ready line)`
		);
	}
	finish( 'smoke' );
}

main().catch( ( error ) => {
	console.error( error );
	process.exit( 1 );
} );
