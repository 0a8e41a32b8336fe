import type { ApiError } from '../../shared/types';
import { useReplaceableResource } from '../../shared/use-replaceable-resource';
import {
	createRescueLink,
	exitSafeMode,
	fetchSafeMode,
	revokeRescueLink,
	startSafeMode,
	toggleSafeModePlugin,
} from './api';
import type { SafeModeState } from './types';

export interface SafeModeActions {
	start: (
		keep: string[],
		useDefaultTheme: boolean,
		expiresIn: number
	) => Promise< SafeModeState >;
	toggle: ( plugin: string, active: boolean ) => Promise< SafeModeState >;
	exit: () => Promise< SafeModeState >;
	createRescue: ( expiresIn: number ) => Promise< SafeModeState >;
	revokeRescue: () => Promise< SafeModeState >;
}

export interface SafeModeHook extends SafeModeActions {
	state: SafeModeState | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/** Loads the safe mode state; every action answers with the new state, which replaces the loaded one. */
export function useSafeMode(): SafeModeHook {
	const { keep, ...resource } = useReplaceableResource( fetchSafeMode );
	return {
		...resource,
		start: ( plugins, theme, expiresIn ) =>
			startSafeMode( plugins, theme, expiresIn ).then( keep ),
		toggle: ( plugin, active ) =>
			toggleSafeModePlugin( plugin, active ).then( keep ),
		exit: () => exitSafeMode().then( keep ),
		createRescue: ( expiresIn ) =>
			createRescueLink( expiresIn ).then( keep ),
		revokeRescue: () => revokeRescueLink().then( keep ),
	};
}
