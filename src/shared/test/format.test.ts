import {
	expiryChoices,
	formatBytes,
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
