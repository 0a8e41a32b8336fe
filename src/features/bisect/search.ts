/**
 * The bisection search: which candidates (plugins, and the theme) must be loaded for the symptom to appear.
 *
 * Pure and deterministic. The search is written as ordinary code that asks `test( set )`, and is replayed
 * from the start over the verdicts observed so far: the first set without a verdict becomes the next probe.
 * So the whole state is the list of observations, which the server keeps (a reload resumes the search)
 * and which "undo" shortens by one.
 *
 * Steps, for candidates C (suspects first):
 * 1. confirm: C fails and {} passes, or stop (no symptom / plugins are not the cause);
 * 2. binary search for the shortest failing prefix of C; its last candidate c is needed;
 * 3. {c} alone fails: c is a culprit; otherwise c fails only with others: delta debugging (ddmin) on that
 *    prefix gives a minimal failing group;
 * 4. verify: C without the groups found passes; if not, search what is left for another group;
 * 5. re-check: probe each group alone, each group less one member (a group must need every member) and
 *    everything else again, as fresh requests; a verdict that now differs ends the search as flaky.
 * Verdicts may be repeated; disagreeing repeats, or verdicts no set of culprits can explain (a set fails
 * while a larger one passes), end the search as flaky, never with a culprit.
 *
 * Certainty: a culprit is "certain" only once it has failed on its own in CERTAIN_SEEN requests (and
 * every re-check agreed): a symptom that fails one request in two passes that with odds of 1 in 2^8.
 * With one verdict per set (the default) the re-check runs once and the culprit is "seen once"; asking to
 * confirm (or a history that goes on) runs the re-check again until CERTAIN_SEEN is reached.
 */

import type {
	Observation,
	ProbePurpose,
	SearchConfig,
	SearchOutcome,
	SearchStep,
	Verdict,
} from './model';

export const DEFAULT_MAX_PROBES = 200;
const MAX_GROUPS = 3;
/** Requests a culprit must fail on its own, all agreeing, before it is called certain. */
export const CERTAIN_SEEN = 8;

/** Thrown when the search asks for a set no observation answers yet: that set is the next probe. */
class NeedProbe {
	constructor(
		readonly set: string[],
		readonly purpose: ProbePurpose,
		readonly repeat: number,
		readonly of: number
	) {}
}

class Stop {
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
class Replay {
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
				throw new NeedProbe( set, purpose, repeat, this.repeats );
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

	/** Whether observations are left that the search has not read yet. */
	more(): boolean {
		return this.cursor < this.history.length;
	}

