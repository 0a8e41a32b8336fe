import {
	attributionLabel,
	filterGroups,
	groupToText,
	nextSort,
	seenText,
	shortMessage,
	sortGroups,
} from '../log-groups';
import type { LogGroup } from '../types';

function group( overrides: Partial< LogGroup > ): LogGroup {
	return {
		id: 'g',
		severity: 'warning',
		message: 'Undefined variable $x',
		pattern: 'Undefined variable $x',
		file: '/srv/wp-content/plugins/shop/shop.php',
		line: 3,
		count: 1,
		first_seen: 1000,
		last_seen: 2000,
		sample: '[20-Nov-2026 10:00:00 UTC] PHP Warning:  Undefined variable $x',
		truncated: false,
		attribution: {
			type: 'plugin',
			slug: 'shop',
			name: 'Shop',
			file: 'shop/shop.php',
		},
		cause: null,
		...overrides,
	};
}

const groups = [
	group( { id: 'a', severity: 'notice', count: 5, message: 'beta' } ),
	group( {
		id: 'b',
		severity: 'fatal',
		count: 1,
		message: 'alpha',
		file: '/srv/wp-content/themes/shiny/functions.php',
		last_seen: 9000,
		attribution: {
			type: 'theme',
			slug: 'shiny',
			name: 'Shiny',
			file: 'shiny/functions.php',
		},
	} ),
	group( { id: 'c', severity: 'deprecated', count: 50, message: 'gamma' } ),
];

describe( 'log groups', () => {
	it( 'sorts by severity, most severe first when descending', () => {
		const sorted = sortGroups( groups, {
			key: 'severity',
			direction: 'descending',
		} );
		expect( sorted.map( ( item ) => item.id ) ).toEqual( [
			'b',
			'a',
			'c',
		] );
	} );

	it( 'sorts by count and by message both ways', () => {
		expect(
			sortGroups( groups, { key: 'count', direction: 'descending' } ).map(
				( item ) => item.id
			)
		).toEqual( [ 'c', 'a', 'b' ] );
		expect(
			sortGroups( groups, {
				key: 'message',
				direction: 'ascending',
			} ).map( ( item ) => item.id )
		).toEqual( [ 'b', 'a', 'c' ] );
		expect(
			sortGroups( groups, {
				key: 'last_seen',
				direction: 'descending',
			} )[ 0 ].id
		).toBe( 'b' );
	} );

	it( 'does not change the array it sorts', () => {
		sortGroups( groups, { key: 'count', direction: 'ascending' } );
		expect( groups.map( ( item ) => item.id ) ).toEqual( [
			'a',
			'b',
			'c',
		] );
	} );

	it( 'flips the direction on the same column and starts text ascending', () => {
		expect(
			nextSort( { key: 'count', direction: 'descending' }, 'count' )
		).toEqual( { key: 'count', direction: 'ascending' } );
		expect(
			nextSort( { key: 'count', direction: 'descending' }, 'message' )
		).toEqual( { key: 'message', direction: 'ascending' } );
		expect(
			nextSort( { key: 'message', direction: 'ascending' }, 'severity' )
		).toEqual( { key: 'severity', direction: 'descending' } );
	} );

	it( 'filters by severity and by text in message, file or attribution', () => {
		expect(
			filterGroups( groups, { severity: 'fatal', search: '' } ).map(
				( item ) => item.id
			)
		).toEqual( [ 'b' ] );
		expect(
			filterGroups( groups, { severity: 'all', search: 'SHINY' } ).map(
				( item ) => item.id
			)
		).toEqual( [ 'b' ] );
		expect(
			filterGroups( groups, { severity: 'all', search: 'shop.php' } ).map(
				( item ) => item.id
			)
		).toEqual( [ 'a', 'c' ] );
		expect(
			filterGroups( groups, { severity: 'notice', search: 'gamma' } )
		).toEqual( [] );
	} );

	it( 'names attributions', () => {
		expect( attributionLabel( groups[ 0 ].attribution ) ).toBe(
			'Plugin: Shop'
		);
		expect( attributionLabel( groups[ 1 ].attribution ) ).toBe(
			'Theme: Shiny'
		);
		expect(
			attributionLabel( {
				type: 'core',
				slug: 'wordpress',
				name: 'WordPress',
				file: '',
			} )
		).toBe( 'WordPress core' );
		expect(
			attributionLabel( {
				type: 'mu-plugin',
				slug: 'loader',
				name: '',
				file: 'loader.php',
			} )
		).toBe( 'Must-use plugin: loader' );
	} );

	it( 'writes a group as text for a ticket, sample last', () => {
		const text = groupToText( groups[ 1 ] );
		expect( text ).toContain( 'Fatal error: alpha' );
		expect( text ).toContain( 'Source: Theme: Shiny' );
		expect( text ).toContain(
			'File: /srv/wp-content/themes/shiny/functions.php line 3'
		);
		expect( text.endsWith( groups[ 1 ].sample ) ).toBe( true );
	} );

	it( 'drops the location from a message when the file is shown apart', () => {
		expect(
			shortMessage(
				'Undefined variable $x in /srv/a.php on line 3',
				'/srv/a.php'
			)
		).toBe( 'Undefined variable $x' );
		expect(
			shortMessage( 'Uncaught Error: boom in /srv/a.php:3', '/srv/a.php' )
		).toBe( 'Uncaught Error: boom' );
		expect( shortMessage( 'Database error', null ) ).toBe(
			'Database error'
		);
	} );
} );

describe( 'seenText', () => {
	const now = 1795435200;
	it( 'dates a single occurrence: "1 time, 23 min ago (…)"', () => {
		expect( seenText( 1, now - 1380, now - 1380, now ) ).toMatch(
			/^1 time, 23 min ago \(.+\)$/
		);
	} );
	it( 'gives the newest and the first of many', () => {
		expect( seenText( 1200, now - 3 * 86400, now - 300, now ) ).toMatch(
			/^1,?200 times, last 5 min ago \(.+\), first 3 days ago$/
		);
		expect( seenText( 3, now - 60, now - 60, now ) ).toMatch(
			/^3 times, last 1 min ago \(.+\)$/
		);
	} );
	it( 'counts without a date when no line had a time', () => {
		expect( seenText( 2, null, null, now ) ).toBe( '2 times' );
		expect( seenText( 1, null, null, now ) ).toBe( '1 time' );
	} );
} );
