import { __, _n, sprintf } from '@wordpress/i18n';

import { findLeads, leadSentence, probeTime, themeNotTested } from './evidence';
import type { SearchConfig, SearchOutcome } from './model';
import { candidateList, candidateName } from './names';
import type {
	BisectCandidate,
	BisectObservation,
	BisectProbe,
	BisectSession,
	BisectSymptom,
	BisectTestName,
	BisectThemeStatus,
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
	let answer: string;
	if ( probe.status !== null ) {
		answer = sprintf(
			/* translators: %d: HTTP status code. */
			__( 'HTTP %d', 'triage' ),
			probe.status
		);
	} else if ( probe.timed_out ) {
		// The transport's own words ("cURL error 28") say less than the time against the limit.
		answer = __( 'no answer in time', 'triage' );
	} else {
		answer = probe.error ?? __( 'no answer', 'triage' );
	}
	const parts: string[] = [ answer, probeTime( probe, symptom ) ];
	const failed = probe.failed.filter(
		( test ) => ! ( test === 'no-answer' && probe.timed_out )
	);
	if ( failed.length ) {
		parts.push(
			failed.map( ( test ) => testLabel( test, symptom ) ).join( ', ' )
		);
	}
	if ( probe.fatal ) {
		parts.push( probe.fatal.message.split( '\n' )[ 0 ] );
	} else if ( probe.note ) {
		parts.push( probe.note );
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
	lines.push( outcomeSentence( outcome, candidates, session.theme ) );
	const untested = themeNotTested( session.theme );
	if ( untested && outcome.kind !== 'not-plugins' ) {
		lines.push( untested );
	}
	for ( const lead of findLeads( session, outcome, candidates ) ) {
		lines.push( leadSentence( lead ) );
	}
	if ( outcome.kind === 'culprits' ) {
		lines.push( confidenceSentence( outcome.confidence, outcome.seen ) );
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
/**
 * How sure a culprit is, in a sentence.
 *
 * @param confidence certain or seen-once.
 * @param seen       Requests in which the culprit failed on its own.
 */
export function confidenceSentence(
	confidence: 'certain' | 'seen-once',
	seen: number
): string {
	return confidence === 'certain'
		? sprintf(
				/* translators: %d: number of requests. */
				__(
					'Certain: it failed in all %d requests that loaded it alone, and the site worked without it each time.',
					'triage'
				),
				seen
			)
		: __(
				'Seen once: it failed on its own again when re-checked, and the site worked again without it, but one re-check cannot tell a culprit from a problem that comes and goes. Confirm before you act on it.',
				'triage'
			);
}

/**
 * The outcome in one sentence.
 *
 * @param outcome    Outcome.
 * @param candidates Candidates.
 * @param theme      The session's theme status: a theme that was not tested is never cleared.
 */
export function outcomeSentence(
	outcome: SearchOutcome,
	candidates: BisectCandidate[],
	theme: BisectThemeStatus | null = null
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
								/* translators: %s: plugin names, e.g. "A and B". */
								__(
									'%s break the site only together.',
									'triage'
								),
								candidateList( group, candidates )
							)
				)
				.join( ' ' );
		case 'no-symptom':
			return __(
				'The symptom did not appear even with every candidate loaded.',
				'triage'
			);
		case 'not-plugins':
			if ( theme && ! theme.tested ) {
				return sprintf(
					/* translators: %s: theme name. */
					__(
						'The symptom stays with every plugin off: plugins are not the cause, and the theme %s was not tested.',
						'triage'
					),
					theme.name
				);
			}
			return __(
				'The symptom stays with every candidate off: plugins and the theme are not the cause.',
				'triage'
			);
		case 'flaky':
			return outcome.reason === 'recheck'
				? __(
						'The re-check did not repeat the first answer: the symptom comes and goes (flaky), so no culprit can be named with confidence.',
						'triage'
					)
				: __(
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
