import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';

import { expectAccessible, WIDTHS } from '../axe';
import { LAB_SITE, TRIAGE_PAGE } from '../lab';

const DEBUG_LOG = join( LAB_SITE, 'wp-content', 'debug.log' );

/**
 * Now as PHP's error_log() writes it: 02-Dec-2026 01:23:45 UTC.
 */
function phpLogTime(): string {
	const [ , day, month, year, time ] =
		/^\w+, (\d+) (\w+) (\d+) (\S+)/.exec( new Date().toUTCString() ) ?? [];
	return `${ day.padStart( 2, '0' ) }-${ month }-${ year } ${ time } UTC`;
}

/**
 * Waits until a tab has finished loading: no spinner and no progress bar (the Overview's loopback checks
 * take a few seconds) left in Triage's root.
 *
 * @param page Page.
 */
async function settled( page: Page ) {
	const root = page.locator( '#triage-root' );
	await expect( root.getByRole( 'tabpanel' ) ).toBeVisible();
	await expect( root.getByRole( 'progressbar' ) ).toHaveCount( 0, {
		timeout: 45_000,
	} );
	await expect( root.locator( '.components-spinner' ) ).toHaveCount( 0, {
		timeout: 30_000,
	} );
}

/** The dialogs Triage can open without changing anything, and how to open each. */
const DIALOGS: {
	title: string;
	tab: string;
	open: ( page: Page ) => Promise< void >;
}[] = [
	{
		title: 'Start safe mode?',
		tab: 'safe-mode',
		open: ( page ) =>
			page.getByRole( 'button', { name: 'Start safe mode…' } ).click(),
	},
	{
		title: 'Create a rescue link?',
		tab: 'safe-mode',
		open: ( page ) =>
			page.getByRole( 'button', { name: 'Create rescue link…' } ).click(),
	},
	{
		title: 'Change wp-config.php?',
		tab: 'debug',
		open: async ( page ) => {
			await page.getByRole( 'radio', { name: /^Log privately/ } ).check();
			await page
				.getByRole( 'button', { name: 'Review changes' } )
				.click();
		},
	},
	{
		title: 'Archive and clear this log?',
		tab: 'logs',
		open: ( page ) =>
			page.getByRole( 'button', { name: 'Clear…' } ).click(),
	},
	// "Deactivate for everyone?" needs a finished bisection: bisect.spec.ts scans it.
];

/**
 * Presses Tab until the focused element is the one wanted, as a keyboard user would; fails if it
 * never gets there.
 *
 * @param page   Page.
 * @param target The element to reach.
 */
async function tabTo( page: Page, target: Locator ) {
	for ( let presses = 0; presses < 200; presses++ ) {
		await page.keyboard.press( 'Tab' );
		if (
			await target.evaluate(
				( element ) => element === element.ownerDocument.activeElement
			)
		) {
			// A keyboard user has to see where they are.
			const visible = await target.evaluate( ( element ) => {
				const style = getComputedStyle( element );
				return (
					( style.outlineStyle !== 'none' &&
						style.outlineWidth !== '0px' ) ||
					style.boxShadow !== 'none'
				);
			} );
			expect( visible, 'the focused control shows a focus ring' ).toBe(
				true
			);
			return;
		}
	}
	throw new Error( `Tab never reached ${ target }` );
}

