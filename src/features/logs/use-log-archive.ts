import { useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { archiveLog } from './api';
import type { LogArchiveResult } from './types';

export interface LogArchiveState {
	/** The confirmation is open. */
	isAsking: boolean;
	/** What the server would do (dry run); null while it is asked. */
	plan: LogArchiveResult | null;
	error: ApiError | null;
	isArchiving: boolean;
	/** File name of the archive just made, for the success notice. */
	archived: string | null;
	/** Opens the confirmation and asks the server for its plan. */
	ask: () => void;
	confirm: () => void;
	cancel: () => void;
	dismiss: () => void;
}

/**
 * Archiving a log: a dry run first, so the confirmation can say what will be renamed and deleted, then
 * the archive itself.
 *
 * @param source     Source id, or null when none is chosen.
 * @param onArchived Called after the log was archived (to read the new, empty log).
 */
export function useLogArchive(
	source: string | null,
	onArchived: () => void
): LogArchiveState {
	const [ isAsking, setIsAsking ] = useState( false );
	const [ plan, setPlan ] = useState< LogArchiveResult | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isArchiving, setIsArchiving ] = useState( false );
	const [ archived, setArchived ] = useState< string | null >( null );

	const ask = () => {
		if ( ! source ) {
			return;
		}
		setIsAsking( true );
		setPlan( null );
		setError( null );
		archiveLog( source, true ).then( setPlan, setError );
	};

	const confirm = () => {
		if ( ! source ) {
			return;
		}
		setIsArchiving( true );
		archiveLog( source, false )
			.then( ( result ) => {
				setIsAsking( false );
				setArchived( result.archive );
				onArchived();
			}, setError )
			.finally( () => setIsArchiving( false ) );
	};

	return {
		isAsking,
		plan,
		error,
		isArchiving,
		archived,
		ask,
		confirm,
		cancel: () => setIsAsking( false ),
		dismiss: () => setArchived( null ),
	};
}
