import { percent, windowLabel } from '..';

describe( 'LogGroupedView helpers', () => {
	it( 'shows reading progress as a whole percentage, full for an empty log', () => {
		expect( percent( 0, 1000 ) ).toBe( 0 );
		expect( percent( 333, 1000 ) ).toBe( 33 );
		expect( percent( 2000, 1000 ) ).toBe( 100 );
		expect( percent( 0, 0 ) ).toBe( 100 );
	} );

	it( 'names time windows', () => {
		expect( windowLabel( 0 ) ).toBe( 'Whole log' );
		expect( windowLabel( 1 ) ).toBe( 'Last 1 hour' );
		expect( windowLabel( 24 ) ).toBe( 'Last 1 day' );
		expect( windowLabel( 168 ) ).toBe( 'Last 7 days' );
	} );
} );
