import {
	checkToText,
	mergeResults,
	summarizeLayers,
	topFindings,
	worst,
} from '../health';
import {
	CRON_WARNING,
	FPM_CRITICAL,
	LOOPBACK_UNKNOWN,
	checkFixture,
} from './health-fixtures';

describe( 'worst', () => {
	it.each( [
		[ 'good', 'unknown', 'unknown' ],
		[ 'unknown', 'warning', 'warning' ],
		[ 'critical', 'warning', 'critical' ],
		[ 'good', 'good', 'good' ],
	] as const )( 'of %s and %s is %s', ( a, b, expected ) => {
		expect( worst( a, b ) ).toBe( expected );
		expect( worst( b, a ) ).toBe( expected );
	} );
} );

describe( 'summarizeLayers', () => {
	it( 'takes each layer’s worst status and counts only problems', () => {
		const layers = summarizeLayers( [
			checkFixture(),
			FPM_CRITICAL,
			CRON_WARNING,
			LOOPBACK_UNKNOWN,
		] );
		expect( layers.php ).toEqual( {
			status: 'critical',
			problems: 1,
			checks: 2,
		} );
		expect( layers.wordpress.problems ).toBe( 1 );
		expect( layers.web ).toEqual( {
			status: 'unknown',
			problems: 0,
			checks: 1,
		} );
		expect( layers.database.status ).toBe( 'unknown' );
		expect( layers.database.checks ).toBe( 0 );
	} );
} );

describe( 'topFindings', () => {
	it( 'puts critical first, then warnings, and leaves out good and unknown', () => {
		expect(
			topFindings( [
				CRON_WARNING,
				checkFixture(),
				LOOPBACK_UNKNOWN,
				FPM_CRITICAL,
			] ).map( ( check ) => check.id )
		).toEqual( [ 'fpm_pool', 'cron' ] );
	} );
} );

describe( 'mergeResults', () => {
	it( 'replaces by id in place and appends new ones', () => {
		const updated = { ...CRON_WARNING, status: 'good' as const };
		const merged = mergeResults(
			[ FPM_CRITICAL, CRON_WARNING ],
			[ updated, LOOPBACK_UNKNOWN ]
		);
		expect( merged.map( ( check ) => check.id ) ).toEqual( [
			'fpm_pool',
			'cron',
			'loopback',
		] );
		expect( merged[ 1 ].status ).toBe( 'good' );
	} );
} );

describe( 'checkToText', () => {
	it( 'writes status, layer, evidence, why and fix as lines', () => {
		const text = checkToText( FPM_CRITICAL );
		expect( text.split( '\n' ) ).toEqual( [
			'[Critical] PHP / PHP-FPM: The PHP-FPM pool ran out of workers and requests had to queue',
			'  Listen queue: 9 now, 40 at most since start',
			'  Why it matters: Each request needs a free PHP-FPM worker.',
			'  Fix: In the pool file set pm.max_children = 87.',
		] );
	} );

	it( 'says why an unknown check could not measure', () => {
		expect( checkToText( LOOPBACK_UNKNOWN ) ).toContain(
			'Not measured because: Requests to the site itself are blocked.'
		);
	} );
} );
