import {
	expiryChoices,
	formatAgo,
	formatBytes,
	formatClock,
	formatDuration,
	formatTime,
	percentOf,
} from '../format';

describe( 'formatBytes', () => {
	it.each( [
		[ 0, '0 B' ],
		[ 1023, '1023 B' ],
		[ 1024, '1 KB' ],
		[ 1536, '1.5 KB' ],
		[ 134217728, '128 MB' ],
		[ 268435456, '256 MB' ],
		[ 1073741824, '1 GB' ],
		[ 5 * 1024 ** 5, '5120 TB' ],
	] )( 'formats %d bytes as %s', ( bytes, expected ) => {
		expect( formatBytes( bytes ) ).toBe( expected );
	} );

	it( 'says unknown for impossible values', () => {
		expect( formatBytes( -1 ) ).toBe( 'unknown' );
		expect( formatBytes( Number.NaN ) ).toBe( 'unknown' );
	} );
} );

describe( 'formatDuration', () => {
	it.each( [
		[ 0, '0 s' ],
		[ 45, '45 s' ],
		[ 60, '1 min' ],
		[ 900, '15 min' ],
		[ 3600, '1 hour' ],
		[ 7200, '2 hours' ],
		[ 3900, '1 h 5 min' ],
	] )( 'formats %d seconds as %s', ( seconds, expected ) => {
		expect( formatDuration( seconds ) ).toBe( expected );
	} );
} );

describe( 'percentOf', () => {
	it( 'rounds to a whole percentage', () => {
		expect( percentOf( 1, 3 ) ).toBe( 33 );
	} );
	it( 'is null without a finite limit', () => {
		expect( percentOf( 10, null ) ).toBeNull();
		expect( percentOf( 10, 0 ) ).toBeNull();
	} );
} );

describe( 'expiryChoices', () => {
	it( 'offers the usual delays within the bounds', () => {
		expect( expiryChoices( 60, 86400 ).map( ( c ) => c.value ) ).toEqual( [
			'60',
			'900',
			'3600',
			'14400',
			'86400',
		] );
		expect( expiryChoices( 3600, 3600 ).map( ( c ) => c.value ) ).toEqual( [
			'3600',
		] );
	} );

	it( 'offers the short test delay when the server allows it', () => {
		expect( expiryChoices( 10, 86400 )[ 0 ] ).toEqual( {
			label: '10 seconds',
			value: '10',
		} );
	} );
} );

describe( 'formatTime', () => {
	it( 'says unknown for a missing time', () => {
		expect( formatTime( null ) ).toBe( 'unknown' );
	} );

	it( 'shows a Unix time as the local date and time', () => {
		expect( formatTime( 1790000000 ) ).toBe(
			new Date( 1790000000000 ).toLocaleString()
		);
	} );
} );

describe( 'formatAgo', () => {
	const now = 1795435200;
	it( 'says how long ago in minutes, hours and days', () => {
		expect( formatAgo( now - 10, now ) ).toBe( 'just now' );
		expect( formatAgo( now - 23 * 60, now ) ).toBe( '23 min ago' );
		expect( formatAgo( now - ( 2 * 3600 + 5 * 60 ), now ) ).toBe(
			'2 h 5 min ago'
		);
		expect( formatAgo( now - 3 * 86400, now ) ).toBe( '3 days ago' );
	} );
	it( 'never says a time is in the future, and knows when it is unknown', () => {
		expect( formatAgo( now + 30, now ) ).toBe( 'just now' );
		expect( formatAgo( null, now ) ).toBe( 'unknown' );
	} );
} );

describe( 'formatClock', () => {
	it( 'gives the time of day today and adds the date on other days', () => {
		const now = Math.floor(
			new Date( 2026, 11, 2, 12, 0, 0 ).getTime() / 1000
		);
		const today = Math.floor(
			new Date( 2026, 11, 2, 0, 49, 43 ).getTime() / 1000
		);
		expect( formatClock( today, now ) ).toMatch( /00:49:43|12:49:43/ );
		expect( formatClock( today, now ) ).not.toMatch( /2026/ );
		expect( formatClock( today - 2 * 86400, now ) ).toMatch( /2026/ );
		expect( formatClock( null, now ) ).toBe( 'unknown' );
	} );
} );
