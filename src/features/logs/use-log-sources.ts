import { useResource, type ResourceState } from '../../shared/use-resource';
import { fetchLogSources } from './api';
import type { LogSources } from './types';

export type LogSourcesState = ResourceState< LogSources >;

/** Loads the log sources once; reload() fetches them again (after an archive, for the new size). */
export function useLogSources(): LogSourcesState {
	return useResource( fetchLogSources );
}
