import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import CronTab from './components/cron-tab';
import './style.scss';

const tab: TabDefinition = {
	name: 'cron',
	title: __( 'Cron', 'triage' ),
	Component: CronTab,
};

export default tab;
