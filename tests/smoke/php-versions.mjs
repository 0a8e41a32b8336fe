/**
 * Smoke test on the oldest and newest PHP Triage supports, for real: PHP 7.4 (on WordPress 6.5.5, the
 * oldest pair) and PHP 8.4 (on WordPress 7.1.0, the newest), both in WordPress Playground (PHP as
 * WebAssembly), offline.
 *
 * For each: starts bin/start.mjs on a fresh site with the built zip installed (not the working tree) and
 * activated, opens every tab in Debian's Chromium, calls every GET route under /triage/v1 (routes with a
 * log source in their path once per source, a required argument with the first value it allows), and fails on a PHP notice, warning, deprecation or fatal
 * error logged from Triage's files, on a route answering anything but 200, and on a JavaScript error in
 * the page.
 *
 * Not covered here (the e2e suite covers them on PHP 8.2): POST and DELETE routes, which change the site.
 *
 * Usage: node tests/smoke/php-versions.mjs [7.4|8.4 ...]   (needs triage.zip: npm run build)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
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

const ZIP = process.env.TRIAGE_ZIP ?? join( ROOT, 'triage.zip' );
const RUNS = [
	{ php: '7.4', wp: '6.5' },
	{ php: '8.4', wp: '7.1' },
];
const READY_TIMEOUT_MS = 240_000;
const READY_LINE = /^Triage is ready: (\S+)\s*$/;
// What PHP writes to the log for a problem, and where Triage's code lives inside the site.
const PHP_PROBLEM =
	/PHP (Notice|Warning|Deprecated|Fatal error|Parse error|Recoverable fatal error)|Uncaught /;
const TRIAGE_FILE = /\/plugins\/triage\/|\/mu-plugins\/triage-loader\.php/;

/**
 * Starts bin/start.mjs and resolves with the Triage URL once it prints it.
 *
 * @param {string[]} args Arguments for start.mjs.
 * @param {string}   tag  Prefix for its output.
 * @return {Promise<{child: import('node:child_process').ChildProcess, url: string}>} Process and URL.
 */
