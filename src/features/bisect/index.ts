import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import BisectTab from './components/bisect-tab';
import './style.scss';

const tab: TabDefinition = {
	name: 'bisect',
	title: __( 'Bisect', 'triage' ),
	Component: BisectTab,
};

export default tab;
