import { __, _n, sprintf } from '@wordpress/i18n';

import type { SearchConfig, SearchOutcome } from './model';
import type {
	BisectCandidate,
	BisectObservation,
	BisectProbe,
	BisectSession,
	BisectSymptom,
	BisectTestName,
} from './types';

/** The search configuration a session stands for. */
export function searchConfig( session: BisectSession ): SearchConfig {
	return {
		candidates: session.candidates,
		suspects: session.suspects,
		repeats: session.repeats,
	};
}

/**
 * A candidate's name, or its id when it is no longer active.
 *
 * @param id Candidate id.
 */
export function candidateName(
	id: string,
	candidates: BisectCandidate[]
): string {
	return candidates.find( ( candidate ) => candidate.id === id )?.name ?? id;
}

/**
 * Names of a list of candidates, joined for a sentence.
 *
 * @param ids Candidate ids.
 */
export function candidateNames(
	ids: string[],
	candidates: BisectCandidate[]
): string {
	return ids.map( ( id ) => candidateName( id, candidates ) ).join( ', ' );
}

/**
 * What a failed test means, in words.
 *
 * @param test    Test name.
 * @param symptom Symptom (for thresholds).
 */
export function testLabel(
	test: BisectTestName,
	symptom: BisectSymptom | null
): string {
	const tests = symptom?.tests;
	switch ( test ) {
		case 'no-answer':
			return __( 'no answer in time', 'triage' );
		case 'status':
			return __( 'HTTP status 500 or more', 'triage' );
		case 'fatal':
			return __( 'PHP fatal error', 'triage' );
		case 'time':
			return sprintf(
				/* translators: %s: seconds. */
				__( 'slower than %s s', 'triage' ),
				String( tests?.slower_than ?? '' )
			);
		case 'contains':
			return sprintf(
				/* translators: %s: text. */
				__( 'page contains “%s”', 'triage' ),
				tests?.contains ?? ''
			);
		case 'lacks':
			return sprintf(
				/* translators: %s: text. */
				__( 'page lacks “%s”', 'triage' ),
				tests?.lacks ?? ''
			);
		case 'memory':
			return sprintf(
				/* translators: %s: megabytes. */
				__( 'peak memory over %s MB', 'triage' ),
				String( tests?.memory_over_mb ?? '' )
			);
	}
	return test;
}

/** The symptom's failure tests, in words. */
export function describeSymptomTests( symptom: BisectSymptom ): string[] {
	const names: BisectTestName[] = [];
	const { tests } = symptom;
	if ( tests.status ) {
		names.push( 'status' );
	}
	if ( tests.fatal ) {
		names.push( 'fatal' );
	}
	if ( tests.slower_than !== null ) {
		names.push( 'time' );
	}
	if ( tests.contains ) {
		names.push( 'contains' );
	}
	if ( tests.lacks ) {
		names.push( 'lacks' );
	}
	if ( tests.memory_over_mb !== null ) {
		names.push( 'memory' );
	}
	return names.map( ( name ) => testLabel( name, symptom ) );
}

/** One probe, in a line: status, time, tests tripped. */
export function describeProbe(
	probe: BisectProbe,
	symptom: BisectSymptom | null
): string {
	const parts: string[] = [
		probe.status !== null
			? sprintf(
					/* translators: %d: HTTP status code. */
					__( 'HTTP %d', 'triage' ),
					probe.status
				)
			: ( probe.error ?? __( 'no answer', 'triage' ) ),
		sprintf(
			/* translators: %s: seconds. */
			__( '%s s', 'triage' ),
			probe.time.toFixed( 2 )
		),
	];
	if ( probe.failed.length ) {
		parts.push(
			probe.failed
				.map( ( test ) => testLabel( test, symptom ) )
				.join( ', ' )
		);
	}
	if ( probe.fatal ) {
		parts.push( probe.fatal.message.split( '\n' )[ 0 ] );
	}
	return parts.join( ' · ' );
}

/**
 * A plain-text summary of a finished bisection, for a support ticket.
 *
 * @param session    Session.
 * @param outcome    Outcome.
 * @param candidates Candidates.
 * @param siteUrl    The site's address.
 */
