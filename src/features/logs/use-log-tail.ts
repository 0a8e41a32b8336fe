import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchLogTail } from './api';
import type { LogEntry, LogSeverity } from './types';

export interface LogTailState {
	entries: LogEntry[];
	error: ApiError | null;
	isLoading: boolean;
	/** A scan bound was hit: older entries may exist beyond what was read. */
	incomplete: boolean;
	/** Whether older entries can be loaded. */
	hasOlder: boolean;
	loadOlder: () => void;
	reload: () => void;
}

/** Seconds between two polls of the live tail. */
export const LIVE_INTERVAL = 5;

/**
 * The newest entries of a source, with "load older" and, when live, a poll of the newest page.
 *
 * @param source   Source id, or null.
 * @param severity Only these severities (empty for all).
 * @param search   Only entries containing this text.
 * @param live     Poll every LIVE_INTERVAL seconds.
 */
export function useLogTail(
	source: string | null,
	severity: LogSeverity[],
	search: string,
	live: boolean
): LogTailState {
	const [ entries, setEntries ] = useState< LogEntry[] >( [] );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( false );
	const [ incomplete, setIncomplete ] = useState( false );
	const [ nextBefore, setNextBefore ] = useState< number | null >( null );
	const latest = useRef( 0 );
	const severityKey = severity.join( ',' );

	const load = useCallback(
		( before: number | null ) => {
			if ( ! source ) {
				return;
			}
			const request = ++latest.current;
			setIsLoading( true );
			fetchLogTail( source, {
				limit: 100,
				before,
				severity: severityKey
					? ( severityKey.split( ',' ) as LogSeverity[] )
					: [],
				search,
			} )
				.then( ( result ) => {
					if ( request !== latest.current ) {
						return;
					}
					setEntries( ( previous ) =>
						before === null
							? result.entries
							: [ ...previous, ...result.entries ]
					);
					setIncomplete( result.incomplete );
					setNextBefore( result.next_before );
					setError( null );
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
		},
		[ source, severityKey, search ]
	);

	useEffect( () => {
		load( null );
		const requests = latest;
		return () => {
			requests.current++;
		};
	}, [ load ] );

	useEffect( () => {
		if ( ! live ) {
			return undefined;
		}
		const timer = window.setInterval(
			() => load( null ),
			LIVE_INTERVAL * 1000
		);
		return () => window.clearInterval( timer );
	}, [ live, load ] );

	return {
		entries,
		error,
		isLoading,
		incomplete,
		hasOlder: nextBefore !== null,
		loadOlder: () => load( nextBefore ),
		reload: () => load( null ),
	};
}
