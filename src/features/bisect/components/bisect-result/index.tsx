import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import CopyButton from '../../../../shared/components/copy-button';
import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import { keepOffInSafeMode } from '../../api';
import { bisectSummary, outcomeSentence } from '../../describe';
import { findLeads } from '../../evidence';
import { candidateList } from '../../names';
import type { ProbePurpose, SearchOutcome } from '../../model';
import type { BisectCandidate, BisectSession } from '../../types';
import type { BisectActions } from '../../use-bisect';
import BisectLeads from '../bisect-leads';
import BisectProbeLog from '../bisect-probe-log';
import BisectSafeModeLeft from '../bisect-safe-mode-left';
import BisectResultCulprits from './culprits';
import BisectResultHints from './hints';

interface Props {
	session: BisectSession;
	candidates: BisectCandidate[];
	outcome: SearchOutcome;
	purposes: ProbePurpose[];
	deactivated: string[];
	actions: BisectActions;
}

/**
 * The end of a bisection: the culprits with evidence and actions, or what the search found instead.
 *
 * @param props             Component props.
 * @param props.session     Session.
 * @param props.candidates  Candidates.
 * @param props.outcome     Outcome.
 * @param props.purposes    Purpose of each observation.
 * @param props.deactivated Plugins deactivated from this screen.
 * @param props.actions     REST actions.
 */
export default function BisectResult( {
	session,
	candidates,
	outcome,
	purposes,
	deactivated,
	actions,
}: Props ) {
	const [ confirming, setConfirming ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ notice, setNotice ] = useState( '' );
	const culprits = outcome.kind === 'culprits' ? outcome.groups.flat() : [];
	const plugins = culprits.filter( ( id ) => ! id.startsWith( 'theme:' ) );
	const themeCulprit = culprits.some( ( id ) => id.startsWith( 'theme:' ) );
	const stillActive = plugins.filter(
		( id ) => ! deactivated.includes( id )
	);
	const isGuided = session.mode === 'guided';
	const leads = findLeads( session, outcome, candidates );
	const last = session.observations[ session.observations.length - 1 ];
	// Confirming sends the first probe of the re-check again; the search goes on from there.
	const confirm = ( set: string[] ) => {
		const count = session.observations.length;
		run(
			() =>
				isGuided
					? actions.step( set, count )
					: actions.probe( set, count ),
			''
		);
	};

	const run = ( work: () => Promise< unknown >, done: string ) => {
		setBusy( true );
		setError( null );
		work()
			.then( () => setNotice( done ) )
			.catch( ( reason: ApiError ) => setError( reason ) )
			.finally( () => setBusy( false ) );
	};

	const keepOffForMe = () => {
		const activePlugins = candidates
			.filter( ( c ) => c.kind === 'plugin' )
			.map( ( c ) => c.id );
		run(
			() =>
				keepOffInSafeMode(
					activePlugins.filter( ( id ) => ! plugins.includes( id ) ),
					themeCulprit,
					3600
				),
			__(
				'Safe mode is on for you for an hour, with the culprits off. Visitors still get them.',
				'triage'
			)
		);
	};

	return (
		<div className="triage-bisect-result">
			<Card>
				<CardHeader>
					<h2>
						{ outcome.kind === 'culprits'
							? __( 'Found it', 'triage' )
							: __( 'Bisection finished', 'triage' ) }
					</h2>
				</CardHeader>
				<CardBody>
					<p className="triage-bisect-result__sentence">
						{ outcomeSentence(
							outcome,
							candidates,
							session.theme
						) }
					</p>
					{ outcome.kind === 'culprits' && (
						<BisectResultCulprits
							session={ session }
							candidates={ candidates }
							outcome={ outcome }
							busy={ busy }
							onConfirm={ confirm }
						/>
					) }
					<BisectLeads leads={ leads } theme={ session.theme } />
					{ isGuided && (
						<BisectSafeModeLeft
							culprits={ culprits }
							candidates={ candidates }
							lastVerdict={ last?.verdict ?? null }
						/>
					) }
					<BisectResultHints
						outcome={ outcome }
						themeTested={ session.theme?.tested ?? true }
					/>
					{ notice && (
						<Notice status="success" isDismissible={ false }>
							{ notice }
						</Notice>
					) }
					{ error && <ErrorNotice error={ error } /> }
					<div className="triage-bisect-result__actions">
						{ stillActive.length > 0 && (
							<Button
								variant="primary"
								isDestructive
								disabled={ busy }
								onClick={ () => setConfirming( true ) }
							>
								{ __( 'Deactivate for everyone…', 'triage' ) }
							</Button>
						) }
						{ culprits.length > 0 && ! isGuided && (
							<Button
								variant="secondary"
								disabled={ busy }
								onClick={ keepOffForMe }
							>
								{ __(
									'Keep it off in my safe mode',
									'triage'
								) }
							</Button>
						) }
						{ themeCulprit && (
							<a
								className="components-button is-secondary"
								href="themes.php"
							>
								{ __( 'Choose another theme', 'triage' ) }
							</a>
						) }
						<CopyButton
							label={ __(
								'Copy summary for a support ticket',
								'triage'
							) }
							text={ () =>
								bisectSummary(
									session,
									outcome,
									candidates,
									window.location.origin
								)
							}
						/>
						<Button
							variant="tertiary"
							disabled={ busy }
							onClick={ () => run( () => actions.end(), '' ) }
						>
							{ __( 'New bisection', 'triage' ) }
						</Button>
					</div>
				</CardBody>
			</Card>
			{ confirming && (
				<ConfirmModal
					title={ __( 'Deactivate for everyone?', 'triage' ) }
					confirmLabel={ sprintf(
						/* translators: %s: plugin names. */
						__( 'Deactivate %s', 'triage' ),
						candidateList( stillActive, candidates )
					) }
					isDestructive
					isBusy={ busy }
					onCancel={ () => setConfirming( false ) }
					onConfirm={ () => {
						setConfirming( false );
						run(
							() => actions.deactivate( stillActive ),
							sprintf(
								/* translators: %s: plugin names. */
								__( 'Deactivated for everyone: %s.', 'triage' ),
								candidateList( stillActive, candidates )
							)
						);
					} }
				>
					<p>
						{ sprintf(
							/* translators: %s: plugin names. */
							__(
								'%s will be deactivated on this site for every visitor and user, as on the Plugins screen. Its settings stay; you can activate it again at any time.',
								'triage'
							),
							candidateList( stillActive, candidates )
						) }
					</p>
				</ConfirmModal>
			) }
			<BisectProbeLog
				session={ session }
				candidates={ candidates }
				purposes={ purposes }
				focus={ culprits }
			/>
		</div>
	);
}
