import { getJson } from '../../shared/api';
import type { Environment, HealthReport, HealthSpeed } from './types';

/** GET /environment: what the site runs on. */
export function fetchEnvironment(): Promise< Environment > {
	return getJson< Environment >( '/environment' );
}

/**
 * GET /health
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
