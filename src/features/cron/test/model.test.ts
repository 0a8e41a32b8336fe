import {
	ariaSort,
	canDelete,
	DEFAULT_SORT,
	EMPTY_FILTERS,
	nextSort,
	ownerLabel,
	recurrenceLabel,
	runSummary,
	toQuery,
} from '../model';
import { cronEvent, cronRun } from './fixtures';

describe( 'toQuery', () => {
	it( 'leaves "any" filters and blank text out, most late first by default', () => {
		expect( toQuery( EMPTY_FILTERS, DEFAULT_SORT, 1 ) ).toEqual( {
			page: 1,
			per_page: 50,
			orderby: 'late',
			order: 'desc',
		} );
	} );

	it( 'turns yes/no filters into booleans and trims text', () => {
		expect(
			toQuery(
				{
					hook: ' sync ',
					overdue: 'yes',
					orphan: 'no',
					owner: 'plugin',
				},
				{ key: 'hook', order: 'asc' },
				3
			)
		).toEqual( {
			page: 3,
			per_page: 50,
			orderby: 'hook',
			order: 'asc',
			hook: 'sync',
			owner: 'plugin',
			overdue: true,
			orphan: false,
		} );
	} );
} );

describe( 'nextSort', () => {
	it( 'flips the same column and starts another in its natural order', () => {
		expect( nextSort( DEFAULT_SORT, 'late' ) ).toEqual( {
			key: 'late',
			order: 'asc',
		} );
		expect( nextSort( DEFAULT_SORT, 'hook' ) ).toEqual( {
			key: 'hook',
			order: 'asc',
		} );
		expect( ariaSort( { key: 'hook', order: 'asc' }, 'hook' ) ).toBe(
			'ascending'
		);
		expect( ariaSort( { key: 'hook', order: 'asc' }, 'late' ) ).toBe(
			'none'
		);
	} );
} );

describe( 'labels', () => {
	it( 'names owners by type and folder', () => {
		expect( ownerLabel( 'plugin:acme-sync' ) ).toBe( 'Plugin: acme-sync' );
		expect( ownerLabel( 'mu-plugin:loader' ) ).toBe(
			'Must-use plugin: loader'
		);
		expect( ownerLabel( 'core:wordpress' ) ).toBe( 'WordPress core' );
		expect( ownerLabel( 'unknown:' ) ).toBe( 'Unknown' );
	} );

	it( 'says once or the recurrence with its interval', () => {
		expect( recurrenceLabel( cronEvent() ) ).toBe( 'Once' );
		expect(
			recurrenceLabel(
				cronEvent( {
					schedule: 'hourly',
					schedule_label: 'Once Hourly',
					interval: 3600,
				} )
			)
		).toBe( 'Once Hourly (every 1 hour)' );
	} );

	it( 'allows deleting orphans and duplicates only', () => {
		expect( canDelete( cronEvent() ) ).toBe( false );
		expect( canDelete( cronEvent( { orphan: true, owners: [] } ) ) ).toBe(
			true
		);
		expect( canDelete( cronEvent( { duplicate: true, copies: 2 } ) ) ).toBe(
			true
		);
	} );

	it( 'sums up a run, fatal errors included', () => {
		expect( runSummary( cronRun() ) ).toBe(
			'The event ran without errors in 42 ms.'
		);
		expect(
			runSummary(
				cronRun( {
					outcome: 'fatal',
					fatal: {
						level: 'E_ERROR',
						message: 'Allowed memory size exhausted',
						file: '/x.php',
						line: 3,
					},
				} )
			)
		).toBe(
			'The event ended PHP with a fatal error: Allowed memory size exhausted'
		);
	} );
} );
