import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { confidenceSentence, searchConfig } from '../../describe';
import type { SearchOutcome } from '../../model';
import { nextStep } from '../../search';
import type { BisectCandidate, BisectSession } from '../../types';
import BisectEvidence from '../bisect-evidence';

interface Props {
	session: BisectSession;
	candidates: BisectCandidate[];
	outcome: Extract< SearchOutcome, { kind: 'culprits' } >;
	busy: boolean;
	/** Sends the first probe of the confirmation (this set). */
	onConfirm: ( set: string[] ) => void;
}

/**
 * How sure the culprits are, the way to confirm a culprit seen once, and the evidence side by side.
 *
 * @param props            Component props.
 * @param props.session    Session.
 * @param props.candidates Candidates.
 * @param props.outcome    The culprits outcome.
 * @param props.busy       Whether an action is under way.
 * @param props.onConfirm  Confirm.
 */
export default function BisectResultCulprits( {
	session,
	candidates,
	outcome,
	busy,
	onConfirm,
}: Props ) {
	const culprits = outcome.groups.flat();
	// The confirmation's first probe: the re-check again, until the culprit is certain.
	const confirmStep =
		outcome.confidence === 'seen-once'
			? nextStep( searchConfig( session ), session.observations, {
					confirm: true,
				} )
			: null;
	return (
		<>
			<p
				className={ `triage-bisect-result__confidence triage-bisect-result__confidence--${ outcome.confidence }` }
			>
				{ confidenceSentence( outcome.confidence, outcome.seen ) }
			</p>
			{ confirmStep?.kind === 'probe' && (
				<p>
					<Button
						variant="primary"
						disabled={ busy }
						onClick={ () => onConfirm( confirmStep.set ) }
					>
						{ sprintf(
							/* translators: %d: number of re-checks. */
							__( 'Confirm: re-check %d more times', 'triage' ),
							confirmStep.of
						) }
					</Button>
				</p>
			) }
			<div className="triage-bisect-result__evidence">
				<BisectEvidence
					title={ __( 'With the culprits', 'triage' ) }
					observation={ session.observations[ outcome.failing ] }
					session={ session }
					candidates={ candidates }
					focus={ culprits }
				/>
				<BisectEvidence
					title={ __( 'Everything else on', 'triage' ) }
					observation={ session.observations[ outcome.passing ] }
					session={ session }
					candidates={ candidates }
					focus={ culprits }
				/>
			</div>
		</>
	);
}
