import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import LogsPanel from './components/logs-panel';
import './style.scss';

const tab: TabDefinition = {
	name: 'logs',
	title: __( 'Logs', 'triage' ),
	Component: LogsPanel,
};

export default tab;
