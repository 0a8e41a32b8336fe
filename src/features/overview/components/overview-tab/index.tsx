import { useEnvironment } from '../../use-environment';
import EnvironmentPanel from '../environment-panel';
import HealthDashboard from '../health-dashboard';

/** The Overview tab: which hop of the request path is sick (health checks), then what the site runs on. */
export default function OverviewTab() {
	const { environment, error, isLoading, reload } = useEnvironment();
	return (
		<div className="triage-overview">
			<HealthDashboard />
			<EnvironmentPanel
				environment={ environment }
				error={ error }
				isLoading={ isLoading }
				onReload={ reload }
			/>
		</div>
	);
}
