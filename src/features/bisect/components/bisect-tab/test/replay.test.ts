import { nextStep } from '../../../search';
import { sessionFixture } from '../../../test/fixtures';
import { replay } from '..';

describe( 'replay (the Bisect tab’s view of a session)', () => {
	const finished = sessionFixture( {}, true );
	const confirmSet = ( () => {
		const step = nextStep(
			{ candidates: finished.candidates },
			finished.observations,
			{ confirm: true }
		);
		return step.kind === 'probe' ? step.set : [];
	} )();

	it( 'shows the result of a culprit seen once until a confirmation starts', () => {
		expect( replay( finished ) ).toMatchObject( {
			step: { kind: 'done', outcome: { confidence: 'seen-once' } },
		} );
	} );

	it( 'guided mode: a step put on after the result is the confirmation, asked as the next test', () => {
		const guided = {
			...finished,
			mode: 'guided' as const,
			symptom: null,
			check_url: 'http://example.test/',
			pending: confirmSet,
		};
		expect( replay( guided ) ).toMatchObject( {
			step: {
				kind: 'probe',
				set: [ 'cache/cache.php' ],
				purpose: 'recheck-group',
			},
		} );
	} );

	it( 'automatic mode: once the first confirming probe is in, the confirmation goes on, labelled', () => {
		const probed = {
			...finished,
			observations: [
				...finished.observations,
				{ ...finished.observations[ 0 ], set: confirmSet },
			],
		};
		const replayed = replay( probed );
		expect( replayed ).toMatchObject( {
			step: { kind: 'probe', purpose: 'recheck-without' },
		} );
		if ( 'purposes' in replayed ) {
			expect( replayed.purposes.slice( -3 ) ).toEqual( [
				'recheck-group',
				'recheck-without',
				'recheck-group',
			] );
		}
	} );
} );
