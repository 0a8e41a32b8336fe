import {
	evidenceColumns,
	incidentToText,
	incidentWhen,
	noneFound,
	recorderSummary,
	statusSummary,
	windowLabel,
} from '../model';
import { incident, NOW, recorder, START } from './fixtures';

describe( 'incident model', () => {
	it( 'dates an incident both ways: how long ago and the local time', () => {
		const text = incidentWhen( incident(), NOW );
		expect( text ).toMatch( /^23 min ago \(/ );
		expect( text ).toContain(
			new Date( START * 1000 ).toLocaleTimeString( [], {
				hour: '2-digit',
				minute: '2-digit',
				second: '2-digit',
			} )
		);
	} );

	it( 'gives a span when the incident lasted', () => {
		expect( incidentWhen( incident( { end: START + 120 } ), NOW ) ).toMatch(
			/^23 min ago \(.+ to .+\)$/
		);
	} );

	it( 'puts the evidence of each source in one column, in order of appearance', () => {
		const columns = evidenceColumns( incident() );
		expect( columns.map( ( column ) => column.label ) ).toEqual( [
			'nginx error log',
			'PHP-FPM log',
		] );
		expect( columns[ 0 ].lines ).toHaveLength( 2 );
		expect( columns[ 0 ].lines[ 1 ].at ).toBe( START + 1 );
	} );

	it( 'writes a ticket-ready text with the sentence, the fix and every line', () => {
		const text = incidentToText( incident() );
		expect( text ).toContain( 'every PHP worker was busy' );
		expect( text ).toContain( 'Fix: Raise pm.max_children to 4' );
		expect( text ).toContain( '- systemctl reload php8.2-fpm' );
		expect( text ).toContain( 'server reached pm.max_children setting' );
		expect( text ).toContain( 'URLs: /shop/' );
	} );

	it( 'names statuses and windows', () => {
		expect(
			statusSummary(
				incident( {
					statuses: [
						{ status: 502, count: 3 },
						{ status: 504, count: 1 },
					],
				} )
			)
		).toBe( '3 × 502, 1 × 504' );
		expect( windowLabel( 3600 ) ).toBe( 'Last hour' );
		expect( windowLabel( 86400 ) ).toBe( 'Last 24 hours' );
		expect( windowLabel( 604800 ) ).toBe( 'Last 7 days' );
		expect( noneFound( 86400 ) ).toBe(
			'No incident was found in the last 24 hours in the sources read.'
		);
	} );

	it( 'says whether the recorder is on, until when and where it keeps markers', () => {
		expect( recorderSummary( recorder(), NOW ) ).toBe( 'Off' );
		const on = recorderSummary(
			recorder( { on: true, until: NOW + 3600, storage: 'apcu' } ),
			NOW
		);
		expect( on ).toMatch( /^On until .+, markers kept in APCu memory$/ );
		expect(
			recorderSummary(
				recorder( { on: true, until: NOW + 60, storage: 'file' } ),
				NOW
			)
		).toContain( 'small files' );
	} );
} );
