import type { Environment } from '../types';
import { getJson } from './client';

/** GET /triage/v1/environment */
export function fetchEnvironment(): Promise< Environment > {
	return getJson< Environment >( '/environment' );
}
