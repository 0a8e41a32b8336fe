import { useDebugMode } from '../../use-debug-mode';
import DebugPanel from '../debug-panel';

/** The Debug tab: the debug-mode state and switch, wired to the REST API. */
export default function DebugTab() {
	const { state, error, isLoading, reload, preview, apply } = useDebugMode();
	return (
		<DebugPanel
			state={ state }
			error={ error }
			isLoading={ isLoading }
			onReload={ reload }
			onPreview={ preview }
			onApply={ apply }
		/>
	);
}
