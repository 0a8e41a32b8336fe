import { deleteJson, getJson, postJson } from '../../shared/api';
import type { BisectStart, BisectState, BisectVerdict } from './types';

/** GET /bisect: my bisection on this site, and the candidates. */
export function fetchBisect(): Promise< BisectState > {
	return getJson< BisectState >( '/bisect' );
}

/**
 * Starts (or replaces) my bisection (POST /bisect).
 *
 * @param start Mode, candidates, must-keep list, symptom or page to check.
 */
export function startBisect( start: BisectStart ): Promise< BisectState > {
	return postJson< BisectState >( '/bisect', { ...start } );
}

/**
 * Automatic mode: probes one set (POST /bisect/probe).
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
 * Guided mode: puts my safe mode session on a set (POST /bisect/step).
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
 * Guided mode: my verdict on the current step (POST /bisect/answer).
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
 * Drops the last observation (POST /bisect/undo).
 *
 * @param expected Observations this page has seen.
 */
export function undoBisect( expected: number ): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/undo', { expected } );
}

/** Ends my bisection (DELETE /bisect). */
export function endBisect(): Promise< BisectState > {
	return deleteJson< BisectState >( '/bisect' );
}

/**
 * Deactivates plugins for everyone (POST /bisect/deactivate).
 *
 * @param plugins Plugin basenames.
 */
export function deactivatePlugins( plugins: string[] ): Promise< BisectState > {
	return postJson< BisectState >( '/bisect/deactivate', { plugins } );
}

/**
 * Keeps the culprits off for me only: starts a safe mode session (POST /safe-mode) with every other
 * plugin kept. Called from here, not through the Safe mode tab, so that the two features stay apart; the
 * answer (the safe mode state) is not read.
 *
 * @param keep            Plugins to keep on.
 * @param useDefaultTheme Also switch to a default theme (the theme was a culprit).
 * @param expiresIn       Seconds until the session ends.
 */
export function keepOffInSafeMode(
	keep: string[],
	useDefaultTheme: boolean,
	expiresIn: number
): Promise< unknown > {
	return postJson< unknown >( '/safe-mode', {
		keep,
		use_default_theme: useDefaultTheme,
		expires_in: expiresIn,
	} );
}

/**
 * What the result reads of my safe mode session (GET /safe-mode answers more): after a guided run it
 * stays on the last step's plugins, and the result says so.
 */
export interface MySafeMode {
	active: boolean;
	expires_at: number | null;
	use_default_theme: boolean;
	plugins: Array< {
		file: string;
		name: string;
		kept: boolean;
		self: boolean;
	} >;
}

/** My safe mode session, read from here rather than through the Safe mode tab (features stay apart). */
export function fetchMySafeMode(): Promise< MySafeMode > {
	return getJson< MySafeMode >( '/safe-mode' );
}

/** Ends my safe mode session (POST /safe-mode/exit); the answer is not read. */
export function exitMySafeMode(): Promise< unknown > {
	return postJson< unknown >( '/safe-mode/exit', {} );
}
