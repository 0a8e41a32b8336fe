import type { TabDefinition } from '../shared/components/tab-navigation';
import bisect from '../features/bisect';
import cron from '../features/cron';
import debug from '../features/debug';
import logs from '../features/logs';
import MaintenanceCard from '../features/maintenance';
import overview from '../features/overview';
import report from '../features/report';
import safeMode from '../features/safe-mode';
import { withCards } from './with-cards';

/** The page's tabs, in order; the first is the default. */
export const TABS: TabDefinition[] = [
	// The maintenance card shows on the Overview when a .maintenance file, an update lock or leftovers are found.
	withCards( overview, [ MaintenanceCard ] ),
	logs,
	cron,
	debug,
	safeMode,
	bisect,
	report,
];
