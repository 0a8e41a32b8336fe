import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import ProgressBar from '../../../../shared/components/progress-bar';
import type { ApiError } from '../../../../shared/types';
import { describeSymptomTests } from '../../describe';
import { candidateNames } from '../../names';
import type { ProbePurpose, SearchStep } from '../../model';
import type { BisectCandidate, BisectSession } from '../../types';
import type { BisectActions } from '../../use-bisect';
import BisectProbeLog, { purposeLabel } from '../bisect-probe-log';

interface Props {
	session: BisectSession;
	candidates: BisectCandidate[];
	step: Extract< SearchStep, { kind: 'probe' } >;
	purposes: ProbePurpose[];
	actions: BisectActions;
}

/**
 * Whether two sets hold the same candidates.
 *
 * @param a A set.
 * @param b Another set.
 */
function sameSet( a: string[], b: string[] ): boolean {
	return a.length === b.length && a.every( ( id ) => b.includes( id ) );
}

/**
 * A bisection under way. Automatic mode sends the next probe as soon as the last one is in; guided mode
 * puts the admin's safe mode session on the next set and waits for their answer.
 *
 * @param props            Component props.
 * @param props.session    Session.
 * @param props.candidates Candidates (for names).
 * @param props.step       The next set to test.
 * @param props.purposes   Purpose of each observation so far.
 * @param props.actions    REST actions.
 */
export default function BisectRun( {
	session,
	candidates,
	step,
	purposes,
	actions,
}: Props ) {
	const [ paused, setPaused ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const inFlight = useRef( false );
	const count = session.observations.length;
	const isAuto = session.mode === 'auto';
	const isStepReady =
		! isAuto &&
		session.pending !== null &&
		sameSet( session.pending, step.set );

	const run = ( work: () => Promise< unknown > ) => {
		inFlight.current = true;
		setBusy( true );
		setError( null );
		work()
			.catch( ( reason: ApiError ) => setError( reason ) )
			.finally( () => {
				inFlight.current = false;
				setBusy( false );
			} );
	};

	useEffect( () => {
		if ( paused || error || inFlight.current ) {
			return;
		}
		if ( isAuto ) {
			run( () => actions.probe( step.set, count ) );
		} else if ( ! isStepReady ) {
			run( () => actions.step( step.set, count ) );
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps -- the step and count say when to act.
	}, [ step, count, paused, error, busy, isStepReady, isAuto ] );

	const off = session.candidates.filter(
		( id ) => ! step.set.includes( id )
	);

	return (
		<div className="triage-bisect-run">
			<Card>
				<CardHeader>
					<h2>
						{ isAuto
							? __( 'Automatic bisection', 'triage' )
							: __( 'Guided bisection', 'triage' ) }
					</h2>
				</CardHeader>
				<CardBody>
					{ isAuto && session.symptom && (
						<p>
							{ sprintf(
								/* translators: 1: method, 2: URL, 3: the failure tests. */
								__(
									'Testing %1$s %2$s; broken means: %3$s.',
									'triage'
								),
								session.symptom.method,
								session.symptom.url,
								describeSymptomTests( session.symptom ).join(
									', '
								)
							) }
						</p>
					) }
					<ProgressBar
						label={ __( 'Bisection progress', 'triage' ) }
						value={ step.done }
						max={ step.estimate }
						valueText={ sprintf(
							/* translators: 1: tests done, 2: estimated total. */
							__( '%1$d tests done of about %2$d', 'triage' ),
							step.done,
							step.estimate
						) }
					/>
					<p className="triage-bisect-run__now" aria-live="polite">
						{ sprintf(
							/* translators: 1: test number, 2: estimated total, 3: what this test is for, 4: loaded, 5: all. */
							__(
								'Test %1$d of about %2$d: %3$s (%4$d of %5$d loaded)',
								'triage'
							),
							step.done + 1,
							step.estimate,
							purposeLabel( step.purpose ),
							step.set.length,
							session.candidates.length
						) }
						{ step.of > 1 &&
							' ' +
								sprintf(
									/* translators: 1: repeat number, 2: repeats of this test. */
									__( '(repeat %1$d of %2$d)', 'triage' ),
									step.repeat,
									step.of
								) }
						{ busy && <Spinner /> }
					</p>
					{ ! isAuto && isStepReady && (
						<div className="triage-bisect-run__question">
							<p>
								{ sprintf(
									/* translators: %d: number of plugins. */
									_n(
										'For you only, Triage now loads %d candidate:',
										'For you only, Triage now loads %d candidates:',
										step.set.length,
										'triage'
									),
									step.set.length
								) }{ ' ' }
								<strong>
									{ step.set.length
										? candidateNames( step.set, candidates )
										: __( 'none', 'triage' ) }
								</strong>
							</p>
							{ off.length > 0 && (
								<p>
									{ __( 'Off for you:', 'triage' ) }{ ' ' }
									{ candidateNames( off, candidates ) }
								</p>
							) }
							<p>
								<a
									href={ session.check_url ?? '/' }
									target="_blank"
									rel="noreferrer"
									className="components-button is-secondary"
								>
									{ __(
										'Open the page to check (new tab)',
										'triage'
									) }
								</a>
							</p>
							<p>
								{ __(
									'Is the problem still there?',
									'triage'
								) }
							</p>
							<div className="triage-bisect-run__answers">
								<Button
									variant="primary"
									disabled={ busy }
									onClick={ () =>
										run( () =>
											actions.answer( 'fail', count )
										)
									}
								>
									{ __( 'Still broken', 'triage' ) }
								</Button>
								<Button
									variant="secondary"
									disabled={ busy }
									onClick={ () =>
										run( () =>
											actions.answer( 'pass', count )
										)
									}
								>
									{ __( 'Works now', 'triage' ) }
								</Button>
							</div>
						</div>
					) }
					{ error && (
						<ErrorNotice
							error={ error }
							onRetry={ () => setError( null ) }
						/>
					) }
					{ paused && isAuto && (
						<Notice status="info" isDismissible={ false }>
							{ __(
								'Paused. Nothing is sent until you resume.',
								'triage'
							) }
						</Notice>
					) }
					<div className="triage-bisect-run__controls">
						{ isAuto && (
							<Button
								variant="secondary"
								onClick={ () => setPaused( ! paused ) }
							>
								{ paused
									? __( 'Resume', 'triage' )
									: __( 'Pause', 'triage' ) }
							</Button>
						) }
						<Button
							variant="tertiary"
							disabled={ busy || count === 0 }
							onClick={ () => {
								// Automatic mode would test the same set again at once: wait for Resume.
								setPaused( isAuto );
								run( () => actions.undo( count ) );
							} }
						>
							{ isAuto
								? __( 'Undo the last test', 'triage' )
								: __( 'Undo the last answer', 'triage' ) }
						</Button>
						<Button
							variant="tertiary"
							isDestructive
							disabled={ busy }
							onClick={ () => run( () => actions.end() ) }
						>
							{ __( 'Stop and discard', 'triage' ) }
						</Button>
					</div>
				</CardBody>
			</Card>
			<BisectProbeLog
				session={ session }
				candidates={ candidates }
				purposes={ purposes }
			/>
		</div>
	);
}
