import { Notice, Spinner } from '@wordpress/components';
import { useMemo } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import { searchConfig } from '../../describe';
import type { ProbePurpose, SearchStep } from '../../model';
import { nextStep } from '../../search';
import type { BisectSession } from '../../types';
import { useBisect } from '../../use-bisect';
import BisectResult from '../bisect-result';
import BisectRun from '../bisect-run';
import BisectSetup from '../bisect-setup';

/** The next step of a session and the purpose of each observation so far, replayed from the observations. */
export function replay(
	session: BisectSession
): { step: SearchStep; purposes: ProbePurpose[] } | { broken: string } {
	try {
		const config = searchConfig( session );
		const purposes: ProbePurpose[] = [];
		for ( let i = 0; i < session.observations.length; i++ ) {
			// With confirm: the probe after a culprit "seen once" is the first of its confirmation.
			const earlier = nextStep(
				config,
				session.observations.slice( 0, i ),
				{ confirm: true }
			);
			purposes.push(
				earlier.kind === 'probe' ? earlier.purpose : 'search'
			);
		}
		// Guided mode: a step put on after the result is the confirmation the admin asked for.
		const confirm = session.mode === 'guided' && session.pending !== null;
		return {
			step: nextStep( config, session.observations, { confirm } ),
			purposes,
		};
	} catch ( thrown ) {
		return { broken: String( thrown ) };
	}
}

/**
 * The Bisect tab: set-up, the bisection under way, or its result. The server keeps the session, so a
 * reload resumes where it was.
 */
export default function BisectTab() {
	const { state, error, isLoading, reload, ...actions } = useBisect();
	const session = state?.session ?? null;
	const replayed = useMemo(
		() => ( session ? replay( session ) : null ),
		[ session ]
	);

	if ( isLoading ) {
		return <Spinner />;
	}
	if ( error || ! state ) {
		return error ? (
			<ErrorNotice error={ error } onRetry={ reload } />
		) : null;
	}
	if ( ! session || ! replayed ) {
		return (
			<BisectSetup
				candidates={ state.candidates }
				onStart={ actions.start }
			/>
		);
	}
	if ( 'broken' in replayed ) {
		return (
			<Notice
				status="error"
				isDismissible={ false }
				actions={ [
					{
						label: __( 'Start over', 'triage' ),
						onClick: () => actions.end(),
					},
				] }
			>
				{ __(
					'This bisection’s record does not match its search any more.',
					'triage'
				) }
			</Notice>
		);
	}
	if ( replayed.step.kind === 'probe' ) {
		return (
			<BisectRun
				session={ session }
				candidates={ state.candidates }
				step={ replayed.step }
				purposes={ replayed.purposes }
				actions={ actions }
			/>
		);
	}
	return (
		<BisectResult
			session={ session }
			candidates={ state.candidates }
			outcome={ replayed.step.outcome }
			purposes={ replayed.purposes }
			deactivated={ state.deactivated }
			actions={ actions }
		/>
	);
}