test.describe( 'Accessibility', () => {
	test.beforeAll( () => {
		// The Logs tab offers Clear… only for a log with lines in it.
		const fresh = ! existsSync( DEBUG_LOG );
		appendFileSync(
			DEBUG_LOG,
			`[${ phpLogTime() }] PHP Notice:  Accessibility scan marker in /tmp/a11y.php on line 1\n`
		);
		if ( fresh ) {
			// PHP-FPM's www-data must keep writing to it.
			execFileSync( 'chown', [ 'www-data:www-data', DEBUG_LOG ] );
		}
	} );

	for ( const width of WIDTHS ) {
		test( `every tab has no serious or critical axe violation at ${ width } px`, async ( {
			page,
		} ) => {
			test.setTimeout( 180_000 );
			await page.setViewportSize( { width, height: 900 } );
			await page.goto( TRIAGE_PAGE );
			const tabs = page.getByRole( 'tab' );
			await expect( tabs.first() ).toBeVisible();
			const names = ( await tabs.allInnerTexts() ).map( ( name ) =>
				name.trim()
			);
			// Every tab the page has is scanned; these must be among them.
			expect( names ).toEqual(
				expect.arrayContaining( [
					'Overview',
					'Logs',
					'Debug',
					'Safe mode',
					'Bisect',
				] )
			);
			for ( const name of names ) {
				await page.getByRole( 'tab', { name } ).click();
				await expect(
					page.getByRole( 'tab', { name } )
				).toHaveAttribute( 'aria-selected', 'true' );
				await settled( page );
				await expectAccessible(
					page,
					`${ name } tab at ${ width } px`
				);
			}
		} );

		test( `every dialog has no serious or critical axe violation at ${ width } px`, async ( {
			page,
		} ) => {
			test.setTimeout( 120_000 );
			await page.setViewportSize( { width, height: 900 } );
			// Debug offers its dialog only when it may replace wp-config.php: the PHP user owns the
			// folder, as on most shared hosts (debug-mode.spec.ts does the same).
			const owner = statSync( LAB_SITE );
			execFileSync( 'chown', [ 'www-data:www-data', LAB_SITE ] );
			try {
				expect( await scanDialogs( page, width ) ).toBe(
					DIALOGS.length
				);
			} finally {
				// Back to the lab's own owner (tests/lab/up.sh), whoever that is.
				chownSync( LAB_SITE, owner.uid, owner.gid );
			}
		} );
	}

	/**
	 * Opens each dialog, scans it, and closes it with Escape.
	 *
	 * @param page  Page.
	 * @param width Viewport width, for the report.
	 * @return How many dialogs were scanned.
	 */
	async function scanDialogs( page: Page, width: number ) {
		let scanned = 0;
		for ( const dialog of DIALOGS ) {
			await page.goto( `${ TRIAGE_PAGE }#/${ dialog.tab }` );
			await settled( page );
			await dialog.open( page );
			const modal = page.getByRole( 'dialog', {
				name: dialog.title,
			} );
			await expect( modal ).toBeVisible();
			// Let the modal's opening animation finish: colours mid-fade fail contrast.
			await expect( modal ).toHaveCSS( 'opacity', '1' );
			await expectAccessible(
				page,
				`"${ dialog.title }" dialog at ${ width } px`
			);
			// Escape closes every dialog without doing anything.
			await page.keyboard.press( 'Escape' );
			await expect( modal ).toBeHidden();
			scanned++;
		}
		return scanned;
	}

	test( 'starts and exits safe mode with the keyboard alone', async ( {
		page,
	} ) => {
		await page.goto( `${ TRIAGE_PAGE }#/safe-mode` );
		await settled( page );

		await tabTo(
			page,
			page.getByRole( 'button', { name: 'Start safe mode…' } )
		);
		await page.keyboard.press( 'Enter' );
		const dialog = page.getByRole( 'dialog', { name: 'Start safe mode?' } );
		await expect( dialog ).toBeVisible();
		// Focus moves into the dialog, and Tab stays there.
		await expect
			.poll( () =>
				dialog.evaluate( ( element ) =>
					element.contains( element.ownerDocument.activeElement )
				)
			)
			.toBe( true );
		await tabTo(
			page,
			dialog.getByRole( 'button', { name: 'Start safe mode' } )
		);
		await page.keyboard.press( 'Enter' );
		await expect( dialog ).toBeHidden();
		// The panel says so at once; the admin bar, rendered by the server, on the next page load.
		await expect(
			page.getByText( /Safe mode: \d+ of \d+ plugins/ ).first()
		).toBeVisible();
		await page.reload();
		await expect(
			page.locator( '#wp-admin-bar-triage-safe-mode' )
		).toContainText( 'Safe mode' );
		await settled( page );

		const exit = page.getByRole( 'button', { name: 'Exit safe mode' } );
		await expect( exit ).toBeVisible();
		await tabTo( page, exit );
		await page.keyboard.press( 'Enter' );
		await expect(
			page.getByRole( 'button', { name: 'Start safe mode…' } )
		).toBeVisible();
		// The server agrees: a fresh load of the page shows no session.
		await page.reload();
		await expect(
			page.getByRole( 'button', { name: 'Start safe mode…' } )
		).toBeVisible();
		await expect(
			page.locator( '#wp-admin-bar-triage-safe-mode' )
		).toHaveCount( 0 );
	} );
} );
