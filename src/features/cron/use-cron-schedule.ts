import { useCallback, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { useResource } from '../../shared/use-resource';
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
	const query = toQuery( filters, sort, page );
	// Typing in a filter changes the query on every key: wait for a pause before asking the server.
	const {
		data: schedule,
		error,
		isLoading,
		reload,
	} = useResource( () => fetchSchedule( query ), {
		key: JSON.stringify( query ),
		delayMs: DEBOUNCE_MS,
	} );

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
		reload,
	};
}
