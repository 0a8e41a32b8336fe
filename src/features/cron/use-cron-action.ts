import { useCallback, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { deleteEvent, releaseLock, runEvent } from './api';
import type { CronDelete, CronEvent, CronLockRelease, CronRun } from './types';

/** What the user asked to do, waiting for confirmation. */
export type CronAction =
	| { kind: 'run'; event: CronEvent }
	| { kind: 'delete'; event: CronEvent }
	| { kind: 'lock' };

export type CronActionResult =
	| { kind: 'run'; run: CronRun }
	| { kind: 'delete'; deleted: CronDelete }
	| { kind: 'lock'; released: CronLockRelease };

/** Refusals the user may override with a second, explicit confirmation. */
const FORCEABLE = [ 'triage_cron_locked', 'triage_cron_lock_held' ];

export interface CronActionState {
	pending: CronAction | null;
	/** True once the server refused because a run holds the lock: the dialog now offers to force. */
	needsForce: boolean;
	isBusy: boolean;
	error: ApiError | null;
	result: CronActionResult | null;
	ask: ( action: CronAction ) => void;
	confirm: () => void;
	cancel: () => void;
	dismissResult: () => void;
}

/**
 * One action at a time: ask() opens the confirmation, confirm() sends it (forced after a lock refusal the
 * user confirmed again), and the result stays until dismissed. onDone reloads the schedule.
 *
 * @param onDone Called after a change reached the server.
 */
export function useCronAction( onDone: () => void ): CronActionState {
	const [ pending, setPending ] = useState< CronAction | null >( null );
	const [ needsForce, setNeedsForce ] = useState( false );
	const [ isBusy, setIsBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ result, setResult ] = useState< CronActionResult | null >( null );

	const ask = useCallback( ( action: CronAction ) => {
		setPending( action );
		setNeedsForce( false );
		setError( null );
	}, [] );

	const cancel = useCallback( () => {
		setPending( null );
		setNeedsForce( false );
		setError( null );
	}, [] );

	const confirm = useCallback( () => {
		if ( ! pending ) {
			return;
		}
		setIsBusy( true );
		setError( null );
		let request: Promise< CronActionResult >;
		if ( pending.kind === 'run' ) {
			request = runEvent( pending.event, needsForce ).then( ( run ) => ( {
				kind: 'run',
				run,
			} ) );
		} else if ( pending.kind === 'delete' ) {
			request = deleteEvent( pending.event ).then( ( deleted ) => ( {
				kind: 'delete',
				deleted,
			} ) );
		} else {
			request = releaseLock( needsForce ).then( ( released ) => ( {
				kind: 'lock',
				released,
			} ) );
		}
		request
			.then( ( done ) => {
				setResult( done );
				setPending( null );
				setNeedsForce( false );
				onDone();
			} )
			.catch( ( reason: ApiError ) => {
				if ( FORCEABLE.includes( reason.code ) && ! needsForce ) {
					setNeedsForce( true );
				}
				setError( reason );
			} )
			.finally( () => setIsBusy( false ) );
	}, [ pending, needsForce, onDone ] );

	const dismissResult = useCallback( () => setResult( null ), [] );

	return {
		pending,
		needsForce,
		isBusy,
		error,
		result,
		ask,
		confirm,
		cancel,
		dismissResult,
	};
}
