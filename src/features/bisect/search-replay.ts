import type {
	Observation,
	ProbePurpose,
	SearchOutcome,
	Verdict,
} from './model';

/** Thrown when the search asks for a set no observation answers yet: that set is the next probe. */
export class NeedProbe {
	constructor(
		readonly set: string[],
		readonly purpose: ProbePurpose,
		readonly repeat: number
	) {}
}

export class Stop {
	constructor( readonly outcome: SearchOutcome ) {}
}

interface Known {
	verdict: Verdict;
	index: number;
	set: string[];
}

/**
 * Answers test( set ) from the observations, in order, and remembers each set's verdict so that no set
 * is probed twice.
 */
export class Replay {
	private cursor = 0;
	private readonly known = new Map< string, Known >();
	private readonly rank: Map< string, number >;

	constructor(
		private readonly history: Observation[],
		private readonly repeats: number,
		private readonly maxProbes: number,
		order: string[]
	) {
		this.rank = new Map( order.map( ( id, i ) => [ id, i ] ) );
	}

	/**
	 * A set in search order, so equal sets have equal keys.
	 *
	 * @param set Candidates.
	 */
	normalize( set: string[] ): string[] {
		return [ ...new Set( set ) ].sort(
			( a, b ) =>
				( this.rank.get( a ) ?? 0 ) - ( this.rank.get( b ) ?? 0 )
		);
	}

	verdict( set: string[] ): Known | undefined {
		return this.known.get( this.normalize( set ).join( '\n' ) );
	}

	test( rawSet: string[], purpose: ProbePurpose ): Verdict {
		const set = this.normalize( rawSet );
		const key = set.join( '\n' );
		const memo = this.known.get( key );
		if ( memo ) {
			return memo.verdict;
		}
		const seen: number[] = [];
		for ( let repeat = 1; repeat <= this.repeats; repeat++ ) {
			if ( this.cursor >= this.history.length ) {
				if ( this.cursor >= this.maxProbes ) {
					throw new Stop( {
						kind: 'inconclusive',
						reason: 'budget',
					} );
				}
				throw new NeedProbe( set, purpose, repeat );
			}
			const observation = this.history[ this.cursor ];
			if ( this.normalize( observation.set ).join( '\n' ) !== key ) {
				throw new Error(
					`Observation ${ this.cursor } tested another set than the search asks for.`
				);
			}
			seen.push( this.cursor++ );
		}
		const verdicts = new Set(
			seen.map( ( i ) => this.history[ i ].verdict )
		);
		if ( verdicts.size > 1 ) {
			throw new Stop( {
				kind: 'flaky',
				reason: 'disagreeing-repeats',
				observations: seen,
			} );
		}
		const verdict = this.history[ seen[ 0 ] ].verdict;
		this.known.set( key, { verdict, index: seen[ 0 ], set } );
		this.checkConsistent( set, verdict, seen[ 0 ] );
		return verdict;
	}

	/**
	 * Loading more candidates can only add causes: a failing set inside a passing one means the symptom
	 * comes and goes on its own.
	 *
	 * @param set     Set just observed.
	 * @param verdict Its verdict.
	 * @param index   Its first observation.
	 */
	private checkConsistent( set: string[], verdict: Verdict, index: number ) {
		const members = new Set( set );
		for ( const other of this.known.values() ) {
			if ( other.verdict === verdict ) {
				continue;
			}
			const otherMembers = new Set( other.set );
			const [ failing, passing ] =
				verdict === 'fail'
					? [ members, otherMembers ]
					: [ otherMembers, members ];
			if ( [ ...failing ].every( ( id ) => passing.has( id ) ) ) {
				throw new Stop( {
					kind: 'flaky',
					reason: 'contradiction',
					observations: [ other.index, index ].sort(
						( a, b ) => a - b
					),
				} );
			}
		}
	}
}
