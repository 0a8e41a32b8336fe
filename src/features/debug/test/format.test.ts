import { describeSource, describeStatus, formatCountdown } from '../format';

describe( 'formatCountdown', () => {
	it.each( [
		[ 0, '0:00' ],
		[ -5, '0:00' ],
		[ 59, '0:59' ],
		[ 61, '1:01' ],
		[ 3600, '1:00:00' ],
		[ 3661.9, '1:01:01' ],
	] )( '%s seconds is %s', ( seconds, text ) => {
		expect( formatCountdown( seconds ) ).toBe( text );
	} );
} );

describe( 'describeSource and describeStatus', () => {
	it( 'name the file and line, or the default', () => {
		expect(
			describeSource( {
				name: 'WP_DEBUG',
				value: 'true',
				source: 'wp-config',
				line: 7,
				status: 'editable',
			} )
		).toBe( 'wp-config.php, line 7' );
		expect(
			describeSource( {
				name: 'SAVEQUERIES',
				value: null,
				source: 'default',
				line: null,
				status: null,
			} )
		).toBe( 'Not set (WordPress default)' );
		expect(
			describeSource( {
				name: 'WP_DEBUG',
				value: 'true',
				source: 'elsewhere',
				line: null,
				status: null,
			} )
		).toMatch( /Outside wp-config.php/ );
		expect( describeStatus( 'editable' ) ).toBeNull();
		expect( describeStatus( 'conditional' ) ).toMatch( /condition/ );
	} );
} );
