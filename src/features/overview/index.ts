import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import OverviewTab from './components/overview-tab';
import './style.scss';

const tab: TabDefinition = {
	name: 'overview',
	title: __( 'Overview', 'triage' ),
	Component: OverviewTab,
};

export default tab;
