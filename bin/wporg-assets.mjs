/**
 * Makes the wordpress.org directory assets in .wordpress-org/ (kept out of the zip; the directory takes them
 * from the plugin's SVN assets/ folder): the banner (772×250 and 1544×500), the icon (128 and 256) and the
 * screenshots readme.txt lists, rendered and captured with Debian's Chromium through Playwright.
 *
 * Usage: node bin/wporg-assets.mjs [--url http://127.0.0.1:9600] [--only art|screenshots] [--seed <site dir>]
 *   The screenshots need a running site with Triage active and the admin logged in, e.g.
 *   `npm start -- --port 9600 --site <dir>` (Playground logs the admin in). --seed writes a made-up
 *   plugin and a debug log of its errors into that site first, so the Logs tab has something to show.
 *   Banner and icon need nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const ROOT = dirname( dirname( fileURLToPath( import.meta.url ) ) );
const OUT = join( ROOT, '.wordpress-org' );
const { values: options } = parseArgs( {
	options: {
		url: { type: 'string', default: 'http://127.0.0.1:9600' },
		only: { type: 'string' },
		seed: { type: 'string' },
	},
} );

// The request path as Triage draws it; one hop failing, as on the day someone installs it.
const HOPS = [ 'CDN', 'Web', 'PHP', 'WP', 'DB' ];
const FAILING = 2;

function chain( size, gap ) {
	return HOPS.map(
		( hop, index ) =>
			`<div class="hop${
				index === FAILING ? ' bad' : ''
			}" style="width:${ size }px;height:${ size }px;margin-right:${
				index < HOPS.length - 1 ? gap : 0
			}px">${ hop }</div>`
	).join( '' );
}

const STYLE = `
	* { box-sizing: border-box; margin: 0; }
	body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #fff; }
	.chain { display: flex; position: relative; }
	.chain::before { content: ""; position: absolute; left: 10px; right: 10px; top: calc(50% - 2px);
		height: 4px; background: #8fa3b8; }
	.hop { display: flex; align-items: center; justify-content: center; border-radius: 50%;
		background: #1d7a46; border: 3px solid #6fdc9c; font-weight: 700; position: relative; }
	.hop.bad { background: #b32d2e; border-color: #ffb4b4; }
`;

function bannerHtml() {
	return `<html><head><style>${ STYLE }
		body { width: 772px; height: 250px; background: linear-gradient(120deg, #10243a, #1f4466);
			padding: 34px 40px; position: relative; overflow: hidden; }
		h1 { font-size: 58px; letter-spacing: -1px; }
		p { font-size: 19px; color: #d5e2ef; margin-top: 6px; width: 330px; line-height: 1.35; }
		.chain { position: absolute; right: 40px; bottom: 40px; font-size: 15px; }
		.code { position: absolute; right: 40px; top: 34px; font: 700 40px "DejaVu Sans Mono", monospace;
			color: #ffb4b4; }
	</style></head><body>
		<h1>Triage</h1>
		<p>Why your site answers 502, another 5xx or a white screen, and how to get it back up.</p>
		<div class="code">502</div>
		<div class="chain">${ chain( 56, 14 ) }</div>
	</body></html>`;
}

function iconHtml() {
	return `<html><head><style>${ STYLE }
		body { width: 128px; height: 128px; background: linear-gradient(135deg, #10243a, #1f4466);
			display: flex; align-items: center; justify-content: center; flex-direction: column; }
		.chain { font-size: 0; margin-top: 12px; }
		.chain::before { height: 3px; top: calc(50% - 1.5px); }
		.hop { border-width: 2px; }
		.pulse { width: 96px; height: 40px; }
	</style></head><body>
		<svg class="pulse" viewBox="0 0 96 40"><polyline fill="none" stroke="#ffb4b4" stroke-width="5"
			stroke-linejoin="round" stroke-linecap="round" points="2,22 26,22 34,6 46,36 56,14 62,22 94,22"/></svg>
		<div class="chain">${ chain( 14, 6 ) }</div>
	</body></html>`;
}

async function render( browser, html, width, height, files ) {
	for ( const [ scale, file ] of files ) {
		const page = await browser.newPage( {
			viewport: { width, height },
			deviceScaleFactor: scale,
		} );
		await page.setContent( html );
		await page.screenshot( { path: join( OUT, file ) } );
		await page.close();
		console.log( `.wordpress-org/${ file }` );
	}
}

// readme.txt's == Screenshots == items, in order.
const SCREENSHOTS = [
	[ 'overview', '.triage-health-chain, .triage-health-dashboard' ],
	[ 'logs', null ],
	[ 'safe-mode', null ],
	[ 'bisect', null ],
];

/**
 * A fictitious plugin and a debug log of the errors it causes, dated just now, in the site's wp-content.
 *
 * @param {string} site WordPress folder on this machine.
 */
