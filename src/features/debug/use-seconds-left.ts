import { useEffect, useRef, useState } from '@wordpress/element';

import type { DebugState } from './types';

/**
 * Seconds left on the auto-revert, counted down locally from what the server said when it answered.
 *
 * @param state    Debug state.
 * @param onExpire Called once when the countdown reaches zero.
 */
export function useSecondsLeft(
	state: DebugState | null,
	onExpire: () => void
): number | null {
	const [ now, setNow ] = useState( () => Date.now() );
	const fetchedAt = useRef( Date.now() );
	const active = state?.active ?? null;

	useEffect( () => {
		fetchedAt.current = Date.now();
		setNow( Date.now() );
	}, [ state ] );

	useEffect( () => {
		if ( ! active ) {
			return undefined;
		}
		const timer = window.setInterval( () => setNow( Date.now() ), 1000 );
		return () => window.clearInterval( timer );
	}, [ active ] );

	const left = active
		? Math.max(
				0,
				active.seconds_left -
					Math.floor( ( now - fetchedAt.current ) / 1000 )
			)
		: null;
	const expired = left === 0 && ! active?.failed;

	useEffect( () => {
		if ( ! expired ) {
			return undefined;
		}
		// Give the server a moment past the expiry, then ask again: the GET enforces the revert. A state
		// that is still active (clocks differ by a second) arms this again.
		const timer = window.setTimeout( onExpire, 1500 );
		return () => window.clearTimeout( timer );
	}, [ expired, onExpire, state ] );

	return left;
}
