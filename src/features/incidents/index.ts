import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import IncidentsTab from './components/incidents-tab';
import WhatHappened from './components/what-happened';
import './style.scss';

const tab: TabDefinition = {
	name: 'incidents',
	title: __( 'Incidents', 'triage' ),
	Component: IncidentsTab,
};

/** "What happened", for the Overview: src/app composes it first (a feature never imports another). */
export { WhatHappened };

export default tab;