	/**
	 * A fresh verdict for a set the search has judged already (never answered from memory): it must agree
	 * with the first one, or the symptom comes and goes.
	 *
	 * @param rawSet  Candidates.
	 * @param purpose Why it is asked.
	 * @param repeat  1-based repeat in this round.
	 * @param of      Repeats in this round.
	 */
	recheck(
		rawSet: string[],
		purpose: ProbePurpose,
		repeat: number,
		of: number
	): Verdict {
		const set = this.normalize( rawSet );
		if ( this.cursor >= this.history.length ) {
			throw new NeedProbe( set, purpose, repeat, of );
		}
		const observation = this.history[ this.cursor ];
		if (
			this.normalize( observation.set ).join( '\n' ) !== set.join( '\n' )
		) {
			throw new Error(
				`Observation ${ this.cursor } tested another set than the search asks for.`
			);
		}
		const index = this.cursor++;
		const first = this.verdict( set );
		if ( first && first.verdict !== observation.verdict ) {
			throw new Stop( {
				kind: 'flaky',
				reason: 'recheck',
				observations: [ first.index, index ],
			} );
		}
		return observation.verdict;
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

/**
 * Candidates in search order: suspects first, then the rest as given.
 *
 * @param config Search configuration.
 */
export function searchOrder( config: SearchConfig ): string[] {
	const candidates = [ ...new Set( config.candidates ) ];
	const suspects = ( config.suspects ?? [] ).filter( ( id ) =>
		candidates.includes( id )
	);
	return [
		...new Set( suspects ),
		...candidates.filter( ( id ) => ! suspects.includes( id ) ),
	];
}

/**
 * Zeller's ddmin: a 1-minimal failing subset of a failing set.
 *
 * @param replay  Verdicts.
 * @param failing A set known to fail.
 */
function ddmin( replay: Replay, failing: string[] ): string[] {
	let current = failing;
	let parts = 2;
	while ( current.length >= 2 ) {
		const size = Math.ceil( current.length / parts );
		const subsets: string[][] = [];
		for ( let i = 0; i < current.length; i += size ) {
			subsets.push( current.slice( i, i + size ) );
		}
		const failingSubset = subsets.find(
			( subset ) => replay.test( subset, 'minimize' ) === 'fail'
		);
		if ( failingSubset ) {
			current = failingSubset;
			parts = 2;
			continue;
		}
		const complements =
			subsets.length > 2
				? subsets.map( ( subset ) =>
						current.filter( ( id ) => ! subset.includes( id ) )
					)
				: [];
		const failingComplement = complements.find(
			( complement ) => replay.test( complement, 'minimize' ) === 'fail'
		);
		if ( failingComplement ) {
			current = failingComplement;
			parts = Math.max( parts - 1, 2 );
			continue;
		}
		if ( parts >= current.length ) {
			break;
		}
		parts = Math.min( parts * 2, current.length );
	}
	return current;
}

/**
 * A minimal group of candidates that fails on its own, in a set that fails while {} passes.
 *
 * @param replay     Verdicts.
 * @param failing    A set known to fail, in search order.
 * @param firstPivot Where to split first (the number of suspects), or 0 for the middle.
 */
function minimalGroup(
	replay: Replay,
	failing: string[],
	firstPivot: number
): string[] {
	// Shortest failing prefix: prefix(lo) passes, prefix(hi) fails.
	let lo = 0;
	let hi = failing.length;
	let pivot = firstPivot > 0 && firstPivot < hi ? firstPivot : 0;
	while ( hi - lo > 1 ) {
		const mid = pivot || Math.floor( ( lo + hi ) / 2 );
		pivot = 0;
		if ( replay.test( failing.slice( 0, mid ), 'search' ) === 'fail' ) {
			hi = mid;
		} else {
			lo = mid;
		}
	}
	const needed = failing[ hi - 1 ];
	if ( replay.test( [ needed ], 'verify-alone' ) === 'fail' ) {
		return [ needed ];
	}
	return ddmin( replay, failing.slice( 0, hi ) );
}

/**
 * What the re-check probes again: each group alone (it must fail), each group less one member (it must
 * pass: the group needs every member) and everything but the groups (it must pass).
 *
 * @param groups Groups found.
 * @param rest   Every other candidate.
 */
function recheckSets(
	groups: string[][],
	rest: string[]
): Array< { set: string[]; purpose: ProbePurpose } > {
	const checks: Array< { set: string[]; purpose: ProbePurpose } > = [];
	for ( const group of groups ) {
		checks.push( { set: group, purpose: 'recheck-group' } );
		if ( group.length > 1 ) {
			for ( const member of group ) {
				checks.push( {
					set: group.filter( ( id ) => id !== member ),
					purpose: 'recheck-member',
				} );
			}
		}
	}
	checks.push( { set: rest, purpose: 'recheck-without' } );
	return checks;
}

/**
 * One round of the re-check: every set once per repeat, in turns (so a symptom that starts or stops
 * half-way shows as a disagreement rather than a run of equal verdicts).
 *
 * @param replay  Verdicts.
 * @param checks  Sets to probe again.
 * @param repeats Verdicts per set in this round.
 */
function recheckRound(
	replay: Replay,
	checks: Array< { set: string[]; purpose: ProbePurpose } >,
	repeats: number
): void {
	for ( let repeat = 1; repeat <= repeats; repeat++ ) {
		for ( const check of checks ) {
			replay.recheck( check.set, check.purpose, repeat, repeats );
		}
	}
}

/**
 * Verdicts per set of the first re-check round: one at the default of one verdict per set; with repeats
 * asked for, enough to reach certainty at once.
 *
 * @param repeats Verdicts per set of the search.
 */
export function firstRecheck( repeats: number ): number {
	return repeats <= 1 ? 1 : Math.max( repeats, CERTAIN_SEEN - repeats );
}

/**
 * The search itself, asking the replay for verdicts.
 *
 * @param config  Search configuration.
 * @param replay  Verdicts.
 * @param confirm Re-check a culprit seen once until it is certain.
 */
function run(
	config: SearchConfig,
	replay: Replay,
	confirm: boolean
): SearchOutcome {
	const order = searchOrder( config );
	if ( replay.test( order, 'confirm-all' ) === 'pass' ) {
		return {
			kind: 'no-symptom',
			passing: replay.verdict( order )?.index ?? 0,
		};
	}
	if ( replay.test( [], 'confirm-none' ) === 'fail' ) {
		return {
			kind: 'not-plugins',
			failing: replay.verdict( [] )?.index ?? 0,
		};
	}
	const suspects = new Set(
		( config.suspects ?? [] ).filter( ( id ) => order.includes( id ) )
	).size;
	const groups: string[][] = [];
	let rest = order;
	for ( let round = 0; ; round++ ) {
		groups.push( minimalGroup( replay, rest, 0 === round ? suspects : 0 ) );
		const named = new Set( groups.flat() );
		rest = order.filter( ( id ) => ! named.has( id ) );
		if ( replay.test( rest, 'verify-without' ) === 'pass' ) {
			break;
		}
		if ( groups.length >= MAX_GROUPS ) {
			return { kind: 'inconclusive', reason: 'too-many-groups' };
		}
	}
	const repeats = config.repeats ?? 1;
	const checks = recheckSets( groups, rest );
	const first = firstRecheck( repeats );
	recheckRound( replay, checks, first );
	let seen = repeats + first;
	if ( seen < CERTAIN_SEEN && ( confirm || replay.more() ) ) {
		recheckRound( replay, checks, CERTAIN_SEEN - seen );
		seen = CERTAIN_SEEN;
	}
	return {
		kind: 'culprits',
		groups,
		confidence: seen >= CERTAIN_SEEN ? 'certain' : 'seen-once',
		seen,
		failing: replay.verdict( groups[ 0 ] )?.index ?? 0,
		passing: replay.verdict( rest )?.index ?? 0,
	};
}

/**
 * A rough total of probes for a search, for the progress bar.
 *
 * @param candidates Number of candidates.
 * @param repeats    Verdicts per set.
 * @param done       Probes already done.
 */
export function estimateProbes(
	candidates: number,
	repeats: number,
	done: number
): number {
	const single =
		repeats * ( 4 + Math.ceil( Math.log2( Math.max( candidates, 1 ) ) ) ) +
		2 * firstRecheck( repeats );
	return Math.max( single, done + repeats );
}

/**
 * What to do next: the set to probe, or the outcome.
 *
 * @param config          Search configuration.
 * @param history         Observations so far, oldest first.
 * @param options         Options.
 * @param options.confirm Re-check a culprit seen once until it is certain (the next probe is the first of
 *                        that re-check).
 */
export function nextStep(
	config: SearchConfig,
	history: Observation[],
	{ confirm = false }: { confirm?: boolean } = {}
): SearchStep {
	const repeats = Math.max( 1, Math.floor( config.repeats ?? 1 ) );
	const maxProbes = config.maxProbes ?? DEFAULT_MAX_PROBES;
	const replay = new Replay(
		history,
		repeats,
		maxProbes,
		searchOrder( config )
	);
	try {
		return {
			kind: 'done',
			outcome: run( { ...config, repeats }, replay, confirm ),
			done: history.length,
		};
	} catch ( thrown ) {
		if ( thrown instanceof NeedProbe ) {
			return {
				kind: 'probe',
				set: thrown.set,
				purpose: thrown.purpose,
				repeat: thrown.repeat,
				of: thrown.of,
				done: history.length,
				estimate: estimateProbes(
					config.candidates.length,
					repeats,
					history.length
				),
			};
		}
		if ( thrown instanceof Stop ) {
			return {
				kind: 'done',
				outcome: thrown.outcome,
				done: history.length,
			};
		}
		throw thrown;
	}
}

/**
 * Runs a whole search against an oracle (the benchmark and tests use this; the page probes one step at a
 * time).
 *
 * @param config          Search configuration.
 * @param oracle          Verdict for a set.
 * @param options         Options.
 * @param options.confirm Re-check a culprit seen once until it is certain.
 */
export function runSearch(
	config: SearchConfig,
	oracle: ( set: string[] ) => Verdict,
	{ confirm = false }: { confirm?: boolean } = {}
): { outcome: SearchOutcome; history: Observation[] } {
	const history: Observation[] = [];
	for (;;) {
		const step = nextStep( config, history, { confirm } );
		if ( step.kind === 'done' ) {
			return { outcome: step.outcome, history };
		}
		history.push( { set: step.set, verdict: oracle( step.set ) } );
	}
}
