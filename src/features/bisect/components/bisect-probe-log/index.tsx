import { __, _n, sprintf } from '@wordpress/i18n';

import { testLabel } from '../../describe';
import { probeTime } from '../../evidence';
import { candidateNames } from '../../names';
import type { ProbePurpose } from '../../model';
import type { BisectCandidate, BisectSession } from '../../types';
import BisectLogLines from '../bisect-log-lines';

interface Props {
	session: BisectSession;
	candidates: BisectCandidate[];
	purposes: ProbePurpose[];
	/** Candidates in question (the culprits, once found): their notices stay in view. */
	focus?: string[];
}

/** What a probe was for, in words. */
export function purposeLabel( purpose: ProbePurpose | undefined ): string {
	switch ( purpose ) {
		case 'confirm-all':
			return __( 'Confirm: everything on', 'triage' );
		case 'confirm-none':
			return __( 'Confirm: everything off', 'triage' );
		case 'search':
			return __( 'Halve the candidates', 'triage' );
		case 'verify-alone':
			return __( 'Check it alone', 'triage' );
		case 'minimize':
			return __( 'Narrow down a combination', 'triage' );
		case 'verify-without':
			return __( 'Check everything but the culprits', 'triage' );
		case 'recheck-group':
			return __( 'Re-check: the culprits alone', 'triage' );
		case 'recheck-member':
			return __( 'Re-check: the group less one', 'triage' );
		case 'recheck-without':
			return __( 'Re-check: everything but the culprits', 'triage' );
	}
	return '';
}

/**
 * Every test so far, newest first: the set loaded, the verdict and what the probe saw.
 *
 * @param props            Component props.
 * @param props.session    Session.
 * @param props.candidates Candidates (for names).
 * @param props.purposes   Purpose of each observation.
 * @param props.focus      Candidates in question.
 */
export default function BisectProbeLog( {
	session,
	candidates,
	purposes,
	focus = [],
}: Props ) {
	if ( session.observations.length === 0 ) {
		return null;
	}
	const rows = session.observations
		.map( ( observation, index ) => ( { observation, index } ) )
		.reverse();
	return (
		<table className="widefat striped triage-bisect-log">
			<caption className="screen-reader-text">
				{ __( 'Tests so far, newest first', 'triage' ) }
			</caption>
			<thead>
				<tr>
					<th scope="col">#</th>
					<th scope="col">{ __( 'Loaded', 'triage' ) }</th>
					<th scope="col">{ __( 'Verdict', 'triage' ) }</th>
					{ session.mode === 'auto' && (
						<>
							<th scope="col">{ __( 'Status', 'triage' ) }</th>
							<th scope="col">{ __( 'Time', 'triage' ) }</th>
							<th scope="col">
								{ __( 'What the probe saw', 'triage' ) }
							</th>
						</>
					) }
				</tr>
			</thead>
			<tbody>
				{ rows.map( ( { observation, index } ) => {
					const probe = observation.probe;
					return (
						<tr
							key={ index }
							className={ `triage-bisect-log__row triage-bisect-log__row--${ observation.verdict }` }
						>
							<td>{ index + 1 }</td>
							<td>
								<details>
									<summary>
										{ sprintf(
											/* translators: 1: candidates loaded, 2: all candidates. */
											_n(
												'%1$d of %2$d',
												'%1$d of %2$d',
												session.candidates.length,
												'triage'
											),
											observation.set.length,
											session.candidates.length
										) }
										{ ' · ' }
										{ purposeLabel( purposes[ index ] ) }
									</summary>
									{ observation.set.length
										? candidateNames(
												observation.set,
												candidates
											)
										: __( 'none', 'triage' ) }
								</details>
							</td>
							<td>
								<strong>
									{ observation.verdict === 'fail'
										? __( 'Broken', 'triage' )
										: __( 'Works', 'triage' ) }
								</strong>
							</td>
							{ session.mode === 'auto' && (
								<>
									<td>{ probe?.status ?? '—' }</td>
									<td>
										{ probe
											? probeTime(
													probe,
													session.symptom
												)
											: '—' }
									</td>
									<td>
										{ probe && (
											<>
												{ probe.failed
													.map( ( test ) =>
														testLabel(
															test,
															session.symptom
														)
													)
													.join( ', ' ) }
												{ ! probe.accepted &&
													probe.status !== null && (
														<span className="triage-bisect__warning">
															{ ' ' }
															{ __(
																'(the site ignored the test override: a page cache or a missing loader?)',
																'triage'
															) }
														</span>
													) }
												{ probe.error &&
													! probe.timed_out && (
														<div>
															{ probe.error }
														</div>
													) }
												{ probe.note && (
													<div>{ probe.note }</div>
												) }
												<BisectLogLines
													entries={ probe.log }
													more={ probe.log_more }
													focus={
														probe.lead?.candidate
															? [
																	...focus,
																	probe.lead
																		.candidate,
																]
															: focus
													}
												/>
											</>
										) }
									</td>
								</>
							) }
						</tr>
					);
				} ) }
			</tbody>
		</table>
	);
}
