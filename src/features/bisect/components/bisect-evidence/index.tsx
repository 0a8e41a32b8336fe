import { __, sprintf } from '@wordpress/i18n';

import { candidateNames, describeProbe } from '../../describe';
import type {
	BisectCandidate,
	BisectObservation,
	BisectSession,
} from '../../types';

/**
 * One side of the evidence: the set, the verdict and what the probe saw.
 *
 * @param props             Component props.
 * @param props.title       Heading.
 * @param props.observation Observation.
 * @param props.session     Session.
 * @param props.candidates  Candidates.
 */
export default function BisectEvidence( {
	title,
	observation,
	session,
	candidates,
}: {
	title: string;
	observation: BisectObservation | undefined;
	session: BisectSession;
	candidates: BisectCandidate[];
} ) {
	if ( ! observation ) {
		return null;
	}
	return (
		<div
			className={ `triage-bisect-evidence triage-bisect-evidence--${ observation.verdict }` }
		>
			<h3>{ title }</h3>
			<p>
				<strong>
					{ observation.verdict === 'fail'
						? __( 'Broken', 'triage' )
						: __( 'Works', 'triage' ) }
				</strong>
				{ observation.probe &&
					' · ' +
						describeProbe( observation.probe, session.symptom ) }
			</p>
			<details>
				<summary>
					{ sprintf(
						/* translators: %d: number of candidates loaded. */
						__( '%d loaded', 'triage' ),
						observation.set.length
					) }
				</summary>
				{ observation.set.length
					? candidateNames( observation.set, candidates )
					: __( 'none', 'triage' ) }
			</details>
			{ observation.probe && observation.probe.log.length > 0 && (
				// Scrolls when the log is long: focusable, so keyboard users can scroll it too.
				<pre className="triage-bisect-log__lines" tabIndex={ 0 }>
					{ observation.probe.log.join( '\n' ) }
				</pre>
			) }
		</div>
	);
}
