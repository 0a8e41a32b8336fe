import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { fetchLogSources } from '../api/logs';
import type { ApiError, LogSources } from '../types';

export interface LogSourcesState {
	data: LogSources | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/**
 * Loads the log sources once; reload() fetches them again (after an archive, for the new size).
 */
export function useLogSources(): LogSourcesState {
	const [ data, setData ] = useState< LogSources | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const latest = useRef( 0 );

	const load = useCallback( () => {
		const request = ++latest.current;
		setIsLoading( true );
		fetchLogSources()
			.then( ( result ) => {
				if ( request === latest.current ) {
					setData( result );
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

	return { data, error, isLoading, reload: load };
}
