import { useCallback, useState } from '@wordpress/element';

import type { ApiError } from './types';
import { useResource } from './use-resource';

export interface ReplaceableResource< T > {
	state: T | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
	/** Makes an action's answer the current state, and passes it on. */
	keep: ( result: T ) => T;
}

/**
 * A resource whose actions answer with its new state (safe mode, bisection): the newest answer replaces
 * what was loaded until the next reload.
 *
 * @param load Returns a promise that rejects with an ApiError.
 */
export function useReplaceableResource< T >(
	load: () => Promise< T >
): ReplaceableResource< T > {
	const resource = useResource( load );
	const [ latest, setLatest ] = useState< T | null >( null );
	const keep = useCallback( ( result: T ) => {
		setLatest( result );
		return result;
	}, [] );
	const state = latest ?? resource.data;
	const { reload: reloadResource } = resource;
	const reload = useCallback( () => {
		setLatest( null );
		reloadResource();
	}, [ reloadResource ] );
	return {
		state,
		error: resource.error,
		isLoading: resource.isLoading && ! state,
		reload,
		keep,
	};
}
