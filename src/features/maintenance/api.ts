import { getJson, postJson } from '../../shared/api';
import type { MaintenanceClear, MaintenanceState } from './types';

/** GET /maintenance: the file, update locks, leftover folders, the drop-in. */
export function fetchMaintenance(): Promise< MaintenanceState > {
	return getJson< MaintenanceState >( '/maintenance' );
}

/** What the user confirmed forcing past, after the server's refusal. */
export interface ClearForce {
	fresh: boolean;
	lock: boolean;
}

/**
 * POST /maintenance/clear: removes the .maintenance file.
 *
 * @param force What the user confirmed forcing past.
 */
export function clearMaintenance(
	force: ClearForce = { fresh: false, lock: false }
): Promise< MaintenanceClear > {
	return postJson< MaintenanceClear >( '/maintenance/clear', {
		confirm: true,
		force_fresh: force.fresh,
		force_lock: force.lock,
	} );
}
