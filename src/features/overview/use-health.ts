import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchHealth } from './api';
import { mergeResults } from './health';
import type { CheckResult } from './types';

/** fast: server facts; slow: loopback probes; done: both finished (or failed). */
export type HealthPhase = 'fast' | 'slow' | 'done';

export interface HealthState {
	checks: CheckResult[];
	phase: HealthPhase;
	error: ApiError | null;
	hostName: string;
	/** Server time of both requests, in milliseconds. */
	durationMs: number;
	refresh: () => void;
}

/**
 * Runs the fast checks, shows them, then runs the loopback checks, so the page has answers within a
 * fraction of a second even when a probe waits for its timeout.
 */
export function useHealth(): HealthState {
	const [ checks, setChecks ] = useState< CheckResult[] >( [] );
	const [ phase, setPhase ] = useState< HealthPhase >( 'fast' );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ hostName, setHostName ] = useState( '' );
	const [ durationMs, setDurationMs ] = useState( 0 );
	const run = useRef( 0 );

	const refresh = useCallback( () => {
		const current = ++run.current;
		const isCurrent = () => current === run.current;
		setPhase( 'fast' );
		setError( null );
		fetchHealth( 'fast' )
			.then( ( fast ) => {
				if ( ! isCurrent() ) {
					return undefined;
				}
				setChecks( ( previous ) =>
					mergeResults( previous, fast.checks )
				);
				setHostName( fast.host_name );
				setDurationMs( fast.duration_ms );
				setPhase( 'slow' );
				return fetchHealth( 'slow' ).then( ( slow ) => {
					if ( isCurrent() ) {
						setChecks( ( previous ) =>
							mergeResults( previous, slow.checks )
						);
						setDurationMs( fast.duration_ms + slow.duration_ms );
					}
				} );
			} )
			.catch( ( reason: ApiError ) => {
				if ( isCurrent() ) {
					setError( reason );
				}
			} )
			.finally( () => {
				if ( isCurrent() ) {
					setPhase( 'done' );
				}
			} );
	}, [] );

	useEffect( () => {
		refresh();
		const runs = run;
		return () => {
			runs.current++;
		};
	}, [ refresh ] );

	return { checks, phase, error, hostName, durationMs, refresh };
}
