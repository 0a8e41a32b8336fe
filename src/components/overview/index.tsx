import { useEnvironment } from '../../hooks/use-environment';
import EnvironmentPanel from '../environment-panel';

/**
 * The Overview tab: what the site runs on. Health checks and the request chain join it later.
 */
export default function Overview() {
	const { environment, error, isLoading, reload } = useEnvironment();
	return (
		<EnvironmentPanel
			environment={ environment }
			error={ error }
			isLoading={ isLoading }
			onReload={ reload }
		/>
	);
}
