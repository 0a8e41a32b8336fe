import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from './types';

export interface ResourceState< T > {
	data: T | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

export interface ResourceOptions {
	/** Loads again whenever this value changes (a string such as a serialized query). */
	key?: string;
	/** Waits this long after mount or a change of key before loading, e.g. while someone types. */
	delayMs?: number;
}

/**
 * Loads something on mount and again whenever `key` changes; reload() loads it again at once. Only the
 * newest request may set state, so a slow earlier answer never overwrites a newer one, and nothing is set
 * after unmount.
 *
 * @param load            Returns a promise that rejects with an ApiError (the features' api.ts wrappers do).
 * @param options         When to load again, and how long to wait first.
 * @param options.key     Loads again whenever it changes.
 * @param options.delayMs Milliseconds to wait before each load that a mount or a new key starts.
 */
export function useResource< T >(
	load: () => Promise< T >,
	{ key = '', delayMs = 0 }: ResourceOptions = {}
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
		const requests = latest;
		const timer = delayMs > 0 ? setTimeout( reload, delayMs ) : null;
		if ( timer === null ) {
			reload();
		}
		return () => {
			if ( timer !== null ) {
				clearTimeout( timer );
			}
			requests.current++;
		};
	}, [ reload, key, delayMs ] );

	return { data, error, isLoading, reload };
}
