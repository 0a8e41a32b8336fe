import { formatBytes, formatDuration, percentOf } from '../format';

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
