import { __, _n, sprintf } from '@wordpress/i18n';

import type { SearchConfig, SearchOutcome } from './model';
import type {
	BisectCandidate,
	BisectObservation,
	BisectProbe,
	BisectProbeEntry,
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
 * The folder a candidate lives in, as a person finds it on disk: "user-switching/" for a plugin in a
 * folder, the file for a single-file plugin ("hello.php"), the theme's folder for the theme.
 *
 * @param id Candidate id (plugin basename or theme:<stylesheet>).
 */
export function candidateFolder( id: string ): string {
	const path = id.startsWith( 'theme:' ) ? id.slice( 6 ) + '/' : id;
	const slash = path.indexOf( '/' );
	return slash >= 0 ? path.slice( 0, slash + 1 ) : path;
}

/**
 * A candidate's name, or its id when it is no longer active. Two installs with the same name (a plugin
 * copied to another folder) are told apart by their folder: "User Switching (user-switching-old/)".
 *
 * @param id         Candidate id.
 * @param candidates Candidates.
 */
export function candidateName(
	id: string,
	candidates: BisectCandidate[]
): string {
	const name = candidates.find( ( candidate ) => candidate.id === id )?.name;
	if ( name === undefined ) {
		return id;
	}
	const twins = candidates.filter(
		( candidate ) =>
			candidate.id !== id &&
			candidate.name.trim().toLowerCase() === name.trim().toLowerCase()
	);
	return twins.length
		? sprintf(
				/* translators: 1: plugin or theme name, 2: its folder, e.g. user-switching/. */
				__( '%1$s (%2$s)', 'triage' ),
				name,
				candidateFolder( id )
			)
		: name;
}

/**
 * Names of a list of candidates, comma-separated (lists of what a test loaded).
 *
 * @param ids        Candidate ids.
 * @param candidates Candidates.
 */
export function candidateNames(
	ids: string[],
	candidates: BisectCandidate[]
): string {
	return ids.map( ( id ) => candidateName( id, candidates ) ).join( ', ' );
}

/**
 * Names of a few candidates for a sentence: "A", "A and B", "A, B and C".
 *
 * @param ids        Candidate ids.
 * @param candidates Candidates.
 */
export function candidateList(
	ids: string[],
	candidates: BisectCandidate[]
): string {
	const names = ids.map( ( id ) => candidateName( id, candidates ) );
	if ( names.length < 2 ) {
		return names.join( '' );
	}
	return sprintf(
		/* translators: 1: names separated by commas, 2: the last name. */
		__( '%1$s and %2$s', 'triage' ),
		names.slice( 0, -1 ).join( ', ' ),
		names[ names.length - 1 ]
	);
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

/**
 * The time limit a probe's answer was judged against: the "slower than" test when it tripped, else the
 * request's own timeout when there was no answer in time; null when no limit was at stake.
 *
 * @param probe   Probe.
 * @param symptom Symptom.
 */
export function probeLimit(
	probe: BisectProbe,
	symptom: BisectSymptom | null
): number | null {
	if ( probe.failed.includes( 'time' ) ) {
		return symptom?.tests.slower_than ?? null;
	}
	if ( probe.timed_out ) {
		return symptom?.timeout ?? null;
	}
	return null;
}

/**
 * A probe's time, with the limit when it was too slow: "4.07 s (limit 3 s)".
 *
 * @param probe   Probe.
 * @param symptom Symptom.
 */
export function probeTime(
	probe: BisectProbe,
	symptom: BisectSymptom | null
): string {
	const limit = probeLimit( probe, symptom );
	return limit === null
		? sprintf(
				/* translators: %s: seconds. */
				__( '%s s', 'triage' ),
				probe.time.toFixed( 2 )
			)
		: sprintf(
				/* translators: 1: seconds taken, 2: the limit in seconds. */
				__( '%1$s s (limit %2$s s)', 'triage' ),
				probe.time.toFixed( 2 ),
				String( limit )
			);
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
 * A log entry of a probe, in a line.
 *
 * @param entry Entry.
 */
export function describeEntry( entry: BisectProbeEntry ): string {
	const levels: Record< BisectProbeEntry[ 'level' ], string > = {
		fatal: __( 'Fatal error', 'triage' ),
		error: __( 'Error', 'triage' ),
		warning: __( 'Warning', 'triage' ),
		notice: __( 'Notice', 'triage' ),
		deprecated: __( 'Deprecated', 'triage' ),
	};
	return sprintf(
		/* translators: 1: level (Notice, Fatal error…), 2: message, 3: file, 4: line. */
		__( '%1$s: %2$s in %3$s:%4$d', 'triage' ),
		levels[ entry.level ] ?? entry.level,
		entry.message,
		entry.file,
		entry.line
	);
}

/**
 * A probe's log, split into what to show at once and the notices and deprecations of plugins and themes
 * that are not in question (shown on request): a busy site's benign notices would bury the fatal.
 *
 * @param log   The probe's entries.
 * @param focus Candidate ids in question (the culprits, leads, or what the probe loaded).
 */
export function splitLog(
	log: BisectProbeEntry[],
	focus: string[]
): { shown: BisectProbeEntry[]; hidden: BisectProbeEntry[] } {
	const folders = new Set(
		focus.map( ( id ) => candidateFolder( id ).replace( /\/$/, '' ) )
	);
	const shown: BisectProbeEntry[] = [];
	const hidden: BisectProbeEntry[] = [];
	for ( const entry of log ) {
		const minor = entry.level === 'notice' || entry.level === 'deprecated';
		const owner = entry.plugin ?? entry.theme;
		( minor && ! ( owner !== null && folders.has( owner ) )
			? hidden
			: shown
		).push( entry );
	}
	return { shown, hidden };
}

/** A fatal error that lies in a plugin or theme's files, named even when the search could not isolate it. */
export interface Lead {
	/** The candidate it is, or null (a theme that was not tested, an inactive plugin). */
	candidate: string | null;
	type: 'plugin' | 'theme';
	slug: string;
	/** Who, in words. */
	name: string;
	file: string;
	/** The fatal's first line, from the first probe that saw it. */
	message: string;
	/** Failing probes that saw it. */
	probes: number;
}

/**
 * Leads from the failing probes' own fatal errors, most seen first, leaving out the culprits already named.
 *
 * @param session    Session.
 * @param outcome    Outcome.
 * @param candidates Candidates.
 */
export function findLeads(
	session: BisectSession,
	outcome: SearchOutcome,
	candidates: BisectCandidate[]
): Lead[] {
	const named = new Set(
		outcome.kind === 'culprits' ? outcome.groups.flat() : []
	);
	const leads = new Map< string, Lead >();
	for ( const observation of session.observations ) {
		const lead = observation.probe?.lead;
		if ( ! lead || observation.verdict !== 'fail' ) {
			continue;
		}
		if ( lead.candidate !== null && named.has( lead.candidate ) ) {
			continue;
		}
		const key = lead.type + ':' + lead.slug;
		const known = leads.get( key );
		if ( known ) {
			known.probes++;
			continue;
		}
		leads.set( key, {
			candidate: lead.candidate,
			type: lead.type,
			slug: lead.slug,
			name: leadName(
				lead.type,
				lead.slug,
				lead.candidate,
				session,
				candidates
			),
			file: lead.file,
			message: ( observation.probe?.fatal?.message ?? '' ).split(
				'\n'
			)[ 0 ],
			probes: 1,
		} );
	}
	return [ ...leads.values() ].sort( ( a, b ) => b.probes - a.probes );
}

/**
 * A lead's name: the candidate's, the session's theme, or the folder.
 *
 * @param type       plugin or theme.
 * @param slug       Folder.
 * @param candidate  Candidate id, or null.
 * @param session    Session.
 * @param candidates Candidates.
 */
function leadName(
	type: 'plugin' | 'theme',
	slug: string,
	candidate: string | null,
	session: BisectSession,
	candidates: BisectCandidate[]
): string {
	if ( candidate !== null ) {
		return candidateName( candidate, candidates );
	}
	if ( type === 'theme' && session.theme?.id === 'theme:' + slug ) {
		return session.theme.name;
	}
	return type === 'theme'
		? sprintf(
				/* translators: %s: theme folder. */
				__( 'the theme in %s/', 'triage' ),
				slug
			)
		: sprintf(
				/* translators: %s: plugin folder. */
				__( 'the plugin in %s/', 'triage' ),
				slug
			);
}

/**
 * Why the active theme was not tested, in a sentence; empty when it was.
 *
 * @param theme The session's theme status.
 */
export function themeNotTested( theme: BisectThemeStatus | null ): string {
	if ( ! theme || theme.tested ) {
		return '';
	}
	const why: Record< BisectThemeStatus[ 'reason' ], string > = {
		tested: '',
		kept: __( 'you kept it loaded', 'triage' ),
		not_chosen: __( 'it was left out of the candidates', 'triage' ),
		no_stand_in: __(
			'no other theme is installed to stand in for it',
			'triage'
		),
	};
	return sprintf(
		/* translators: 1: theme name, 2: why, e.g. "no other theme is installed to stand in for it". */
		__(
			'The theme %1$s was not tested (%2$s): it stayed on in every test, so it may still be the cause.',
			'triage'
		),
		theme.name,
		why[ theme.reason ]
	);
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
 * A lead in a sentence.
 *
 * @param lead Lead.
 */
export function leadSentence( lead: Lead ): string {
	return sprintf(
		/* translators: 1: plugin or theme name, 2: file, 3: number of tests. */
		_n(
			'Lead: a fatal error in %1$s (%2$s), seen in %3$d failing test.',
			'Lead: a fatal error in %1$s (%2$s), seen in %3$d failing tests.',
			lead.probes,
			'triage'
		),
		lead.name,
		lead.file,
		lead.probes
	);
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
