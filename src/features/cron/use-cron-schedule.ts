import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchSchedule } from './api';
import {
	DEFAULT_SORT,
	EMPTY_FILTERS,
	toQuery,
	type CronFilters,
	type CronSort,
} from './model';
import type { CronSchedule } from './types';

/** Pause after the last change of filters, sort or page before the page is fetched. */
export const DEBOUNCE_MS = 250;

export interface CronScheduleState {
	schedule: CronSchedule | null;
	error: ApiError | null;
	isLoading: boolean;
	filters: CronFilters;
	sort: CronSort;
	page: number;
	setFilters: ( filters: CronFilters ) => void;
	setSort: ( sort: CronSort ) => void;
	setPage: ( page: number ) => void;
	reload: () => void;
}

/**
 * One page of the schedule for the current filters, sort and page. A change of filters or sort goes
 * back to page 1; only the newest request may set state, so a slow page never overwrites a newer one,
 * and the request waits for a pause in typing.
 */
export function useCronSchedule(): CronScheduleState {
	const [ filters, setFiltersState ] =
		useState< CronFilters >( EMPTY_FILTERS );
	const [ sort, setSortState ] = useState< CronSort >( DEFAULT_SORT );
	const [ page, setPage ] = useState( 1 );
	const [ schedule, setSchedule ] = useState< CronSchedule | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const latest = useRef( 0 );

	const load = useCallback( () => {
		const request = ++latest.current;
		setIsLoading( true );
		fetchSchedule( toQuery( filters, sort, page ) )
			.then( ( result ) => {
				if ( request === latest.current ) {
					setSchedule( result );
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
	}, [ filters, sort, page ] );

	// Typing in a filter changes the query on every key: wait for a pause before asking the server.
	useEffect( () => {
		const timer = setTimeout( load, DEBOUNCE_MS );
		const requests = latest;
		return () => {
			clearTimeout( timer );
			requests.current++;
		};
	}, [ load ] );

	const setFilters = useCallback( ( next: CronFilters ) => {
		setFiltersState( next );
		setPage( 1 );
	}, [] );
	const setSort = useCallback( ( next: CronSort ) => {
		setSortState( next );
		setPage( 1 );
	}, [] );

	return {
		schedule,
		error,
		isLoading,
		filters,
		sort,
		page,
		setFilters,
		setSort,
		setPage,
		reload: load,
	};
}
