import { deleteJson, getJson, postJson } from '../../shared/api';
import type { SafeModeState } from './types';

/** GET /safe-mode: my session, the active plugins, the loader and the rescue link. */
export function fetchSafeMode(): Promise< SafeModeState > {
	return getJson< SafeModeState >( '/safe-mode' );
}

/**
 * Starts a session in this browser (POST /safe-mode).
 *
 * @param keep            Active plugins to keep on.
 * @param useDefaultTheme Also switch to a default theme.
 * @param expiresIn       Seconds until the session ends.
 */
export function startSafeMode(
	keep: string[],
	useDefaultTheme: boolean,
	expiresIn: number
): Promise< SafeModeState > {
	return postJson< SafeModeState >( '/safe-mode', {
		keep,
		use_default_theme: useDefaultTheme,
		expires_in: expiresIn,
	} );
}

/**
 * Turns one plugin on or off inside the session (POST /safe-mode/plugin).
 *
 * @param plugin Plugin basename.
 * @param active On or off.
 */
export function toggleSafeModePlugin(
	plugin: string,
	active: boolean
): Promise< SafeModeState > {
	return postJson< SafeModeState >( '/safe-mode/plugin', { plugin, active } );
}

/** Ends the session (POST /safe-mode/exit). */
export function exitSafeMode(): Promise< SafeModeState > {
	return postJson< SafeModeState >( '/safe-mode/exit', {} );
}

/**
 * Creates the rescue link, replacing any earlier one (POST /safe-mode/rescue).
 *
 * @param expiresIn Seconds until it stops working.
 */
export function createRescueLink(
	expiresIn: number
): Promise< SafeModeState > {
	return postJson< SafeModeState >( '/safe-mode/rescue', {
		expires_in: expiresIn,
	} );
}

/** Revokes the rescue link (DELETE /safe-mode/rescue). */
export function revokeRescueLink(): Promise< SafeModeState > {
	return deleteJson< SafeModeState >( '/safe-mode/rescue' );
}
