import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The widths every screen is scanned at: a desktop and the narrowest phone WordPress supports. */
export const WIDTHS = [ 1400, 360 ] as const;

/** WCAG 2.2 A and AA; axe's "best practice" rules are advice, not failures. */
const TAGS = [ 'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa' ];

/** What fails the scan. */
const BLOCKING = [ 'serious', 'critical' ];

/**
 * Scans Triage's own UI (its root and any open dialog, not core's admin chrome) with axe-core and fails
 * on serious or critical violations. Every violation, minor ones too, is attached to the test report.
 *
 * @param page  Page showing the screen.
 * @param label What is on screen, for the report: "Safe mode tab at 360 px".
 */
export async function expectAccessible( page: Page, label: string ) {
	const builder = new AxeBuilder( { page } )
		.withTags( TAGS )
		.include( '#triage-root' );
	if ( await page.locator( '.components-modal__frame' ).count() ) {
		builder.include( '.components-modal__frame' );
	}
	const { violations } = await builder.analyze();
	const found = violations.map( ( violation ) => ( {
		rule: violation.id,
		impact: violation.impact,
		help: violation.help,
		elements: violation.nodes.map( ( node ) => node.target.join( ' ' ) ),
	} ) );
	await test.info().attach( `axe: ${ label }`, {
		body: JSON.stringify( found, null, 2 ),
		contentType: 'application/json',
	} );
	// One line per scan in the run's output, so the results per screen can be read without the report.
	// eslint-disable-next-line no-console
	console.log(
		`axe ${ label }: ${
			found.length
				? found
						.map(
							( item ) =>
								`${ item.impact } ${
									item.rule
								} (${ item.elements.join( ', ' ) })`
						)
						.join( '; ' )
				: 'no violations'
		}`
	);
	expect(
		found.filter( ( item ) => BLOCKING.includes( item.impact ?? '' ) ),
		`serious or critical axe violations on ${ label }`
	).toEqual( [] );
}
