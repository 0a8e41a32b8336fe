import {
	bisectSummary,
	describeProbe,
	describeSymptomTests,
	outcomeSentence,
} from '../describe';
import { findLeads, splitLog, themeNotTested } from '../evidence';
import { candidateList, candidateName, candidateNames } from '../names';
import { nextStep } from '../search';
import type { BisectCandidate, BisectProbe, BisectProbeEntry } from '../types';
import { CANDIDATES, sessionFixture } from './fixtures';

const candidate = ( id: string, name: string ): BisectCandidate => ( {
	id,
	name,
	kind: id.startsWith( 'theme:' ) ? 'theme' : 'plugin',
	network: false,
	suspect: null,
	suspect_at: null,
} );

const TWINS: BisectCandidate[] = [
	candidate( 'user-switching/user-switching.php', 'User Switching' ),
	candidate( 'user-switching-old/user-switching.php', 'User Switching' ),
	candidate( 'hello.php', 'Hello Dolly' ),
	candidate( 'hello-dolly/hello.php', 'hello dolly' ),
	candidate( 'query-monitor/query-monitor.php', 'Query Monitor' ),
];

describe( 'bisectSummary', () => {
	it( 'says what was tested, what was found, how sure, and the evidence', () => {
		const session = sessionFixture( {}, true );
		const step = nextStep(
			{ candidates: session.candidates },
			session.observations
		);
		if ( step.kind !== 'done' ) {
			throw new Error( 'unfinished' );
		}
		const text = bisectSummary(
			session,
			step.outcome,
			CANDIDATES,
			'http://example.test'
		);
		expect( text ).toContain( 'Triage bisection on http://example.test' );
		expect( text ).toContain(
			'Symptom: GET http://example.test/ (logged out); fails on: HTTP status 500 or more, PHP fatal error'
		);
		expect( text ).toContain( 'Cache breaks the site on its own.' );
		expect( text ).toContain( 'Seen once: it failed on its own again' );
		expect( text ).toContain(
			'The theme Twenty Twenty-Five was not tested (no other theme is installed to stand in for it)'
		);
		expect( text ).toMatch(
			/With them \(1\): broken \(HTTP 500 · 0\.12 s/
		);
		expect( text ).toMatch( /Without them \(3\): works \(HTTP 200/ );
		expect( text ).not.toContain( 'password' );
	} );
} );

describe( 'outcomeSentence', () => {
	it( 'words every outcome', () => {
		expect(
			outcomeSentence(
				{
					kind: 'culprits',
					groups: [ [ 'shop/shop.php', 'seo/seo.php' ] ],
					confidence: 'certain',
					seen: 8,
					failing: 0,
					passing: 1,
				},
				CANDIDATES
			)
		).toBe( 'Shop and Seo break the site only together.' );
		expect(
			outcomeSentence( { kind: 'no-symptom', passing: 0 }, CANDIDATES )
		).toMatch( /did not appear/ );
		expect(
			outcomeSentence( { kind: 'not-plugins', failing: 1 }, CANDIDATES )
		).toMatch( /not the cause/ );
		expect(
			outcomeSentence(
				{
					kind: 'flaky',
					reason: 'contradiction',
					observations: [ 1, 2 ],
				},
				CANDIDATES
			)
		).toMatch( /flaky/ );
		expect(
			outcomeSentence(
				{ kind: 'inconclusive', reason: 'budget' },
				CANDIDATES
			)
		).toMatch( /used all its tests/ );
	} );

	it( 'lists only the tests chosen', () => {
		const symptom = sessionFixture().symptom;
		if ( ! symptom ) {
			throw new Error( 'no symptom' );
		}
		expect(
			describeSymptomTests( {
				...symptom,
				tests: {
					...symptom.tests,
					status: false,
					slower_than: 3,
					lacks: '</html>',
				},
			} )
		).toEqual( [
			'PHP fatal error',
			'slower than 3 s',
			'page lacks “</html>”',
		] );
	} );
} );

describe( 'duplicate names', () => {
	it( 'carry their folder wherever a candidate is named', () => {
		expect( candidateName( TWINS[ 0 ].id, TWINS ) ).toBe(
			'User Switching (user-switching/)'
		);
		expect( candidateName( TWINS[ 4 ].id, TWINS ) ).toBe( 'Query Monitor' );
		// Case and spaces do not make two installs different; a single-file plugin shows its file.
		expect( candidateName( 'hello.php', TWINS ) ).toBe(
			'Hello Dolly (hello.php)'
		);
		expect( candidateName( 'hello-dolly/hello.php', TWINS ) ).toBe(
			'hello dolly (hello-dolly/)'
		);
		expect(
			candidateNames( [ TWINS[ 1 ].id, TWINS[ 4 ].id ], TWINS )
		).toBe( 'User Switching (user-switching-old/), Query Monitor' );
	} );

	it( 'tell the two halves of a duplicate-install pair apart in the result', () => {
		expect(
			outcomeSentence(
				{
					kind: 'culprits',
					groups: [ [ TWINS[ 0 ].id, TWINS[ 1 ].id ] ],
					confidence: 'seen-once',
					seen: 2,
					failing: 0,
					passing: 1,
				},
				TWINS
			)
		).toBe(
			'User Switching (user-switching/) and User Switching (user-switching-old/) break the site only together.'
		);
		expect(
			candidateList(
				[ TWINS[ 0 ].id, TWINS[ 4 ].id, TWINS[ 2 ].id ],
				TWINS
			)
		).toBe(
			'User Switching (user-switching/), Query Monitor and Hello Dolly (hello.php)'
		);
	} );
} );

describe( 'what the result may not clear', () => {
	const theme = sessionFixture().theme;

	it( 'says the theme was not tested instead of clearing it', () => {
		expect(
			outcomeSentence( { kind: 'not-plugins', failing: 1 }, [], theme )
		).toBe(
			'The symptom stays with every plugin off: plugins are not the cause, and the theme Twenty Twenty-Five was not tested.'
		);
		expect( themeNotTested( theme ) ).toMatch( /may still be the cause/ );
		expect(
			themeNotTested(
				theme && { ...theme, tested: true, reason: 'tested' }
			)
		).toBe( '' );
		expect(
			outcomeSentence( { kind: 'not-plugins', failing: 1 }, [], null )
		).toMatch( /plugins and the theme are not the cause/ );
	} );

	it( 'names a fatal error in a plugin or theme as a lead, even without a culprit', () => {
		const session = sessionFixture( {}, true );
		const lead = {
			type: 'theme' as const,
			slug: 'twentytwentyfive',
			file: 'wp-content/themes/twentytwentyfive/functions.php',
			candidate: null,
		};
		session.observations = session.observations.map( ( o ) =>
			o.probe && o.verdict === 'fail'
				? { ...o, probe: { ...o.probe, lead } }
				: o
		);
		const leads = findLeads(
			session,
			{ kind: 'flaky', reason: 'recheck', observations: [ 0, 1 ] },
			CANDIDATES
		);
		expect( leads ).toHaveLength( 1 );
		expect( leads[ 0 ] ).toMatchObject( {
			name: 'Twenty Twenty-Five',
			file: 'wp-content/themes/twentytwentyfive/functions.php',
			message: 'Uncaught Error: boom',
		} );
		expect( leads[ 0 ].probes ).toBe(
			session.observations.filter( ( o ) => o.verdict === 'fail' ).length
		);
	} );

	it( 'leaves out a lead that is already the culprit', () => {
		const session = sessionFixture( {}, true );
		const step = nextStep(
			{ candidates: session.candidates },
			session.observations
		);
		if ( step.kind !== 'done' ) {
			throw new Error( 'unfinished' );
		}
		expect( findLeads( session, step.outcome, CANDIDATES ) ).toEqual( [] );
		expect(
			findLeads(
				session,
				{ kind: 'inconclusive', reason: 'budget' },
				CANDIDATES
			)[ 0 ]
		).toMatchObject( { name: 'Cache', candidate: 'cache/cache.php' } );
	} );
} );

describe( 'probe evidence', () => {
	const probe: BisectProbe = {
		verdict: 'fail',
		failed: [ 'time' ],
		status: 200,
		time: 4.07,
		error: null,
		timed_out: false,
		accepted: true,
		fatal: null,
		peak_memory: null,
		reported: true,
		log: [],
		log_more: 0,
		note: null,
		lead: null,
	};
	const symptom = sessionFixture().symptom;

	it( 'shows a slow answer with its real time against the limit', () => {
		const slow = symptom && {
			...symptom,
			tests: { ...symptom.tests, slower_than: 3 },
		};
		expect( describeProbe( probe, slow ) ).toBe(
			'HTTP 200 · 4.07 s (limit 3 s) · slower than 3 s'
		);
	} );

	it( 'words a timeout as the time against the limit, not the transport error', () => {
		expect(
			describeProbe(
				{
					...probe,
					failed: [ 'no-answer' ],
					status: null,
					time: 15.01,
					timed_out: true,
					error: 'cURL error 28: Operation timed out after 15001 milliseconds',
				},
				symptom
			)
		).toBe( 'no answer in time · 15.01 s (limit 15 s)' );
	} );

	it( 'keeps notices and deprecations of plugins not in question apart', () => {
		const entry = (
			level: BisectProbeEntry[ 'level' ],
			plugin: string | null
		): BisectProbeEntry => ( {
			level,
			message: level,
			file: `wp-content/plugins/${ plugin }/x.php`,
			line: 1,
			plugin,
			theme: null,
		} );
		const log = [
			entry( 'notice', 'seo' ),
			entry( 'fatal', 'cache' ),
			entry( 'deprecated', 'cache' ),
			entry( 'warning', 'seo' ),
			entry( 'deprecated', null ),
		];
		const { shown, hidden } = splitLog( log, [ 'cache/cache.php' ] );
		expect( shown.map( ( e ) => e.level ) ).toEqual( [
			'fatal',
			'deprecated',
			'warning',
		] );
		expect( hidden.map( ( e ) => e.plugin ) ).toEqual( [ 'seo', null ] );
	} );
} );
