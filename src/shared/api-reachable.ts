/**
 * The "other plugins off for Triage's requests" switch: an admin-ajax action (wp-admin works when the
 * REST API fatals), which sets a signed cookie the must-use loader honours for this admin's requests to
 * Triage's REST routes only, for an hour at most.
 */

/** Printed by PHP before the app (Rest_Isolation::boot_data); null when the user may not use safe mode. */
export interface ReachableBoot {
	/** admin-ajax.php. */
	url: string;
	/** Nonce of the action. */
	nonce: string;
	/** When the grant in this browser ends (Unix time), or null when there is none. */
	until: number | null;
	/** Whether the grant swaps the theme too. */
	theme: boolean;
}

declare global {
	interface Window {
		triageReachable?: ReachableBoot | null;
	}
}

/** The admin-ajax action (Rest_Isolation::ACTION). */
export const REACHABLE_ACTION = 'triage_rest_isolation';

/** What the page knows about the switch, or null when this user cannot use it. */
export function reachableBoot(): ReachableBoot | null {
	return window.triageReachable ?? null;
}

/**
 * Starts (or, with stop, ends) the grant; resolves when the cookie is set, rejects with a message.
 *
 * @param options       What to do.
 * @param options.theme Swap the theme too.
 * @param options.stop  End the grant instead.
 */
export async function setReachable( options: {
	theme?: boolean;
	stop?: boolean;
} ): Promise< { until: number | null; theme: boolean } > {
	const boot = reachableBoot();
	if ( ! boot ) {
		throw new Error( 'Triage: this user cannot turn plugins off.' );
	}
	const body = new FormData();
	body.append( 'action', REACHABLE_ACTION );
	body.append( '_ajax_nonce', boot.nonce );
	if ( options.theme ) {
		body.append( 'theme', '1' );
	}
	if ( options.stop ) {
		body.append( 'stop', '1' );
	}
	const response = await fetch( boot.url, {
		method: 'POST',
		body,
		credentials: 'same-origin',
	} );
	const answer = ( await response.json().catch( () => null ) ) as {
		success?: boolean;
		data?: { until?: number | null; theme?: boolean; message?: string };
	} | null;
	if ( ! answer?.success || ! answer.data ) {
		throw new Error(
			answer?.data?.message ??
				`HTTP ${ response.status } from admin-ajax.php`
		);
	}
	return {
		until: answer.data.until ?? null,
		theme: Boolean( answer.data.theme ),
	};
}
