/**
 * Runs WordPress with Triage in WordPress Playground (PHP as WebAssembly + SQLite), offline.
 *
 * Usage: npm start [-- --port 9400] [-- --reset]
 *
 * The site lives in .cache/playground/wordpress and persists between runs; --reset starts afresh.
 * Playground is driven through runCLI() rather than its command line because the command line's
 * argument parser forces WP_DEBUG, WP_DEBUG_LOG and WP_DEBUG_DISPLAY onto every request.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCLI } from '@wp-playground/cli';

const ROOT = dirname( dirname( fileURLToPath( import.meta.url ) ) );
const CACHE_DIR = join( ROOT, '.cache', 'playground' );
const SITE_DIR = join( CACHE_DIR, 'wordpress' );
const PLUGIN_VFS_DIR = '/wordpress/wp-content/plugins/triage';
const WP_VERSION = '6.5';
const PHP_VERSION = '8.3';
const DEFAULT_PORT = 9400;
const READY_TIMEOUT_MS = 120_000;
const LOOPBACK = [ '127.0.0.1', '::1', '::ffff:127.0.0.1' ];

// Only what the plugin needs at run time: the repo also holds node_modules, vendor and .cache (which
// contains this very site), far too big and, for .cache, recursive to mount.
const PLUGIN_ENTRIES = [
	'plugin.php',
	'uninstall.php',
	'includes',
	'build',
	'assets',
	'languages',
	'mu-plugin',
];

const { values: options } = parseArgs( {
	options: {
		port: { type: 'string' },
		reset: { type: 'boolean', default: false },
	},
} );

const port = Number( options.port ?? process.env.TRIAGE_PORT ?? DEFAULT_PORT );
if ( ! Number.isInteger( port ) || port < 1 || port > 65535 ) {
	console.error(
		`Invalid port: ${ options.port ?? process.env.TRIAGE_PORT }`
	);
	process.exit( 2 );
}

let server = null;
let stopping = false;

/**
 * Closes the server and the PHP workers, then exits.
 *
 * @param {string} signal The signal that asked us to stop.
 */
async function stop( signal ) {
	if ( stopping ) {
		// A second Ctrl-C means "now", even mid-boot.
		process.exit( 1 );
	}
	stopping = true;
	console.log( `\nStopping Playground (${ signal })…` );
	if ( server ) {
		await server[ Symbol.asyncDispose ]();
		process.exit( 0 );
	}
	// Still booting: main() disposes as soon as runCLI() hands the server over, so the SQLite
	// database is never left half-written.
}

process.on( 'SIGINT', () => stop( 'SIGINT' ) );
process.on( 'SIGTERM', () => stop( 'SIGTERM' ) );

/**
 * Copies WordPress 6.5 into the persistent site folder the first time.
 *
 * @return {string} The host path of the site.
 */
function prepareSite() {
	if ( options.reset ) {
		console.log( `Resetting: deleting ${ CACHE_DIR }` );
		rmSync( CACHE_DIR, { recursive: true, force: true } );
	}
	if ( existsSync( SITE_DIR ) ) {
		return SITE_DIR;
	}
	const source = execFileSync(
		'bash',
		[ join( ROOT, 'tests/lab/wordpress.sh' ), WP_VERSION ],
		{ cwd: ROOT, encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'inherit' ] }
	).trim();
	console.log( `Creating the site from ${ source }` );
	mkdirSync( CACHE_DIR, { recursive: true } );
	// Copy then rename, so an interrupted copy never looks like a finished site.
	const partial = `${ SITE_DIR }.partial`;
	rmSync( partial, { recursive: true, force: true } );
	cpSync( source, partial, { recursive: true } );
	rmSync( join( partial, '.triage-extracted' ), { force: true } );
	renameSync( partial, SITE_DIR );
	return SITE_DIR;
}

/**
 * Requests a URL like a browser would, keeping cookies across redirects (the auto-login sets them).
 *
 * @param {string} url     Absolute URL.
 * @param {Object} cookies Cookie jar, name => value; updated in place.
 * @return {Promise<Response>} The final response.
 */
async function browse( url, cookies = {} ) {
	let response;
	for ( let hop = 0; hop < 5; hop++ ) {
		response = await fetch( url, {
			redirect: 'manual',
			headers: {
				cookie: Object.entries( cookies )
					.map( ( [ name, value ] ) => `${ name }=${ value }` )
					.join( '; ' ),
			},
			signal: AbortSignal.timeout( 30_000 ),
		} );
		for ( const header of response.headers.getSetCookie() ) {
			const pair = header.split( ';' )[ 0 ];
			const equals = pair.indexOf( '=' );
			cookies[ pair.slice( 0, equals ).trim() ] = pair.slice(
				equals + 1
			);
		}
		const location = response.headers.get( 'location' );
		if ( response.status < 300 || response.status >= 400 || ! location ) {
			return response;
		}
		await response.arrayBuffer();
		url = new URL( location, url ).href;
	}
	return response;
}

