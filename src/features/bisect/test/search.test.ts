import type { Observation, SearchConfig, Verdict } from '../model';
import { CERTAIN_SEEN, nextStep, runSearch, searchOrder } from '../search';

const names = ( n: number ) =>
	Array.from( { length: n }, ( _, i ) => `plugin-${ i + 1 }/plugin.php` );

/**
 * An oracle that fails when every member of one of the groups is loaded.
 *
 * @param groups Groups of culprits.
 */
const groupsOracle =
	( groups: string[][] ) =>
	( set: string[] ): Verdict =>
		groups.some( ( group ) => group.every( ( id ) => set.includes( id ) ) )
			? 'fail'
			: 'pass';

/**
 * A small seeded generator (Park and Miller's), so "random" tests are repeatable.
 *
 * @param seed Seed, 1 or more.
 */
function seeded( seed: number ) {
	let state = seed % 2147483647;
	return () => {
		state = ( state * 48271 ) % 2147483647;
		return ( state - 1 ) / 2147483646;
	};
}

describe( 'single culprit', () => {
	it( 'is found within ceil(log2 n) + 2 probes after confirmation, plus the two of the re-check, for every n <= 40 and position', () => {
		for ( let n = 1; n <= 40; n++ ) {
			const candidates = names( n );
			for ( const culprit of candidates ) {
				const { outcome, history } = runSearch(
					{ candidates },
					groupsOracle( [ [ culprit ] ] )
				);
				expect( outcome ).toMatchObject( {
					kind: 'culprits',
					groups: [ [ culprit ] ],
				} );
				expect( history.length - 2 - 2 ).toBeLessThanOrEqual(
					Math.ceil( Math.log2( n ) ) + 2
				);
			}
		}
	} );

	it( 'starts with the two confirmation probes: everything, then nothing', () => {
		const candidates = names( 8 );
		const { history } = runSearch(
			{ candidates },
			groupsOracle( [ [ candidates[ 5 ] ] ] )
		);
		expect( history[ 0 ].set ).toEqual( candidates );
		expect( history[ 1 ].set ).toEqual( [] );
	} );

	it( 'points at a failing probe with the culprit alone and a passing one without it', () => {
		const candidates = names( 12 );
		const { outcome, history } = runSearch(
			{ candidates },
			groupsOracle( [ [ candidates[ 7 ] ] ] )
		);
		if ( outcome.kind !== 'culprits' ) {
			throw new Error( outcome.kind );
		}
		expect( history[ outcome.failing ] ).toEqual( {
			set: [ candidates[ 7 ] ],
			verdict: 'fail',
		} );
		expect( history[ outcome.passing ].verdict ).toBe( 'pass' );
		expect( history[ outcome.passing ].set ).toEqual(
			candidates.filter( ( id ) => id !== candidates[ 7 ] )
		);
	} );

	it( 'tries suspects first', () => {
		const candidates = names( 30 );
		const culprit = candidates[ 23 ];
		const { outcome, history } = runSearch(
			{ candidates, suspects: [ culprit ] },
			groupsOracle( [ [ culprit ] ] )
		);
		expect( outcome ).toMatchObject( { groups: [ [ culprit ] ] } );
		// Everything, nothing, the suspect alone, everything else; then the re-check of the last two.
		expect( history ).toHaveLength( 6 );
		expect( history[ 2 ].set ).toEqual( [ culprit ] );
		expect( history[ 4 ].set ).toEqual( [ culprit ] );
	} );

	it( 'costs at most one extra probe when the suspects are innocent', () => {
		const candidates = names( 30 );
		const { outcome, history } = runSearch(
			{ candidates, suspects: [ candidates[ 2 ], candidates[ 9 ] ] },
			groupsOracle( [ [ candidates[ 20 ] ] ] )
		);
		expect( outcome ).toMatchObject( { groups: [ [ candidates[ 20 ] ] ] } );
		expect( history.length - 2 - 2 ).toBeLessThanOrEqual(
			Math.ceil( Math.log2( 30 ) ) + 3
		);
	} );

	it( 'orders suspects first without duplicates or strangers', () => {
		expect(
			searchOrder( {
				candidates: [ 'a', 'b', 'c' ],
				suspects: [ 'c', 'x', 'c' ],
			} )
		).toEqual( [ 'c', 'a', 'b' ] );
	} );
} );

