import { __ } from '@wordpress/i18n';
import type { ComponentType } from 'react';

import BisectTab from './components/bisect-tab';
import DebugTab from './components/debug-tab';
import LogsPanel from './components/logs-panel';
import Overview from './components/overview';
import SafeModeTab from './components/safe-mode-tab';

export interface TabDefinition {
	name: string;
	title: string;
	Component: ComponentType;
}

/**
 * The page's tabs. A tab is listed here only once it has real content: Logs, Debug, Safe mode and
 * Bisect join as their capabilities land, so users never meet an empty placeholder.
 */
export function getTabs(): TabDefinition[] {
	return [
		{
			name: 'overview',
			title: __( 'Overview', 'triage' ),
			Component: Overview,
		},
		{
			name: 'logs',
			title: __( 'Logs', 'triage' ),
			Component: LogsPanel,
		},
		{
			name: 'debug',
			title: __( 'Debug', 'triage' ),
			Component: DebugTab,
		},
		{
			name: 'safe-mode',
			title: __( 'Safe mode', 'triage' ),
			Component: SafeModeTab,
		},
		{
			name: 'bisect',
			title: __( 'Bisect', 'triage' ),
			Component: BisectTab,
		},
	];
}
