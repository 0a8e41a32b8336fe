import { useCallback } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { useResource } from '../../shared/use-resource';
import { applyProfile, fetchDebugState, previewProfile } from './api';
import type { DebugChange, DebugProfileId, DebugState } from './types';

export interface DebugModeState {
	state: DebugState | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
	/** Plans a switch; rejects with an ApiError. */
	preview: (
		profile: DebugProfileId,
		expiresIn: number
	) => Promise< DebugChange >;
	/** Switches for real, then reloads the state; rejects with an ApiError. */
	apply: (
		profile: DebugProfileId,
		expiresIn: number
	) => Promise< DebugChange >;
}

/** Loads the debug-mode state; preview() and apply() change the profile. */
export function useDebugMode(): DebugModeState {
	const { data, error, isLoading, reload } = useResource( fetchDebugState );

	const apply = useCallback(
		( profile: DebugProfileId, expiresIn: number ) =>
			applyProfile( profile, expiresIn ).finally( reload ),
		[ reload ]
	);

	return {
		state: data,
		error,
		isLoading,
		reload,
		preview: previewProfile,
		apply,
	};
}
