import {
	bisectSummary,
	describeSymptomTests,
	outcomeSentence,
} from '../describe';
import { nextStep } from '../search';
import { CANDIDATES, sessionFixture } from './fixtures';

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
		expect( text ).toContain( 'Confidence: each verdict observed once.' );
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
					confidence: 'repeated',
					failing: 0,
					passing: 1,
				},
				CANDIDATES
			)
		).toBe( 'Shop, Seo break the site only together.' );
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
