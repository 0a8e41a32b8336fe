import { __, sprintf } from '@wordpress/i18n';

import { describeProbe } from '../../describe';
import { candidateNames } from '../../names';
import type {
	BisectCandidate,
	BisectObservation,
	BisectSession,
} from '../../types';
import BisectLogLines from '../bisect-log-lines';

/**
 * One side of the evidence: the set, the verdict and what the probe saw.
 *
 * @param props             Component props.
 * @param props.title       Heading.
 * @param props.observation Observation.
 * @param props.session     Session.
 * @param props.candidates  Candidates.
 * @param props.focus       Candidates in question (the culprits): their notices stay in view.
 */
export default function BisectEvidence( {
	title,
	observation,
	session,
	candidates,
	focus,
}: {
	title: string;
	observation: BisectObservation | undefined;
	session: BisectSession;
	candidates: BisectCandidate[];
	focus: string[];
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
			{ observation.probe && (
				<BisectLogLines
					entries={ observation.probe.log }
					more={ observation.probe.log_more }
					focus={ focus }
				/>
			) }
		</div>
	);
}