describe( 'groups that fail only together', () => {
	it( 'finds every pair among 20', () => {
		const candidates = names( 20 );
		for ( let a = 0; a < 20; a++ ) {
			for ( let b = a + 1; b < 20; b++ ) {
				const pair = [ candidates[ a ], candidates[ b ] ];
				const { outcome } = runSearch(
					{ candidates },
					groupsOracle( [ pair ] )
				);
				expect( outcome ).toMatchObject( {
					kind: 'culprits',
					groups: [ pair ],
				} );
			}
		}
	} );

	it( 'finds a triple', () => {
		const candidates = names( 16 );
		const triple = [ candidates[ 1 ], candidates[ 8 ], candidates[ 13 ] ];
		const { outcome } = runSearch(
			{ candidates },
			groupsOracle( [ triple ] )
		);
		expect( outcome ).toMatchObject( {
			kind: 'culprits',
			groups: [ triple ],
		} );
	} );

	it( 'names independent causes separately', () => {
		const candidates = names( 24 );
		const { outcome } = runSearch(
			{ candidates },
			groupsOracle( [
				[ candidates[ 4 ] ],
				[ candidates[ 10 ], candidates[ 20 ] ],
			] )
		);
		expect( outcome ).toMatchObject( {
			kind: 'culprits',
			groups: [
				[ candidates[ 4 ] ],
				[ candidates[ 10 ], candidates[ 20 ] ],
			],
		} );
	} );
} );

describe( 'what it never claims', () => {
	it( 'never names a plugin whose removal does not clear the symptom', () => {
		const random = seeded( 7 );
		for ( let round = 0; round < 300; round++ ) {
			const candidates = names( 1 + Math.floor( random() * 30 ) );
			// Any deterministic oracle, monotone or not: verdicts from a hash of the set.
			const salt = Math.floor( random() * 1e9 );
			const oracle = ( set: string[] ): Verdict => {
				let hash = salt;
				for ( const ch of set.join( '|' ) ) {
					hash = ( hash * 31 + ch.charCodeAt( 0 ) ) % 1000000007;
				}
				return hash % 3 === 0 ? 'pass' : 'fail';
			};
			const { outcome } = runSearch( { candidates }, oracle );
			if ( outcome.kind === 'culprits' ) {
				const named = new Set( outcome.groups.flat() );
				expect(
					oracle( candidates.filter( ( id ) => ! named.has( id ) ) )
				).toBe( 'pass' );
				for ( const group of outcome.groups ) {
					expect( oracle( group ) ).toBe( 'fail' );
				}
			}
		}
	} );

	it( 'says so when nothing fails', () => {
		const { outcome, history } = runSearch(
			{ candidates: names( 10 ) },
			() => 'pass'
		);
		expect( outcome ).toEqual( { kind: 'no-symptom', passing: 0 } );
		expect( history ).toHaveLength( 1 );
	} );

	it( 'says plugins are not the cause when it fails with none', () => {
		const { outcome, history } = runSearch(
			{ candidates: names( 10 ) },
			() => 'fail'
		);
		expect( outcome ).toEqual( { kind: 'not-plugins', failing: 1 } );
		expect( history ).toHaveLength( 2 );
	} );

	it( 'stops at the probe budget', () => {
		const candidates = names( 40 );
		const { outcome, history } = runSearch(
			{ candidates, maxProbes: 4 },
			groupsOracle( [ [ candidates[ 3 ], candidates[ 30 ] ] ] )
		);
		expect( outcome ).toEqual( { kind: 'inconclusive', reason: 'budget' } );
		expect( history ).toHaveLength( 4 );
	} );
} );

