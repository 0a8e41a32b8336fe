import { useCallback, useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { clearMaintenance, type ClearForce } from './api';
import type { MaintenanceClear } from './types';

/** Refusals a second confirmation may force past, and the flag each sets. */
const FORCE_FLAG: Record< string, keyof ClearForce > = {
	triage_maintenance_fresh: 'fresh',
	triage_maintenance_update_running: 'lock',
};

export interface MaintenanceClearState {
	isAsking: boolean;
	/** The refusal the next confirmation forces past, if any. */
	refusal: ApiError | null;
	error: ApiError | null;
	isBusy: boolean;
	result: MaintenanceClear | null;
	ask: () => void;
	confirm: () => void;
	cancel: () => void;
}

/**
 * Clear with confirmations: the first confirm asks the server to remove the file as it is; when it refuses
 * because the file is fresh or an update lock is held, the dialog stays open with the reason and the next
 * confirm forces past that one refusal only (a second refusal asks again for the other).
 *
 * @param onDone Called after the file was removed.
 */
export function useMaintenanceClear(
	onDone: () => void
): MaintenanceClearState {
	const [ isAsking, setIsAsking ] = useState( false );
	const [ force, setForce ] = useState< ClearForce >( {
		fresh: false,
		lock: false,
	} );
	const [ refusal, setRefusal ] = useState< ApiError | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ isBusy, setIsBusy ] = useState( false );
	const [ result, setResult ] = useState< MaintenanceClear | null >( null );

	const reset = () => {
		setForce( { fresh: false, lock: false } );
		setRefusal( null );
		setError( null );
	};

	const ask = useCallback( () => {
		reset();
		setResult( null );
		setIsAsking( true );
	}, [] );

	const cancel = useCallback( () => {
		reset();
		setIsAsking( false );
	}, [] );

	const confirm = useCallback( () => {
		// A refusal shown in the dialog is what this confirmation forces past.
		const flag = refusal ? FORCE_FLAG[ refusal.code ] : undefined;
		const next = flag ? { ...force, [ flag ]: true } : force;
		setForce( next );
		setIsBusy( true );
		setError( null );
		clearMaintenance( next )
			.then( ( cleared ) => {
				setResult( cleared );
				setIsAsking( false );
				reset();
				onDone();
			} )
			.catch( ( reason: ApiError ) => {
				if ( FORCE_FLAG[ reason.code ] ) {
					setRefusal( reason );
				} else {
					setRefusal( null );
					setError( reason );
				}
			} )
			.finally( () => setIsBusy( false ) );
	}, [ force, refusal, onDone ] );

	return { isAsking, refusal, error, isBusy, result, ask, confirm, cancel };
}
