import { getJson, postJson } from '../../shared/api';
import type { DebugChange, DebugProfileId, DebugState } from './types';

/** GET /debug: the debug constants, where each is defined, and the profiles. */
export function fetchDebugState(): Promise< DebugState > {
	return getJson< DebugState >( '/debug' );
}

/**
 * Plans a profile switch without writing anything (POST /debug/profile with dry_run).
 *
 * @param profile   Profile to switch to; "off" plans the revert.
 * @param expiresIn Seconds until the automatic switch-off.
 */
export function previewProfile(
	profile: DebugProfileId,
	expiresIn: number
): Promise< DebugChange > {
	if ( profile === 'off' ) {
		return postJson< DebugChange >( '/debug/revert', { dry_run: true } );
	}
	return postJson< DebugChange >( '/debug/profile', {
		profile,
		expires_in: expiresIn,
		dry_run: true,
	} );
}

/**
 * Switches the profile for real, with the explicit confirmation the route demands.
 *
 * @param profile   Profile to switch to; "off" reverts.
 * @param expiresIn Seconds until the automatic switch-off.
 */
export function applyProfile(
	profile: DebugProfileId,
	expiresIn: number
): Promise< DebugChange > {
	if ( profile === 'off' ) {
		return postJson< DebugChange >( '/debug/revert', { confirm: true } );
	}
	return postJson< DebugChange >( '/debug/profile', {
		profile,
		expires_in: expiresIn,
		confirm: true,
	} );
}