describe( 'flaky symptoms', () => {
	it( 'gives "flaky", not a culprit, for random verdicts with repeats', () => {
		let flaky = 0;
		for ( const repeats of [ 2, 3 ] ) {
			for ( let seed = 1; seed <= 200; seed++ ) {
				const random = seeded( seed );
				const { outcome } = runSearch(
					{ candidates: names( 20 ), repeats },
					() => ( random() < 0.5 ? 'fail' : 'pass' )
				);
				expect( outcome.kind ).not.toBe( 'culprits' );
				flaky += outcome.kind === 'flaky' ? 1 : 0;
			}
		}
		expect( flaky ).toBeGreaterThan( 300 );
	} );

	it( 'gives "flaky" for a culprit that fails only some of the time', () => {
		const candidates = names( 20 );
		let culprits = 0;
		for ( let seed = 1; seed <= 200; seed++ ) {
			const random = seeded( seed );
			const { outcome } = runSearch(
				{ candidates, repeats: 3 },
				( set ) =>
					set.includes( candidates[ 6 ] ) && random() < 0.6
						? 'fail'
						: 'pass'
			);
			expect( [ 'flaky', 'no-symptom', 'culprits' ] ).toContain(
				outcome.kind
			);
			culprits += outcome.kind === 'culprits' ? 1 : 0;
		}
		// Three agreeing verdicts on every set by chance is rare.
		expect( culprits ).toBeLessThan( 5 );
	} );

	it( 'reports a failing set inside a passing one as a contradiction', () => {
		const candidates = names( 8 );
		// No set of culprits behaves so: everything fails, and so do small sets with plugin 1, but not
		// the first four plugins together.
		const { outcome, history } = runSearch( { candidates }, ( set ) =>
			set.length === 8 ||
			( set.includes( candidates[ 0 ] ) && set.length <= 2 )
				? 'fail'
				: 'pass'
		);
		expect( outcome ).toMatchObject( {
			kind: 'flaky',
			reason: 'contradiction',
		} );
		if ( outcome.kind !== 'flaky' ) {
			return;
		}
		const [ passing, failing ] = outcome.observations.map(
			( i ) => history[ i ]
		);
		expect( passing.verdict ).toBe( 'pass' );
		expect( failing.verdict ).toBe( 'fail' );
	} );

	it( 'asks for each verdict of the search as many times as configured, in a row', () => {
		const candidates = names( 6 );
		const { history } = runSearch(
			{ candidates, repeats: 3 },
			groupsOracle( [ [ candidates[ 2 ] ] ] )
		);
		// The re-check (culprit alone, everything else) takes turns: 5 rounds of 2 probes.
		const searched = history.length - 10;
		expect( searched % 3 ).toBe( 0 );
		for ( let i = 0; i < searched; i += 3 ) {
			expect( history[ i + 1 ].set ).toEqual( history[ i ].set );
			expect( history[ i + 2 ].set ).toEqual( history[ i ].set );
		}
		for ( let i = searched; i < history.length; i += 2 ) {
			expect( history[ i ].set ).toEqual( [ candidates[ 2 ] ] );
			expect( history[ i + 1 ].set ).toHaveLength( 5 );
		}
	} );

	it( 'calls a culprit certain only after it failed alone in 8 requests; one verdict per set is "seen once"', () => {
		const candidates = names( 6 );
		const oracle = groupsOracle( [ [ 'plugin-2/plugin.php' ] ] );
		const single = runSearch( { candidates }, oracle );
		expect( single.outcome ).toMatchObject( {
			confidence: 'seen-once',
			seen: 2,
		} );
		for ( const repeats of [ 2, 3, 5 ] ) {
			expect(
				runSearch( { candidates, repeats }, oracle ).outcome
			).toMatchObject( {
				confidence: 'certain',
				seen: Math.max( CERTAIN_SEEN, 2 * repeats ),
			} );
		}
	} );
} );

describe( 'resuming and undo', () => {
	const config: SearchConfig = { candidates: names( 17 ) };
	const { history } = runSearch(
		config,
		groupsOracle( [ [ 'plugin-11/plugin.php' ] ] )
	);

	it( 'asks again for the same probe from any prefix of the history', () => {
		for ( let i = 0; i < history.length; i++ ) {
			const step = nextStep( config, history.slice( 0, i ) );
			expect( step ).toMatchObject( {
				kind: 'probe',
				set: history[ i ].set,
				done: i,
			} );
		}
	} );

	it( 'reports progress with an estimate at least one probe ahead', () => {
		const step = nextStep( config, history.slice( 0, 3 ) );
		if ( step.kind !== 'probe' ) {
			throw new Error( 'expected a probe' );
		}
		expect( step.estimate ).toBeGreaterThan( step.done );
		expect( step.purpose ).toBe( 'search' );
	} );

	it( 'refuses a history that does not belong to this search', () => {
		const wrong: Observation[] = [
			{ set: [ 'plugin-1/plugin.php' ], verdict: 'fail' },
		];
		expect( () => nextStep( config, wrong ) ).toThrow( /another set/ );
	} );
} );
