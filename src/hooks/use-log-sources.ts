import { fetchLogSources } from '../api/logs';
import type { LogSources } from '../types';
import { useResource, type ResourceState } from './use-resource';

export type LogSourcesState = ResourceState< LogSources >;

/**
 * Loads the log sources once; reload() fetches them again (after an archive, for the new size).
 */
export function useLogSources(): LogSourcesState {
	return useResource( fetchLogSources );
}
