import type { TabDefinition } from '../shared/components/tab-navigation';
import bisect from '../features/bisect';
import debug from '../features/debug';
import logs from '../features/logs';
import overview from '../features/overview';
import safeMode from '../features/safe-mode';

/** The page's tabs, in order; the first is the default. */
export const TABS: TabDefinition[] = [
	overview,
	logs,
	debug,
	safeMode,
	bisect,
];
