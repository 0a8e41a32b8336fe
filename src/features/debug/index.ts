import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import DebugTab from './components/debug-tab';
import './style.scss';

const tab: TabDefinition = {
	name: 'debug',
	title: __( 'Debug', 'triage' ),
	Component: DebugTab,
};

export default tab;
