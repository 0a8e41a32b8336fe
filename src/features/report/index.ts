import { __ } from '@wordpress/i18n';

import type { TabDefinition } from '../../shared/components/tab-navigation';
import ReportPanel from './components/report-panel';
import './style.scss';

const tab: TabDefinition = {
	name: 'report',
	title: __( 'Report', 'triage' ),
	Component: ReportPanel,
};

export default tab;
