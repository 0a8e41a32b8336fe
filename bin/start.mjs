/**
 * Runs WordPress with Triage in WordPress Playground (PHP as WebAssembly + SQLite), offline.
 *
 * Usage: npm start [-- --wp=<version|path|url>] [-- --php=8.3] [-- --port 9400] [-- --reset]
 *   --wp     6.5 (the bundled build, 6.5.5), 7.1 or latest (the newest release, see tests/lab/wordpress.sh),
 *            another release number (from wordpress.org), or a WordPress .zip / .tar.gz path or URL.
 *            Default: the newest release; when it cannot be had (offline, no ../shared copy), the bundled
 *            build, said in one line.
 *   --php    7.4 to 8.4 (default 8.3).
 *   --zip    install this built plugin zip (npm run build makes triage.zip) instead of mounting the tree.
 *   --site   the site folder (default .cache/playground/wp-<version>); --reset deletes it first.
 *
 * Each WordPress gets its own site under .cache/playground, kept between runs. Playground is driven
 * through runCLI() rather than its command line because the command line's argument parser forces
 * WP_DEBUG, WP_DEBUG_LOG and WP_DEBUG_DISPLAY onto every request.
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	renameSync,
	rmSync,
} from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCLI } from '@wp-playground/cli';

const ROOT = dirname( dirname( fileURLToPath( import.meta.url ) ) );
const CACHE_DIR = join( ROOT, '.cache', 'playground' );
const PLUGIN_VFS_DIR = '/wordpress/wp-content/plugins/triage';
const BUNDLED_WP = '6.5';
const PHP_VERSIONS = [ '7.4', '8.0', '8.1', '8.2', '8.3', '8.4' ];
const DEFAULT_PHP = '8.3';
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
		wp: { type: 'string' },
		php: { type: 'string', default: DEFAULT_PHP },
		zip: { type: 'string' },
		site: { type: 'string' },
	},
} );

if ( ! PHP_VERSIONS.includes( options.php ) ) {
	console.error(
		`Unsupported PHP version: ${
			options.php
		} (one of ${ PHP_VERSIONS.join( ', ' ) }).`
	);
	process.exit( 2 );
}
const PHP_VERSION = options.php;

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
 * Runs tests/lab/wordpress.sh, which extracts (and if need be downloads and verifies) a WordPress.
 *
 * @param {string} which What to extract: a version, "latest", or an archive path or URL.
 * @return {string} The host path of the extracted tree.
 */
function extractWordPress( which ) {
	return execFileSync(
		'bash',
		[ join( ROOT, 'tests/lab/wordpress.sh' ), which ],
		{ cwd: ROOT, encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'pipe' ] }
	).trim();
}

/**
 * The WordPress to run: the one asked for, else the newest release, else the bundled build.
 *
 * @return {{source: string, key: string}} Extracted tree and a short name for its site folder.
 */
function chooseWordPress() {
	const asked = options.wp ?? 'latest';
	// A path is taken relative to where npm start was run, not to the repository.
	const isArchive = /\.(zip|tar\.gz|tgz)$/.test( asked );
	const which =
		isArchive && ! /^https?:\/\//.test( asked )
			? resolvePath( process.env.INIT_CWD ?? process.cwd(), asked )
			: asked;
	if ( isArchive && ! which.startsWith( 'http' ) && ! existsSync( which ) ) {
		console.error( `No such file: ${ which }` );
		process.exit( 2 );
	}
	try {
		const source = extractWordPress( which );
		return { source, key: basename( source ) };
	} catch ( error ) {
		const reason =
			String( error.stderr ?? '' )
				.trim()
				.split( '\n' )
				.pop()
				?.replace( /^\[lab\] (error: )?/, '' ) || error.message;
		if ( isArchive || which === BUNDLED_WP ) {
			console.error( `Cannot use WordPress ${ asked }: ${ reason }` );
			process.exit( 1 );
		}
		console.log(
			`${
				asked === 'latest'
					? 'The newest WordPress'
					: `WordPress ${ asked }`
			} is not available (${ reason }): using the bundled 6.5.5 build.`
		);
		return { source: extractWordPress( BUNDLED_WP ), key: BUNDLED_WP };
	}
}

/**
 * Copies the chosen WordPress into its persistent site folder the first time.
 *
 * @param {string} source Extracted WordPress tree.
 * @param {string} key    Short name of that WordPress.
 * @return {string} The host path of the site.
 */
function prepareSite( source, key ) {
	const siteDir = options.site
		? resolvePath( process.env.INIT_CWD ?? process.cwd(), options.site )
		: join( CACHE_DIR, `wp-${ key }` );
	if ( options.reset ) {
		console.log( `Resetting: deleting ${ siteDir }` );
		rmSync( siteDir, { recursive: true, force: true } );
	}
	if ( existsSync( siteDir ) ) {
		return siteDir;
	}
	console.log( `Creating the site from ${ source }` );
	mkdirSync( dirname( siteDir ), { recursive: true } );
	// Copy then rename, so an interrupted copy never looks like a finished site.
	const partial = `${ siteDir }.partial`;
	rmSync( partial, { recursive: true, force: true } );
	cpSync( source, partial, { recursive: true } );
	rmSync( join( partial, '.triage-extracted' ), { force: true } );
	if ( options.zip ) {
		// Installed like an upload in wp-admin would: the zip's triage/ folder into the plugins folder.
		const zip = resolvePath(
			process.env.INIT_CWD ?? process.cwd(),
			options.zip
		);
		execFileSync( 'unzip', [
			'-q',
			zip,
			'-d',
			join( partial, 'wp-content', 'plugins' ),
		] );
	}
	renameSync( partial, siteDir );
	return siteDir;
}

/**
 * The version WordPress reports, from wp-includes/version.php.
 *
 * @param {string} siteDir Site folder.
 * @return {string} Version, e.g. "6.5.5".
 */
function wordpressVersion( siteDir ) {
	const source = readFileSync(
		join( siteDir, 'wp-includes', 'version.php' ),
		'utf8'
	);
	return /\$wp_version\s*=\s*'([^']+)'/.exec( source )?.[ 1 ] ?? 'unknown';
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
	const { source, key } = chooseWordPress();
	const siteDir = prepareSite( source, key );

	const mounts = [
		// Mounted before install so WordPress comes from disk (no download) and the SQLite
		// database under wp-content/database persists.
		{ hostPath: siteDir, vfsPath: '/wordpress' },
		// The working tree, live; with --zip the plugin was installed into the site instead.
		...( options.zip ? [] : PLUGIN_ENTRIES )
			.filter( ( entry ) => existsSync( join( ROOT, entry ) ) )
			.map( ( entry ) => ( {
				hostPath: join( ROOT, entry ),
				vfsPath: `${ PLUGIN_VFS_DIR }/${ entry }`,
			} ) ),
	];

	server = await runCLI( {
		command: 'server',
		port,
		php: PHP_VERSION,
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
			// The WordPress comes from the mounted files; this only names it.
			preferredVersions: { php: PHP_VERSION, wp: key },
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
	const wpVersion = wordpressVersion( siteDir );
	console.log( '' );
	console.log(
		`WordPress ${ wpVersion } on PHP ${ PHP_VERSION }: ${ siteUrl }`
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
