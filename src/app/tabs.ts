import type { TabDefinition } from '../shared/components/tab-navigation';
import bisect from '../features/bisect';
import cron from '../features/cron';
import debug from '../features/debug';
import incidents, { WhatHappened } from '../features/incidents';
import logs from '../features/logs';
import MaintenanceCard from '../features/maintenance';
import overview from '../features/overview';
import report from '../features/report';
import safeMode from '../features/safe-mode';
import { NowHeading, withCards } from './with-cards';

/** The page's tabs, in order; the first is the default. */
export const TABS: TabDefinition[] = [
	// What happened (incidents) answers first; then, under "Now", the maintenance card (shown when a
	// .maintenance file, an update lock or leftovers are found) and the checks.
	withCards( overview, [ WhatHappened, NowHeading, MaintenanceCard ] ),
	incidents,
	logs,
	cron,
	debug,
	safeMode,
	bisect,
	report,
];