export function bisectSummary(
	session: BisectSession,
	outcome: SearchOutcome,
	candidates: BisectCandidate[],
	siteUrl: string
): string {
	const lines: string[] = [
		sprintf(
			/* translators: 1: site address, 2: date. */
			__( 'Triage bisection on %1$s, %2$s', 'triage' ),
			siteUrl,
			new Date( session.updated_at * 1000 ).toISOString()
		),
	];
	if ( session.symptom ) {
		lines.push(
			sprintf(
				/* translators: 1: method, 2: URL, 3: logged in or out, 4: tests. */
				__( 'Symptom: %1$s %2$s (%3$s); fails on: %4$s', 'triage' ),
				session.symptom.method,
				session.symptom.url,
				session.symptom.logged_in
					? __( 'logged in', 'triage' )
					: __( 'logged out', 'triage' ),
				describeSymptomTests( session.symptom ).join( ', ' )
			)
		);
	} else if ( session.check_url ) {
		lines.push(
			sprintf(
				/* translators: %s: URL. */
				__( 'Guided: the admin checked %s at each step.', 'triage' ),
				session.check_url
			)
		);
	}
	lines.push(
		sprintf(
			/* translators: 1: number of candidates, 2: number kept. */
			__( 'Candidates: %1$d; always loaded (must keep): %2$d', 'triage' ),
			session.candidates.length,
			session.must_keep.length
		)
	);
	lines.push( outcomeSentence( outcome, candidates ) );
	if ( outcome.kind === 'culprits' ) {
		lines.push(
			outcome.confidence === 'repeated'
				? sprintf(
						/* translators: %d: repeats. */
						__(
							'Confidence: every verdict repeated %d times and agreed.',
							'triage'
						),
						session.repeats
					)
				: __( 'Confidence: each verdict observed once.', 'triage' )
		);
		const failing = session.observations[ outcome.failing ];
		const passing = session.observations[ outcome.passing ];
		lines.push(
			evidenceLine( __( 'With them', 'triage' ), failing, session )
		);
		lines.push(
			evidenceLine( __( 'Without them', 'triage' ), passing, session )
		);
	}
	lines.push(
		sprintf(
			/* translators: %d: number of probes or answers. */
			_n(
				'%d test in all.',
				'%d tests in all.',
				session.observations.length,
				'triage'
			),
			session.observations.length
		)
	);
	return lines.join( '\n' );
}

/** One evidence line of the summary. */
function evidenceLine(
	label: string,
	observation: BisectObservation | undefined,
	session: BisectSession
): string {
	if ( ! observation ) {
		return label + ': –';
	}
	const verdict =
		observation.verdict === 'fail'
			? __( 'broken', 'triage' )
			: __( 'works', 'triage' );
	const probe = observation.probe
		? ' (' + describeProbe( observation.probe, session.symptom ) + ')'
		: '';
	return `${ label } (${ observation.set.length }): ${ verdict }${ probe }`;
}

/** The outcome in one sentence. */
export function outcomeSentence(
	outcome: SearchOutcome,
	candidates: BisectCandidate[]
): string {
	switch ( outcome.kind ) {
		case 'culprits':
			return outcome.groups
				.map( ( group ) =>
					group.length === 1
						? sprintf(
								/* translators: %s: plugin or theme name. */
								__(
									'%s breaks the site on its own.',
									'triage'
								),
								candidateName( group[ 0 ], candidates )
							)
						: sprintf(
								/* translators: %s: plugin names. */
								__(
									'%s break the site only together.',
									'triage'
								),
								candidateNames( group, candidates )
							)
				)
				.join( ' ' );
		case 'no-symptom':
			return __(
				'The symptom did not appear even with every candidate loaded.',
				'triage'
			);
		case 'not-plugins':
			return __(
				'The symptom stays with every candidate off: plugins and the theme are not the cause.',
				'triage'
			);
		case 'flaky':
			return __(
				'The symptom comes and goes on its own (flaky): no culprit can be named with confidence.',
				'triage'
			);
		case 'inconclusive':
			return outcome.reason === 'budget'
				? __(
						'The bisection used all its tests without an answer.',
						'triage'
					)
				: __(
						'More than three separate causes: the site has several problems at once.',
						'triage'
					);
	}
	return '';
}
