/** The shapes the bisection search works with (see search.ts); a verdict is the REST one. */

import type { BisectVerdict } from './types';

export type Verdict = BisectVerdict;

export type ProbePurpose =
	| 'confirm-all'
	| 'confirm-none'
	| 'search'
	| 'verify-alone'
	| 'minimize'
	| 'verify-without'
	| 'recheck-group'
	| 'recheck-member'
	| 'recheck-without';

export interface Observation {
	/** Candidates loaded (the must-keep ones are not candidates and always load). */
	set: string[];
	verdict: Verdict;
}

export interface SearchConfig {
	/** Candidates, in the order the search walks them. */
	candidates: string[];
	/** Candidates to try first (say, plugins named in recent fatal errors). */
	suspects?: string[];
	/** Verdicts wanted per set; more than one resists flaky symptoms. */
	repeats?: number;
	/** Most probes the search may use. */
	maxProbes?: number;
}

/**
 * certain: the culprit failed on its own in CERTAIN_SEEN requests and every re-check agreed; seen-once: it
 * was re-checked, but too few times to tell it from a symptom that comes and goes.
 */
export type Confidence = 'certain' | 'seen-once';

export type SearchOutcome =
	| {
			kind: 'culprits';
			/** Each group fails on its own; a group of two or more fails only together. */
			groups: string[][];
			confidence: Confidence;
			/** Requests in which the first group failed on its own, all agreeing (search and re-check). */
			seen: number;
			/** Index of an observation where the first group alone fails. */
			failing: number;
			/** Index of the observation where everything but the groups passes. */
			passing: number;
	  }
	| { kind: 'no-symptom'; passing: number }
	| { kind: 'not-plugins'; failing: number }
	| {
			kind: 'flaky';
			/** recheck: a fresh verdict of the re-check differs from the search's. */
			reason: 'disagreeing-repeats' | 'contradiction' | 'recheck';
			/** Observations that disagree. */
			observations: number[];
	  }
	| { kind: 'inconclusive'; reason: 'budget' | 'too-many-groups' };

export type SearchStep =
	| {
			kind: 'probe';
			set: string[];
			purpose: ProbePurpose;
			/** 1-based repeat of this set's verdict. */
			repeat: number;
			/** Verdicts of this set wanted in this round. */
			of: number;
			/** Probes done so far. */
			done: number;
			/** Rough total, for a progress bar. */
			estimate: number;
	  }
	| { kind: 'done'; outcome: SearchOutcome; done: number };
