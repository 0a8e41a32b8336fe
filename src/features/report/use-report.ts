import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchReport, type ReportText } from './api';
import type { ReportFormat } from './types';

export interface ReportState {
	report: ReportText | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/**
 * Loads the report for a format and a paths choice, again whenever either changes or reload() is called.
 * Only the newest request may set state, so a slow earlier answer never replaces a newer one.
 *
 * @param format    md or json.
 * @param fullPaths Absolute paths.
 */
export function useReport(
	format: ReportFormat,
	fullPaths: boolean
): ReportState {
	const [ report, setReport ] = useState< ReportText | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isLoading, setIsLoading ] = useState( true );
	const latest = useRef( 0 );

	const reload = useCallback( () => {
		const request = ++latest.current;
		setIsLoading( true );
		fetchReport( format, fullPaths )
			.then( ( result ) => {
				if ( request === latest.current ) {
					setReport( result );
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
	}, [ format, fullPaths ] );

	useEffect( () => {
		reload();
		const requests = latest;
		return () => {
			requests.current++;
		};
	}, [ reload ] );

	return { report, error, isLoading, reload };
}
