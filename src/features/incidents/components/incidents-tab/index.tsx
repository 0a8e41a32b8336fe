import { bootData } from '../../../../shared/boot';
import { useRecorder } from '../../use-recorder';
import FlightRecorder from '../flight-recorder';
import WhatHappened from '../what-happened';

/**
 * The recorder's switch, for users who may change the site; it loads its state only for them.
 */
function RecorderSwitch() {
	const recorder = useRecorder();
	return <FlightRecorder recorder={ recorder } />;
}

/**
 * The Incidents tab: what happened (with a wider choice of windows and paging), the running stack, and
 * the flight recorder for hosts whose server logs cannot be read.
 */
export default function IncidentsTab() {
	const canConfigure = bootData().capabilities?.configure === true;
	return (
		<div className="triage-incidents-tab">
			<WhatHappened />
			{ canConfigure && <RecorderSwitch /> }
		</div>
	);
}
