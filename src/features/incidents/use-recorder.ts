import { useCallback, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { useResource } from '../../shared/use-resource';
import { fetchRecorder, startRecorder, stopRecorder } from './api';
import type { RecorderState } from './types';

export interface RecorderControl {
	state: RecorderState | null;
	error: ApiError | null;
	isLoading: boolean;
	isBusy: boolean;
	start: ( minutes: number ) => void;
	stop: () => void;
	reload: () => void;
}

/** The flight recorder's state, and starting or stopping it (the answer is the new state). */
export function useRecorder(): RecorderControl {
	const resource = useResource( fetchRecorder );
	const [ changed, setChanged ] = useState< RecorderState | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isBusy, setIsBusy ] = useState( false );

	const apply = useCallback( ( change: Promise< RecorderState > ) => {
		setIsBusy( true );
		setError( null );
		change
			.then( setChanged )
			.catch( ( reason: ApiError ) => setError( reason ) )
			.finally( () => setIsBusy( false ) );
	}, [] );

	const start = useCallback(
		( minutes: number ) => apply( startRecorder( minutes ) ),
		[ apply ]
	);
	const stop = useCallback( () => apply( stopRecorder() ), [ apply ] );
	const { reload } = resource;
	const reloadAll = useCallback( () => {
		setChanged( null );
		reload();
	}, [ reload ] );

	return {
		state: changed ?? resource.data,
		error: error ?? resource.error,
		isLoading: resource.isLoading,
		isBusy,
		start,
		stop,
		reload: reloadAll,
	};
}
