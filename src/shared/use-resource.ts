import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from './types';

export interface ResourceState< T > {
	data: T | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/**
 * Loads something once on mount; reload() loads it again. Only the newest request may set state, so a
 * slow earlier answer never overwrites a newer one, and nothing is set after unmount.
 *
 * @param load Returns a promise that rejects with an ApiError (the features' api.ts wrappers do).
 */
export function useResource< T >(
	load: () => Promise< T >
): ResourceState< T > {
	const [ data, setData ] = useState< T | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const latest = useRef( 0 );
	const loader = useRef( load );
	loader.current = load;

	const reload = useCallback( () => {
		const request = ++latest.current;
		setIsLoading( true );
		loader
			.current()
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
		reload();
		const requests = latest;
		return () => {
			requests.current++;
		};
	}, [ reload ] );

	return { data, error, isLoading, reload };
}
