import { useSafeMode } from '../../use-safe-mode';
import SafeModePanel from '../safe-mode-panel';

/** The Safe mode tab, wired to the REST API. */
export default function SafeModeTab() {
	const { state, error, isLoading, reload, ...actions } = useSafeMode();
	return (
		<SafeModePanel
			state={ state }
			error={ error }
			isLoading={ isLoading }
			onReload={ reload }
			actions={ actions }
		/>
	);
}
