import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchLogSummary } from './api';
import type { LogSummary } from './types';

export interface LogSummaryState {
	summary: LogSummary | null;
	error: ApiError | null;
	/** Slices are still being read. */
	isRunning: boolean;
	/** Re-reads only what was added since the last summary. */
	refresh: () => void;
	/** Reads the whole file again. */
	restart: () => void;
}

/** Slices asked for in one run at most, so a log growing faster than it is read cannot loop forever. */
const MAX_SLICES = 1000;

/**
 * Summarises a source slice by slice (each slice is time-boxed on the server) until the end of the
 * file, exposing each partial result so the page can show progress.
 *
 * @param source Source id, or null for none.
 * @param since  Only entries at or after this Unix time; null for the whole log.
 */
export function useLogSummary(
	source: string | null,
	since: number | null = null
): LogSummaryState {
	const [ summary, setSummary ] = useState< LogSummary | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isRunning, setIsRunning ] = useState( false );
	const run = useRef( 0 );

	const start = useCallback(
		async ( restart: boolean ) => {
			if ( ! source ) {
				return;
			}
			const current = ++run.current;
			setIsRunning( true );
			setError( null );
			let first = restart;
			try {
				for ( let slice = 0; slice < MAX_SLICES; slice++ ) {
					const result = await fetchLogSummary(
						source,
						first,
						since
					);
					first = false;
					if ( current !== run.current ) {
						return;
					}
					setSummary( result );
					if ( result.done ) {
						break;
					}
				}
			} catch ( reason ) {
				if ( current === run.current ) {
					setError( reason as ApiError );
				}
			} finally {
				if ( current === run.current ) {
					setIsRunning( false );
				}
			}
		},
		[ source, since ]
	);

	useEffect( () => {
		setSummary( null );
		start( false );
		const runs = run;
		return () => {
			runs.current++;
		};
	}, [ start ] );

	return {
		summary,
		error,
		isRunning,
		refresh: () => start( false ),
		restart: () => start( true ),
	};
}
