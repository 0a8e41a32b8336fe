import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { applyProfile, fetchDebugState, previewProfile } from '../api/debug';
import type {
	ApiError,
	DebugChange,
	DebugProfileId,
	DebugState,
} from '../types';

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

/**
 * Loads the debug-mode state; preview() and apply() change the profile.
 */
export function useDebugMode(): DebugModeState {
	const [ state, setState ] = useState< DebugState | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	// Only the newest request may set state.
	const latest = useRef( 0 );

	const load = useCallback( () => {
		const request = ++latest.current;
		setIsLoading( true );
		fetchDebugState()
			.then( ( result ) => {
				if ( request === latest.current ) {
					setState( result );
					setError( null );
				}
			} )
			.catch( ( reason: ApiError ) => {
				if ( request === latest.current ) {
					setError( reason );
				}
			} )
			.finally( () => {
				if ( request === latest.current ) {
					setIsLoading( false );
				}
			} );
	}, [] );

	useEffect( () => {
		load();
		const requests = latest;
		return () => {
			requests.current++;
		};
	}, [ load ] );

	const apply = useCallback(
		( profile: DebugProfileId, expiresIn: number ) =>
			applyProfile( profile, expiresIn ).finally( load ),
		[ load ]
	);

	return {
		state,
		error,
		isLoading,
		reload: load,
		preview: previewProfile,
		apply,
	};
}
