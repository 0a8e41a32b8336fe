import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchIncidents, PER_PAGE, type IncidentWindow } from './api';
import type { Incident, Incidents } from './types';

export interface IncidentsState {
	window: IncidentWindow;
	setWindow: ( window: IncidentWindow ) => void;
	/** The newest answer (sources, stack, blind spots, total); null before the first one. */
	data: Incidents | null;
	/** Incidents of every page loaded so far, newest first. */
	incidents: Incident[];
	error: ApiError | null;
	isLoading: boolean;
	isLoadingMore: boolean;
	hasMore: boolean;
	loadMore: () => void;
	reload: () => void;
}

/**
 * Incidents of a time window, a page at a time: the first page loads on mount and whenever the window
 * changes; "show more" appends the next page. Only the newest request may set state, so switching the
 * window while a page loads never mixes two windows.
 *
 * @param initial The window shown first.
 */
export function useIncidents( initial: IncidentWindow ): IncidentsState {
	const [ window, setWindow ] = useState< IncidentWindow >( initial );
	const [ data, setData ] = useState< Incidents | null >( null );
	const [ incidents, setIncidents ] = useState< Incident[] >( [] );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const [ isLoadingMore, setIsLoadingMore ] = useState( false );
	const latest = useRef( 0 );

	const load = useCallback(
		( page: number ) => {
			const request = ++latest.current;
			const isCurrent = () => request === latest.current;
			if ( page === 1 ) {
				setIsLoading( true );
			} else {
				setIsLoadingMore( true );
			}
			setError( null );
			fetchIncidents( window, page, PER_PAGE )
				.then( ( answer ) => {
					if ( ! isCurrent() ) {
						return;
					}
					setData( answer );
					setIncidents( ( previous ) =>
						page === 1
							? answer.incidents
							: [
									...previous,
									// A page boundary that moved (a new incident) must not show one twice.
									...answer.incidents.filter(
										( incident ) =>
											! previous.some(
												( seen ) =>
													seen.id === incident.id
											)
									),
								]
					);
				} )
				.catch( ( reason: ApiError ) => {
					if ( isCurrent() ) {
						setError( reason );
					}
				} )
				.finally( () => {
					if ( isCurrent() ) {
						setIsLoading( false );
						setIsLoadingMore( false );
					}
				} );
		},
		[ window ]
	);

	useEffect( () => {
		load( 1 );
		const requests = latest;
		return () => {
			requests.current++;
		};
	}, [ load ] );

	const hasMore = data !== null && incidents.length < data.total;
	const loadMore = useCallback( () => {
		if ( data ) {
			load( data.page + 1 );
		}
	}, [ data, load ] );
	const reload = useCallback( () => load( 1 ), [ load ] );

	return {
		window,
		setWindow,
		data,
		incidents,
		error,
		isLoading,
		isLoadingMore,
		hasMore,
		loadMore,
		reload,
	};
}
