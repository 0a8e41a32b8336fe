/** What the probes saw, for a person: times against the limit, log entries, leads, an untested theme. */

import { __, _n, sprintf } from '@wordpress/i18n';

import type { SearchOutcome } from './model';
import { candidateFolder, candidateName } from './names';
import type {
	BisectCandidate,
	BisectProbe,
	BisectProbeEntry,
	BisectSession,
	BisectSymptom,
	BisectThemeStatus,
} from './types';

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
