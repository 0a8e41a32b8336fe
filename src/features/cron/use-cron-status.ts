import { useResource } from '../../shared/use-resource';
import { fetchFix, fetchHeartbeat } from './api';

/** The heartbeat's verdict and this site's system cron lines, each loaded once. */
export function useCronStatus() {
	return {
		heartbeat: useResource( fetchHeartbeat ),
		fix: useResource( fetchFix ),
	};
}