/**
 * Polls until a URL answers 200: Playground answers 502 while it boots.
 *
 * @param {string} url Absolute URL.
 * @return {Promise<number>} The last status seen.
 */
async function waitFor200( url ) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	let status = 0;
	while ( Date.now() < deadline && ! stopping ) {
		try {
			const response = await browse( url );
			status = response.status;
			await response.arrayBuffer();
			if ( status === 200 ) {
				return status;
			}
		} catch {
			status = 0;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
	}
	return status;
}

async function main() {
	const siteDir = prepareSite();

	const mounts = [
		// Mounted before install so WordPress comes from disk (no download) and the SQLite
		// database under wp-content/database persists.
		{ hostPath: siteDir, vfsPath: '/wordpress' },
		...PLUGIN_ENTRIES.filter( ( entry ) =>
			existsSync( join( ROOT, entry ) )
		).map( ( entry ) => ( {
			hostPath: join( ROOT, entry ),
			vfsPath: `${ PLUGIN_VFS_DIR }/${ entry }`,
		} ) ),
	];

	server = await runCLI( {
		command: 'server',
		port,
		php: PHP_VERSION,
		wp: WP_VERSION,
		// Loopback requests (WordPress calling itself) deadlock with a single worker, and Triage's health
		// check sends five at once while its own REST request holds one: with two workers the last probes
		// queued past their 10 s timeout. Four finish them in two rounds at about 1 GB of memory.
		workers: 4,
		login: true,
		wordpressInstallMode: 'install-from-existing-files-if-needed',
		'mount-before-install': mounts,
		// Process-level constants, defined on every start before any WordPress code runs, boot
		// included: without them every admin page hangs for seconds on update checks.
		'define-bool': {
			WP_HTTP_BLOCK_EXTERNAL: true,
			AUTOMATIC_UPDATER_DISABLED: true,
		},
		// The Blueprint runs on every start, cold or warm.
		blueprint: {
			preferredVersions: { php: PHP_VERSION, wp: WP_VERSION },
			login: true,
			steps: [
				{
					// Developer defaults, written into wp-config.php so the site owns them.
					step: 'defineWpConfigConsts',
					// The default method only defines them per process, not in the file.
					method: 'rewrite-wp-config',
					consts: {
						WP_DEBUG: true,
						WP_DEBUG_LOG: true,
						WP_DEBUG_DISPLAY: false,
					},
				},
				{ step: 'activatePlugin', pluginPath: 'triage/plugin.php' },
			],
		},
	} );

	if ( stopping ) {
		await server[ Symbol.asyncDispose ]();
		process.exit( 0 );
	}

	// Playground listens on every interface and logs visitors in as admin: serve this machine only.
	server.server.prependListener( 'connection', ( socket ) => {
		if ( ! LOOPBACK.includes( socket.remoteAddress ) ) {
			socket.destroy();
		}
	} );

	const siteUrl = server.serverUrl;
	const triageUrl = `${ siteUrl }/wp-admin/tools.php?page=triage`;
	const status = await waitFor200( triageUrl );
	if ( stopping ) {
		return;
	}
	if ( status !== 200 ) {
		console.error(
			`The Triage page answered ${ status || 'nothing' } instead of 200.`
		);
		await server[ Symbol.asyncDispose ]();
		process.exit( 1 );
	}

	const seconds = process.uptime().toFixed( 1 );
	console.log( '' );
	console.log(
		`WordPress ${ WP_VERSION } on PHP ${ PHP_VERSION }: ${ siteUrl }`
	);
	console.log(
		'Login: admin / password (opening any page logs you in automatically)'
	);
	console.log( `Site files: ${ siteDir }` );
	console.log( `Started in ${ seconds } s. Press Ctrl-C to stop.` );
	console.log( '' );
	console.log( `Triage is ready: ${ triageUrl }` );
}

main().catch( async ( error ) => {
	console.error(
		error.code === 'EADDRINUSE'
			? `Port ${ port } is in use: pass --port N or set TRIAGE_PORT.`
			: error
	);
	if ( server ) {
		await server[ Symbol.asyncDispose ]().catch( () => {} );
	}
	process.exit( 1 );
} );
