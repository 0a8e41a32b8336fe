import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { runSpawnTest } from './api';
import type { CronSpawnTest } from './types';

/** The server waits at most this long for wp-cron.php (Spawn_Tester::TIMEOUT). */
export const SPAWN_TIMEOUT = 10;

export interface SpawnTestState {
	result: CronSpawnTest | null;
	error: ApiError | null;
	isRunning: boolean;
	/** Whole seconds since the test started, for the progress bar. */
	elapsed: number;
	start: () => void;
}

/** Runs the spawn test on demand and counts the seconds while it waits. */
export function useSpawnTest(): SpawnTestState {
	const [ result, setResult ] = useState< CronSpawnTest | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isRunning, setIsRunning ] = useState( false );
	const [ elapsed, setElapsed ] = useState( 0 );
	const mounted = useRef( true );

	useEffect( () => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, [] );

	useEffect( () => {
		if ( ! isRunning ) {
			return undefined;
		}
		const timer = setInterval(
			() => setElapsed( ( seconds ) => seconds + 1 ),
			1000
		);
		return () => clearInterval( timer );
	}, [ isRunning ] );

	const start = useCallback( () => {
		setIsRunning( true );
		setElapsed( 0 );
		setError( null );
		setResult( null );
		runSpawnTest()
			.then( ( answer ) => mounted.current && setResult( answer ) )
			.catch(
				( reason: ApiError ) => mounted.current && setError( reason )
			)
			.finally( () => mounted.current && setIsRunning( false ) );
	}, [] );

	return { result, error, isRunning, elapsed, start };
}
