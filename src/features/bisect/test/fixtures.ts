import { runSearch } from '../search';
import type { BisectCandidate, BisectSession, BisectState } from '../types';

export const CANDIDATES: BisectCandidate[] = [
	'shop',
	'cache',
	'seo',
	'forms',
].map( ( slug ) => ( {
	id: `${ slug }/${ slug }.php`,
	name: slug[ 0 ].toUpperCase() + slug.slice( 1 ),
	kind: 'plugin',
	network: false,
	suspect: null,
	suspect_at: null,
} ) );

/**
 * A session, finished when `finished` (the cache plugin breaks the site), or fresh.
 *
 * @param overrides Fields to change.
 * @param finished  Fill in the observations of a whole search.
 */
export function sessionFixture(
	overrides: Partial< BisectSession > = {},
	finished = false
): BisectSession {
	const session: BisectSession = {
		id: 'abc',
		mode: 'auto',
		created_at: 1790000000,
		updated_at: 1790000100,
		expires_at: 1790007300,
		symptom: {
			url: 'http://example.test/',
			method: 'GET',
			body: '',
			logged_in: false,
			timeout: 15,
			tests: {
				status: true,
				fatal: true,
				slower_than: null,
				contains: '',
				lacks: '',
				memory_over_mb: null,
			},
		},
		theme: {
			id: 'theme:twentytwentyfive',
			name: 'Twenty Twenty-Five',
			tested: false,
			reason: 'no_stand_in',
			stand_in: null,
		},
		check_url: null,
		candidates: CANDIDATES.map( ( c ) => c.id ),
		suspects: [],
		must_keep: [],
		repeats: 1,
		pending: null,
		observations: [],
		...overrides,
	};
	if ( finished ) {
		const { history } = runSearch(
			{ candidates: session.candidates },
			( set ) => ( set.includes( 'cache/cache.php' ) ? 'fail' : 'pass' )
		);
		session.observations = history.map( ( observation ) => ( {
			...observation,
			source: 'probe',
			at: 1790000050,
			probe: {
				verdict: observation.verdict,
				failed:
					observation.verdict === 'fail' ? [ 'status', 'fatal' ] : [],
				status: observation.verdict === 'fail' ? 500 : 200,
				time: 0.12,
				error: null,
				timed_out: false,
				accepted: true,
				fatal:
					observation.verdict === 'fail'
						? {
								message: 'Uncaught Error: boom',
								file: 'wp-content/plugins/cache/cache.php',
								line: 3,
							}
						: null,
				peak_memory: 4194304,
				reported: true,
				log: [
					...( observation.verdict === 'fail'
						? [
								{
									level: 'fatal' as const,
									message: 'Uncaught Error: boom',
									file: 'wp-content/plugins/cache/cache.php',
									line: 3,
									plugin: 'cache',
									theme: null,
								},
							]
						: [] ),
					{
						level: 'deprecated' as const,
						message: 'Function old_thing() is deprecated',
						file: 'wp-content/plugins/seo/seo.php',
						line: 40,
						plugin: 'seo',
						theme: null,
					},
				],
				log_more: 0,
				note: null,
				lead:
					observation.verdict === 'fail'
						? {
								type: 'plugin' as const,
								slug: 'cache',
								file: 'wp-content/plugins/cache/cache.php',
								candidate: 'cache/cache.php',
							}
						: null,
			},
		} ) );
	}
	return session;
}

/** The REST state around a session. */
export function stateFixture( session: BisectSession | null ): BisectState {
	return { session, candidates: CANDIDATES, deactivated: [] };
}
