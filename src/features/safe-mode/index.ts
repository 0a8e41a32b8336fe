import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import SafeModeTab from './components/safe-mode-tab';
import './style.scss';

const tab: TabDefinition = {
	name: 'safe-mode',
	title: __( 'Safe mode', 'triage' ),
	Component: SafeModeTab,
};

export default tab;
