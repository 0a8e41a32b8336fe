import type { ApiError } from '../../shared/types';
import { useReplaceableResource } from '../../shared/use-replaceable-resource';
import { useResource, type ResourceState } from '../../shared/use-resource';
import {
	answerBisect,
	deactivatePlugins,
	endBisect,
	fetchBisect,
	fetchMySafeMode,
	type MySafeMode,
	probeBisect,
	startBisect,
	stepBisect,
	undoBisect,
} from './api';
import type { BisectStart, BisectState, BisectVerdict } from './types';

export interface BisectActions {
	start: ( start: BisectStart ) => Promise< BisectState >;
	probe: ( set: string[], expected: number ) => Promise< BisectState >;
	step: ( set: string[], expected: number ) => Promise< BisectState >;
	answer: (
		verdict: BisectVerdict,
		expected: number
	) => Promise< BisectState >;
	undo: ( expected: number ) => Promise< BisectState >;
	end: () => Promise< BisectState >;
	deactivate: ( plugins: string[] ) => Promise< BisectState >;
}

export interface BisectHook extends BisectActions {
	state: BisectState | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/** Loads my bisection; every action answers with the new state, which replaces the loaded one. */
export function useBisect(): BisectHook {
	const { keep, ...resource } = useReplaceableResource( fetchBisect );
	return {
		...resource,
		start: ( start ) => startBisect( start ).then( keep ),
		probe: ( set, expected ) => probeBisect( set, expected ).then( keep ),
		step: ( set, expected ) => stepBisect( set, expected ).then( keep ),
		answer: ( verdict, expected ) =>
			answerBisect( verdict, expected ).then( keep ),
		undo: ( expected ) => undoBisect( expected ).then( keep ),
		end: () => endBisect().then( keep ),
		deactivate: ( plugins ) => deactivatePlugins( plugins ).then( keep ),
	};
}

/**
 * My safe mode session, loaded only when `enabled` (after a guided run, whose last step it still holds).
 *
 * @param enabled Whether to load it.
 */
export function useMySafeMode(
	enabled: boolean
): ResourceState< MySafeMode | null > {
	return useResource(
		() => ( enabled ? fetchMySafeMode() : Promise.resolve( null ) ),
		{ key: enabled ? 'on' : 'off' }
	);
}
