import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	RadioControl,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import { candidateName } from '../../names';
import type { BisectCandidate, BisectStart } from '../../types';
import BisectSymptomFields, {
	DEFAULT_SYMPTOM_FORM,
	hasFailureTest,
	toSymptom,
} from '../bisect-symptom-fields';

interface Props {
	candidates: BisectCandidate[];
	onStart: ( start: BisectStart ) => Promise< unknown >;
}

type Role = 'test' | 'keep';

/** Why a candidate is a suspect, in words. */
function suspectNote( candidate: BisectCandidate ): string {
	if ( candidate.suspect === 'fatal' ) {
		return __( 'named in a recent fatal error: tested first', 'triage' );
	}
	if ( candidate.suspect === 'updated' ) {
		return __( 'updated this week: tested first', 'triage' );
	}
	return '';
}

/**
 * Describes the symptom and the candidates, and starts a bisection.
 *
 * @param props            Component props.
 * @param props.candidates What can be bisected.
 * @param props.onStart    Starts it.
 */
export default function BisectSetup( { candidates, onStart }: Props ) {
	const [ mode, setMode ] = useState< 'auto' | 'guided' >( 'auto' );
	const [ roles, setRoles ] = useState< Record< string, Role > >( {} );
	const [ url, setUrl ] = useState( '/' );
	const [ symptom, setSymptom ] = useState( DEFAULT_SYMPTOM_FORM );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );

	const roleOf = ( id: string ): Role => roles[ id ] ?? 'test';
	const tested = candidates.filter( ( c ) => roleOf( c.id ) === 'test' );
	const kept = candidates.filter( ( c ) => roleOf( c.id ) === 'keep' );
	const canStart =
		tested.length > 0 &&
		( mode === 'guided' || hasFailureTest( symptom ) ) &&
		! busy;

	const start = () => {
		setBusy( true );
		setError( null );
		onStart( {
			mode,
			candidates: tested.map( ( c ) => c.id ),
			must_keep: kept.map( ( c ) => c.id ),
			repeats: Number( symptom.repeats ),
			check_url: url,
			symptom: toSymptom( symptom, url ),
		} )
			.catch( ( reason: ApiError ) => setError( reason ) )
			.finally( () => setBusy( false ) );
	};

	if ( candidates.length === 0 ) {
		return (
			<Notice status="info" isDismissible={ false }>
				{ __(
					'There is nothing to bisect: no plugin is active besides Triage.',
					'triage'
				) }
			</Notice>
		);
	}

	return (
		<div className="triage-bisect-setup">
			<Card>
				<CardHeader>
					<h2>
						{ __(
							'Find the plugin that breaks the site',
							'triage'
						) }
					</h2>
				</CardHeader>
				<CardBody>
					<p>
						{ __(
							'Triage loads different sets of plugins for test requests only, halving the suspects each time. Visitors and other admins keep the site exactly as it is.',
							'triage'
						) }
					</p>
					<RadioControl
						label={ __( 'Who judges each step', 'triage' ) }
						selected={ mode }
						options={ [
							{
								value: 'auto',
								label: __(
									'Automatic: Triage sends test requests and judges them',
									'triage'
								),
							},
							{
								value: 'guided',
								label: __(
									'Guided: you look at the site and answer “still broken?”',
									'triage'
								),
							},
						] }
						onChange={ ( value ) =>
							setMode( value === 'guided' ? 'guided' : 'auto' )
						}
					/>
					<TextControl
						label={
							mode === 'auto'
								? __( 'Page that shows the problem', 'triage' )
								: __( 'Page you will check', 'triage' )
						}
						help={ __(
							'A path such as / or /wp-admin/, or a full address on this site. Other sites are refused.',
							'triage'
						) }
						value={ url }
						onChange={ setUrl }
					/>
					{ mode === 'auto' && (
						<BisectSymptomFields
							value={ symptom }
							onChange={ setSymptom }
						/>
					) }
				</CardBody>
			</Card>
			<Card>
				<CardHeader>
					<h2>
						{ sprintf(
							/* translators: 1: candidates to test, 2: all candidates. */
							_n(
								'Candidates: %1$d of %2$d tested',
								'Candidates: %1$d of %2$d tested',
								candidates.length,
								'triage'
							),
							tested.length,
							candidates.length
						) }
					</h2>
				</CardHeader>
				<CardBody>
					<p>
						{ __(
							'Mark plugins the site cannot run without as “must keep”: they load in every test and are never blamed.',
							'triage'
						) }
					</p>
					<table className="widefat striped triage-bisect-setup__candidates">
						<thead>
							<tr>
								<th scope="col">
									{ __( 'Plugin or theme', 'triage' ) }
								</th>
								<th scope="col">{ __( 'Role', 'triage' ) }</th>
							</tr>
						</thead>
						<tbody>
							{ candidates.map( ( candidate ) => (
								<tr key={ candidate.id }>
									<td>
										<strong>
											{ candidateName(
												candidate.id,
												candidates
											) }
										</strong>
										{ candidate.kind === 'theme' && (
											<span className="triage-bisect__tag">
												{ __(
													'active theme',
													'triage'
												) }
											</span>
										) }
										{ candidate.suspect && (
											<span className="triage-bisect__tag triage-bisect__tag--suspect">
												{ suspectNote( candidate ) }
											</span>
										) }
										<br />
										<code>{ candidate.id }</code>
									</td>
									<td>
										<SelectControl
											label={ sprintf(
												/* translators: %s: plugin name. */
												__( 'Role of %s', 'triage' ),
												candidateName(
													candidate.id,
													candidates
												)
											) }
											hideLabelFromVision
											value={ roleOf( candidate.id ) }
											options={ [
												{
													value: 'test',
													label: __(
														'Test',
														'triage'
													),
												},
												{
													value: 'keep',
													label: __(
														'Must keep',
														'triage'
													),
												},
											] }
											onChange={ ( value ) =>
												setRoles( {
													...roles,
													[ candidate.id ]:
														value as Role,
												} )
											}
										/>
									</td>
								</tr>
							) ) }
						</tbody>
					</table>
				</CardBody>
			</Card>
			{ error && <ErrorNotice error={ error } /> }
			<Button
				variant="primary"
				onClick={ start }
				disabled={ ! canStart }
				isBusy={ busy }
			>
				{ mode === 'auto'
					? __( 'Start automatic bisection', 'triage' )
					: __( 'Start guided bisection', 'triage' ) }
			</Button>
		</div>
	);
}
