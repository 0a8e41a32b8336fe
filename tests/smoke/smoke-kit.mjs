/**
 * What the smoke scripts share: named checks with a pass/fail tally, a free port, stopping start.mjs and
 * launching Chromium the way the e2e suite does.
 */
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium-args.cjs';

/** The repository root. */
export const ROOT = dirname(
	dirname( dirname( fileURLToPath( import.meta.url ) ) )
);

/** Every check run so far, in order. */
const results = [];

/**
 * Runs one group of assertions and records whether it passed.
 *
 * @param {string}   name Group name.
 * @param {Function} body Async function that throws on failure.
 */
export async function check( name, body ) {
	try {
		await body();
		results.push( { name, ok: true } );
		console.log( `ok   ${ name }` );
	} catch ( error ) {
		results.push( { name, ok: false } );
		console.log( `FAIL ${ name }: ${ error.message }` );
	}
}

/**
 * Throws when a condition does not hold.
 *
 * @param {boolean} condition The condition.
 * @param {string}  message   What went wrong.
 */
export function assert( condition, message ) {
	if ( ! condition ) {
		throw new Error( message );
	}
}

/**
 * Prints "<tag>: N passed, M failed" (the line bin/test.sh counts) and exits 0 only when all passed.
 *
 * @param {string} tag The script's name in the summary line.
 */
export function finish( tag ) {
	const passed = results.filter( ( result ) => result.ok ).length;
	const failed = results.length - passed;
	console.log( `${ tag }: ${ passed } passed, ${ failed } failed` );
	process.exit( failed === 0 ? 0 : 1 );
}

/**
 * Asks the OS for a port nobody listens on.
 *
 * @return {Promise<number>} The port.
 */
export function freePort() {
	return new Promise( ( resolve, reject ) => {
		const probe = createServer();
		probe.once( 'error', reject );
		probe.listen( 0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close( () => resolve( port ) );
		} );
	} );
}

/**
 * Sends SIGINT like Ctrl-C and waits for the exit, escalating to SIGKILL if it hangs.
 *
 * @param {import('node:child_process').ChildProcess} child     The start.mjs process.
 * @param {number}                                    timeoutMs How long SIGINT may take.
 * @return {Promise<number|null>} The exit code, null when it had to be killed.
 */
export function stopChild( child, timeoutMs = 30_000 ) {
	if ( child.exitCode !== null || child.signalCode !== null ) {
		return Promise.resolve( child.exitCode );
	}
	return new Promise( ( resolve ) => {
		const timer = setTimeout( () => child.kill( 'SIGKILL' ), timeoutMs );
		child.once( 'exit', ( code ) => {
			clearTimeout( timer );
			resolve( code );
		} );
		child.kill( 'SIGINT' );
	} );
}

/**
 * Debian's Chromium, headless, with the e2e suite's launch arguments (tests/chromium-args.cjs).
 *
 * @return {Promise<import('playwright-core').Browser>} The browser.
 */
export function launchChromium() {
	return chromium.launch( {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [ ...CHROMIUM_ARGS ],
	} );
}
