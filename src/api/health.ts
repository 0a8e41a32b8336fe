import type { HealthReport, HealthSpeed } from '../types';
import { getJson } from './client';

/**
 * GET /triage/v1/health
 *
 * @param speed  fast (no loopbacks), slow (only loopbacks) or all.
 * @param checks Check ids; all when empty.
 */
export function fetchHealth(
	speed: HealthSpeed = 'all',
	checks: string[] = []
): Promise< HealthReport > {
	const query = new URLSearchParams( { speed } );
	if ( checks.length ) {
		query.set( 'checks', checks.join( ',' ) );
	}
	return getJson< HealthReport >( `/health?${ query.toString() }` );
}
