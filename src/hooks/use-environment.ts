import { fetchEnvironment } from '../api/environment';
import type { ApiError, Environment } from '../types';
import { useResource } from './use-resource';

export interface EnvironmentState {
	environment: Environment | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/**
 * Loads the environment once on mount; reload() fetches it again.
 */
export function useEnvironment(): EnvironmentState {
	const { data, error, isLoading, reload } = useResource( fetchEnvironment );
	return { environment: data, error, isLoading, reload };
}
