import type { ApiError } from '../../shared/types';
import { useResource } from '../../shared/use-resource';
import { fetchEnvironment } from './api';
import type { Environment } from './types';

export interface EnvironmentState {
	environment: Environment | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/** Loads the environment once on mount; reload() fetches it again. */
export function useEnvironment(): EnvironmentState {
	const { data, error, isLoading, reload } = useResource( fetchEnvironment );
	return { environment: data, error, isLoading, reload };
}
