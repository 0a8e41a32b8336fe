import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Flex,
} from '@wordpress/components';
import { useEffect, useMemo, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import ErrorNotice from '../../../../shared/components/error-notice';
import ProgressSteps, {
	type Step,
} from '../../../../shared/components/progress-steps';
import { parseHashRoute } from '../../../../shared/use-hash-route';
import {
	checkToText,
	layerLabel,
	summarizeLayers,
	topFindings,
} from '../../health';
import type { Layer } from '../../types';
import { useHealth } from '../../use-health';
import HealthChain from '../health-chain';
import HealthCheck from '../health-check';

/** The first thing on the Triage page: which hop of the request path is sick, and why. */
export default function HealthDashboard() {
	const { checks, phase, error, hostName, durationMs, refresh } = useHealth();
	// A deep link (#/overview?check=fpm_pool, as Site Health links) opens that check's layer.
	const [ linkedCheck ] = useState(
		() => parseHashRoute( window.location.hash ).params.get( 'check' ) ?? ''
	);
	const [ selected, setSelected ] = useState< Layer | null >( null );
	const layers = useMemo( () => summarizeLayers( checks ), [ checks ] );
	const findings = useMemo( () => topFindings( checks ), [ checks ] );

	useEffect( () => {
		const linked = checks.find( ( check ) => check.id === linkedCheck );
		if ( linked && selected === null ) {
			setSelected( linked.layer );
		}
	}, [ checks, linkedCheck, selected ] );

	useEffect( () => {
		if ( selected && linkedCheck ) {
			document
				.getElementById( `triage-check-${ linkedCheck }` )
				?.scrollIntoView( { block: 'nearest' } );
		}
	}, [ selected, linkedCheck ] );

	const running = phase !== 'done';
	const steps: Step[] = [
		{
			label: __(
				'Reading server facts (limits, PHP-FPM, database, cron)',
				'triage'
			),
			state: phase === 'fast' ? 'running' : 'done',
		},
		{
			label: __(
				'Asking the site for its front page, dashboard, REST API and admin-ajax',
				'triage'
			),
			state: { fast: 'pending', slow: 'running', done: 'done' }[
				phase
			] as Step[ 'state' ],
		},
	];
	const layerChecks = selected
		? checks.filter( ( check ) => check.layer === selected )
		: [];

	return (
		<Card className="triage-health" size="medium">
			<CardHeader>
				<Flex justify="space-between" wrap>
					<h2 className="triage-health__title">
						{ hostName
							? sprintf(
									/* translators: %s: server host name. */
									__( 'Request path on %s', 'triage' ),
									hostName
								)
							: __( 'Request path', 'triage' ) }
					</h2>
					<Flex justify="flex-end" gap={ 2 } expanded={ false }>
						{ checks.length > 0 && (
							<CopyButton
								label={ __( 'Copy all findings', 'triage' ) }
								text={ () =>
									[
										sprintf(
											/* translators: %s: server host name. */
											__(
												'Triage health report for %s',
												'triage'
											),
											hostName
										),
										...[
											...findings,
											...checks.filter(
												( check ) =>
													! findings.includes( check )
											),
										].map( checkToText ),
									].join( '\n\n' )
								}
							/>
						) }
						<Button
							variant="secondary"
							onClick={ refresh }
							disabled={ running }
							aria-disabled={ running }
						>
							{ running
								? __( 'Checking…', 'triage' )
								: __( 'Run checks again', 'triage' ) }
						</Button>
					</Flex>
				</Flex>
			</CardHeader>
			<CardBody>
				{ running && (
					<ProgressSteps
						steps={ steps }
						label={ __( 'Health checks', 'triage' ) }
					/>
				) }
				{ error && <ErrorNotice error={ error } onRetry={ refresh } /> }
				{ checks.length > 0 && (
					<HealthChain
						layers={ layers }
						selected={ selected }
						onSelect={ ( layer ) =>
							setSelected( layer === selected ? null : layer )
						}
					/>
				) }
				<div className="triage-health__details" aria-live="polite">
					{ selected ? (
						<section aria-labelledby="triage-health-layer">
							<Flex justify="space-between">
								<h3 id="triage-health-layer">
									{ layerLabel( selected ) }
								</h3>
								<Button
									variant="link"
									onClick={ () => setSelected( null ) }
								>
									{ __(
										'Back to the top findings',
										'triage'
									) }
								</Button>
							</Flex>
							{ layerChecks.length === 0 && (
								<p>
									{ __(
										'No check measured this layer.',
										'triage'
									) }
								</p>
							) }
							{ layerChecks.map( ( check ) => (
								<HealthCheck
									key={ check.id }
									check={ check }
									open={ check.id === linkedCheck }
								/>
							) ) }
						</section>
					) : (
						checks.length > 0 && (
							<section aria-labelledby="triage-health-findings">
								<h3 id="triage-health-findings">
									{ __( 'Top findings', 'triage' ) }
								</h3>
								{ findings.length === 0 ? (
									<p className="triage-health__clear">
										{ running
											? __(
													'No problems so far; the site is still being probed.',
													'triage'
												)
											: __(
													'No problems found on any hop. Select a hop to see what was measured.',
													'triage'
												) }
									</p>
								) : (
									findings.map( ( check ) => (
										<HealthCheck
											key={ check.id }
											check={ check }
											showLayer
										/>
									) )
								) }
							</section>
						)
					) }
				</div>
				{ phase === 'done' && durationMs > 0 && (
					<p className="triage-health__timing">
						{ sprintf(
							/* translators: %d: milliseconds. */
							__( 'Checks took %d ms on the server.', 'triage' ),
							durationMs
						) }
					</p>
				) }
			</CardBody>
		</Card>
	);
}
