import { __ } from '@wordpress/i18n';

import type { SearchOutcome } from '../../model';

interface Props {
	outcome: SearchOutcome;
	/** Whether the active theme was a candidate (false: it stayed on in every test). */
	themeTested: boolean;
}

/**
 * Where to look next when no culprit was found.
 *
 * @param props             Component props.
 * @param props.outcome     Outcome.
 * @param props.themeTested Whether the theme was tested.
 */
export default function BisectResultHints( { outcome, themeTested }: Props ) {
	if ( outcome.kind === 'not-plugins' ) {
		return (
			<p>
				{ themeTested
					? __(
							'Look at the layers below WordPress instead: the Overview tab’s health checks (PHP-FPM workers, memory, database) and the Logs tab.',
							'triage'
						)
					: __(
							'Try the theme first (install a default theme so Triage can stand it in, or switch themes on a copy of the site), then the layers below WordPress: the Overview tab’s health checks and the Logs tab.',
							'triage'
						) }{ ' ' }
				<a href="#/overview">
					{ __( 'Open the health checks', 'triage' ) }
				</a>
				{ ' · ' }
				<a href="#/logs">{ __( 'Open the logs', 'triage' ) }</a>
			</p>
		);
	}
	if ( outcome.kind === 'no-symptom' ) {
		return (
			<p>
				{ __(
					'Check the symptom: the URL, whether it needs a login, and the failure tests. It may also have stopped on its own, or come and go: then run it again with 3 requests per verdict.',
					'triage'
				) }
			</p>
		);
	}
	if ( outcome.kind === 'flaky' ) {
		return (
			<p>
				{ __(
					'Run it again with 3 requests per verdict: a culprit that fails every time is then named as certain, and one that fails only now and then is not blamed by chance. The leads, if any, say where the fatal errors were.',
					'triage'
				) }
			</p>
		);
	}
	return null;
}