function start( args, tag ) {
	const child = spawn( process.execPath, [ 'bin/start.mjs', ...args ], {
		cwd: ROOT,
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} );
	const ready = new Promise( ( resolve, reject ) => {
		const timer = setTimeout(
			() =>
				reject(
					new Error(
						`no ready line within ${ READY_TIMEOUT_MS / 1000 } s`
					)
				),
			READY_TIMEOUT_MS
		);
		createInterface( { input: child.stdout } ).on( 'line', ( line ) => {
			console.log( `[${ tag }] ${ line }` );
			const match = READY_LINE.exec( line );
			if ( match ) {
				clearTimeout( timer );
				resolve( match[ 1 ] );
			}
		} );
		createInterface( { input: child.stderr } ).on( 'line', ( line ) =>
			console.log( `[${ tag }] ${ line }` )
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
	return { child, ready };
}

/**
 * Now as PHP's error_log() writes it: 02-Dec-2026 01:23:45 UTC.
 *
 * @return {string} The time.
 */
function phpLogTime() {
	const [ , day, month, year, time ] = new Date()
		.toUTCString()
		.match( /^\w+, (\d+) (\w+) (\d+) (\S+)/ );
	return `${ day.padStart( 2, '0' ) }-${ month }-${ year } ${ time } UTC`;
}

/**
 * Every string "id" in a JSON value: the log sources GET /triage/v1/logs lists.
 *
 * @param {*} value JSON value.
 * @return {string[]} Ids.
 */
function ids( value ) {
	if ( Array.isArray( value ) ) {
		return value.flatMap( ids );
	}
	if ( value && typeof value === 'object' ) {
		return [
			...( typeof value.id === 'string' ? [ value.id ] : [] ),
			...Object.entries( value )
				.filter( ( [ key ] ) => key !== 'id' )
				.flatMap( ( [ , inner ] ) => ids( inner ) ),
		];
	}
	return [];
}

/**
 * One PHP version: start, tabs, routes, log.
 *
 * @param {{php: string, wp: string}}         run     PHP and WordPress versions.
 * @param {import('playwright-core').Browser} browser Chromium.
 */
async function smoke( run, browser ) {
	const label = `PHP ${ run.php }`;
	const site = join( ROOT, '.cache', 'playground', `smoke-php-${ run.php }` );
	const port = await freePort();
	const { child, ready } = start(
		[
			`--php=${ run.php }`,
			`--wp=${ run.wp }`,
			`--zip=${ ZIP }`,
			`--site=${ site }`,
			'--reset',
			`--port=${ port }`,
		],
		`php ${ run.php }`
	);
	const onSignal = () => child.kill( 'SIGINT' );
	process.on( 'SIGINT', onSignal );
	const started = Date.now();
	let context;
	try {
		const url = await ready;
		console.log(
			`     ${ label } up in ${ (
				( Date.now() - started ) /
				1000
			).toFixed( 1 ) } s`
		);
		context = await browser.newContext( {
			viewport: { width: 1280, height: 1000 },
		} );
		const page = await context.newPage();
		const pageErrors = [];
		page.on( 'pageerror', ( error ) => pageErrors.push( error.message ) );

		await check( `${ label }: every tab opens`, async () => {
			const response = await page.goto( url, { timeout: 90_000 } );
			assert(
				response?.status() === 200,
				`the Triage page answered ${ response?.status() }`
			);
			const tabs = page.getByRole( 'tab' );
			await tabs.first().waitFor( { timeout: 60_000 } );
			const names = ( await tabs.allInnerTexts() ).map( ( name ) =>
				name.trim()
			);
			assert( names.length >= 5, `only ${ names.length } tabs` );
			for ( const name of names ) {
				await page.getByRole( 'tab', { name } ).click();
				const panel = page.getByRole( 'tabpanel' );
				await panel.waitFor( { timeout: 30_000 } );
				// Loaded: no spinner or progress bar left (the Overview's loopbacks take a while here).
				await page
					.locator(
						'#triage-root [role="progressbar"], #triage-root .components-spinner'
					)
					.first()
					.waitFor( { state: 'detached', timeout: 120_000 } );
				const text = ( await panel.innerText() ).trim();
				assert( text.length > 0, `the ${ name } tab is empty` );
				console.log( `     ${ label }: ${ name } tab shown` );
			}
			assert(
				pageErrors.length === 0,
				`JavaScript errors: ${ pageErrors.join( '; ' ) }`
			);
		} );

		await check( `${ label }: every GET route answers`, async () => {
			// The log routes need a log to read: one line that is not Triage's own.
			appendFileSync(
				join( site, 'wp-content', 'debug.log' ),
				`[${ phpLogTime() }] PHP Notice:  php-versions smoke marker in /wordpress/wp-content/smoke.php on line 1\n`
			);
			const origin = new URL( url ).origin;
			const call = ( path, query = '' ) =>
				page.evaluate(
					async ( [ target, nonceUrl ] ) => {
						const nonce = await (
							await fetch( nonceUrl, {
								credentials: 'same-origin',
							} )
						).text();
						const response = await fetch( target, {
							credentials: 'same-origin',
							headers: { 'X-WP-Nonce': nonce },
						} );
						const body = await response.text();
						let json = null;
						try {
							json = JSON.parse( body );
						} catch {}
						return { status: response.status, json, body };
					},
					[
						`${ origin }/?rest_route=${ encodeURIComponent(
							path
						) }${ query }`,
						`${ origin }/wp-admin/admin-ajax.php?action=rest-nonce`,
					]
				);
			const index = await call( '/triage/v1' );
			assert(
				index.status === 200 && index.json?.routes,
				`the namespace index answered ${ index.status }`
			);
			const routes = Object.entries( index.json.routes ).filter(
				( [ , route ] ) => route.methods.includes( 'GET' )
			);
			const sources = ids( ( await call( '/triage/v1/logs' ) ).json );
			const bad = [];
			let calls = 0;
			for ( const [ route, description ] of routes ) {
				// Path parameters: only log sources exist, filled from GET /triage/v1/logs.
				const parameters = route.match( /\(\?P<\w+>[^)]*\)/g ) ?? [];
				assert(
					parameters.every( ( part ) =>
						part.includes( '<source>' )
					) && parameters.length <= 1,
					`no value to put in ${ route }`
				);
				const paths = parameters.length
					? sources.map( ( source ) =>
							route.replace( parameters[ 0 ], source )
						)
					: [ route ];
				// A required query argument gets the first value its enum allows: site-status runs one
				// health check (GET /triage/v1/health has just run them all), and each one costs loopbacks.
				const args = Object.entries(
					description.endpoints.find( ( endpoint ) =>
						endpoint.methods.includes( 'GET' )
					)?.args ?? {}
				).filter(
					// Path parameters are listed as required arguments too.
					( [ name, arg ] ) =>
						arg.required && ! route.includes( `<${ name }>` )
				);
				assert(
					args.length <= 1 &&
						args.every( ( [ , arg ] ) =>
							Array.isArray( arg.enum )
						),
					`no value to put in the arguments of ${ route }`
				);
				const queries = args.length
					? args[ 0 ][ 1 ].enum
							.slice( 0, 1 )
							.map(
								( value ) =>
									`&${ args[ 0 ][ 0 ] }=${ encodeURIComponent(
										value
									) }`
							)
					: [ '' ];
				for ( const path of paths ) {
					for ( const query of queries ) {
						const answer = await call( path, query );
						calls++;
						console.log(
							`     ${ label }: GET ${ path }${ query } ${ answer.status }`
						);
						if ( answer.status !== 200 ) {
							bad.push(
								`${ path }${ query } ${
									answer.status
								} ${ answer.body.slice( 0, 200 ) }`
							);
						}
					}
				}
			}
			assert( calls >= routes.length, 'some routes were not called' );
			assert( bad.length === 0, bad.join( '; ' ) );
		} );

		await check(
			`${ label }: no PHP notice, warning, deprecation or fatal from Triage`,
			async () => {
				const log = join( site, 'wp-content', 'debug.log' );
				const lines = existsSync( log )
					? readFileSync( log, 'utf8' ).split( '\n' )
					: [];
				const ours = lines.filter(
					( line ) =>
						PHP_PROBLEM.test( line ) && TRIAGE_FILE.test( line )
				);
				console.log(
					`     ${ label }: debug.log has ${ lines.filter( Boolean ).length } lines, ${ ours.length } from Triage`
				);
				assert( ours.length === 0, ours.slice( 0, 5 ).join( '\n' ) );
			}
		);
	} catch ( error ) {
		await check( `${ label }: runs`, () => {
			throw error;
		} );
	} finally {
		await context?.close().catch( () => {} );
		await stopChild( child );
		process.off( 'SIGINT', onSignal );
	}
}

async function main() {
	if ( ! existsSync( ZIP ) ) {
		console.log( `FAIL no ${ ZIP }: run npm run build first` );
		console.log( 'php-versions: 0 passed, 1 failed' );
		process.exit( 1 );
	}
	const wanted = process.argv.slice( 2 );
	const browser = await launchChromium();
	try {
		for ( const run of RUNS ) {
			if ( wanted.length === 0 || wanted.includes( run.php ) ) {
				await smoke( run, browser );
			}
		}
	} finally {
		await browser.close();
	}
	finish( 'php-versions' );
}

main().catch( ( error ) => {
	console.error( error );
	process.exit( 1 );
} );