function seed( site ) {
	const content = join( site, 'wp-content' );
	const plugin = join( content, 'plugins', 'example-gallery' );
	mkdirSync( join( plugin, 'includes' ), { recursive: true } );
	writeFileSync(
		join( plugin, 'example-gallery.php' ),
		'<?php\n/**\n * Plugin Name: Example Gallery\n * Description: A made-up plugin for screenshots.\n */\n'
	);
	const file =
		'/wordpress/wp-content/plugins/example-gallery/includes/class-thumbnails.php';
	const lines = [];
	const now = Date.now();
	for ( let minute = 40; minute >= 0; minute -= 4 ) {
		const stamp = new Date( now - minute * 60_000 )
			.toUTCString()
			.replace(
				/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/,
				'$1-$2-$3 $4 UTC'
			);
		lines.push(
			`[${ stamp }] PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in ${ file } on line 212`,
			`[${ stamp }] PHP Warning:  Undefined array key "width" in ${ file } on line 87`
		);
	}
	writeFileSync( join( content, 'debug.log' ), lines.join( '\n' ) + '\n' );
	console.log( `seeded ${ content }/debug.log (${ lines.length } lines)` );
}

/**
 * Activates plugins from the Plugins screen, so that safe mode and bisection have something to list.
 *
 * @param {import('@playwright/test').Browser} browser Browser.
 * @param {string[]}                           names   Plugin names as listed.
 */
async function activate( browser, names ) {
	const page = await browser.newPage();
	await page.goto( `${ siteUrl() }/wp-admin/plugins.php`, {
		timeout: 180_000,
	} );
	for ( const name of names ) {
		const link = page.getByRole( 'link', {
			name: `Activate ${ name }`,
			exact: true,
		} );
		if ( await link.count() ) {
			await link.click();
			await page.waitForLoadState( 'load', { timeout: 180_000 } );
			console.log( `activated ${ name }` );
		}
	}
	await page.close();
}

function siteUrl() {
	return options.url.replace( /\/$/, '' );
}

async function screenshots( browser ) {
	const admin = `${ siteUrl() }/wp-admin/tools.php?page=triage`;
	for ( const [ index, [ tab, ready ] ] of SCREENSHOTS.entries() ) {
		// A fresh page per tab: each picture shows the tab as it opens from a link.
		const page = await browser.newPage( {
			viewport: { width: 1280, height: 900 },
		} );
		page.on( 'pageerror', ( error ) =>
			console.error( `${ tab }: page error: ${ error.message }` )
		);
		await page.goto( `${ admin }#/${ tab }`, { timeout: 120_000 } );
		// Playground serves one page at a time while earlier loopbacks finish: allow for it.
		await page.getByRole( 'tab' ).first().waitFor( { timeout: 180_000 } );
		if ( ready ) {
			await page
				.locator( ready )
				.first()
				.waitFor( { timeout: 60_000 } )
				.catch( () => {} );
		}
		// Let the tab's first requests settle, so the picture shows results rather than spinners.
		await page
			.waitForLoadState( 'networkidle', { timeout: 60_000 } )
			.catch( () => {} );
		await page
			.locator( '.components-spinner' )
			.first()
			.waitFor( { state: 'detached', timeout: 120_000 } )
			.catch( () => {} );
		await page.waitForTimeout( 1500 );
		const file = `screenshot-${ index + 1 }.png`;
		await page.screenshot( { path: join( OUT, file ) } );
		console.log( `.wordpress-org/${ file } (${ tab })` );
		await page.close();
	}
}

mkdirSync( OUT, { recursive: true } );
const browser = await chromium.launch( {
	executablePath: '/usr/bin/chromium',
} );
try {
	if ( options.only !== 'screenshots' ) {
		await render( browser, bannerHtml(), 772, 250, [
			[ 1, 'banner-772x250.png' ],
			[ 2, 'banner-1544x500.png' ],
		] );
		await render( browser, iconHtml(), 128, 128, [
			[ 1, 'icon-128x128.png' ],
			[ 2, 'icon-256x256.png' ],
		] );
	}
	if ( options.only !== 'art' ) {
		if ( options.seed ) {
			seed( options.seed );
			await activate( browser, [ 'Example Gallery', 'Hello Dolly' ] );
		}
		await screenshots( browser );
	}
} finally {
	await browser.close();
}
