import type { BisectStart, BisectState, BisectVerdict } from '../types';
import { deleteJson, getJson, postJson } from './client';

/** GET /triage/v1/bisect: my bisection on this site, and the candidates. */
export function fetchBisect(): Promise< BisectState > {
	return getJson< BisectState >( '/bisect' );
}

/**
 * Starts (or replaces) my bisection (POST /triage/v1/bisect).
 *
 * @param start Mode, candidates, must-keep list, symptom or page to check.
 */
export function startBisect( start: BisectStart ): Promise< BisectState > {
	return postJson< BisectState >( '/bisect', { ...start } );
}

/**
 * Automatic mode: probes one set (POST /triage/v1/bisect/probe).
 *
 * @param set      Candidates to load.
 * @param expected Observations this page has seen.
 */
export function probeBisect(
	set: string[],
	expected: number
): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/probe', { set, expected } );
}

/**
 * Guided mode: puts my safe mode session on a set (POST /triage/v1/bisect/step).
 *
 * @param set      Candidates to load.
 * @param expected Observations this page has seen.
 */
export function stepBisect(
	set: string[],
	expected: number
): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/step', { set, expected } );
}

/**
 * Guided mode: my verdict on the current step (POST /triage/v1/bisect/answer).
 *
 * @param verdict  fail (still broken) or pass.
 * @param expected Observations this page has seen.
 */
export function answerBisect(
	verdict: BisectVerdict,
	expected: number
): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/answer', { verdict, expected } );
}

/**
 * Drops the last observation (POST /triage/v1/bisect/undo).
 *
 * @param expected Observations this page has seen.
 */
export function undoBisect( expected: number ): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/undo', { expected } );
}

/** Ends my bisection (DELETE /triage/v1/bisect). */
export function endBisect(): Promise< BisectState > {
	return deleteJson< BisectState >( '/bisect' );
}

/**
 * Deactivates plugins for everyone (POST /triage/v1/bisect/deactivate).
 *
 * @param plugins Plugin basenames.
 */
export function deactivatePlugins( plugins: string[] ): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/deactivate', { plugins } );
}
