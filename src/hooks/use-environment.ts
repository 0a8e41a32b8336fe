import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { fetchEnvironment } from '../api/environment';
import type { ApiError, Environment } from '../types';

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
	const [ environment, setEnvironment ] = useState< Environment | null >(
		null
	);
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	// Only the newest request may set state: a slow earlier answer must not overwrite a newer one.
	const latest = useRef( 0 );

	const load = useCallback( () => {
		const request = ++latest.current;
		setIsLoading( true );
		fetchEnvironment()
			.then( ( result ) => {
				if ( request === latest.current ) {
					setEnvironment( result );
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
			// Unmounted: ignore whatever is still in flight.
			requests.current++;
		};
	}, [ load ] );

	return { environment, error, isLoading, reload: load };
}
