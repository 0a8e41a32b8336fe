import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Flex,
	Spinner,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import { environmentGroups, groupsToText } from '../../environment-rows';
import type { Environment } from '../../types';

interface Props {
	environment: Environment | null;
	error: ApiError | null;
	isLoading: boolean;
	onReload: () => void;
}

/**
 * The runtime facts behind every diagnosis: versions, limits, debug settings, maintenance state.
 *
 * @param props             Component props.
 * @param props.environment Environment, null until loaded.
 * @param props.error       Load error.
 * @param props.isLoading   Whether a request is in flight.
 * @param props.onReload    Reload handler.
 */
export default function EnvironmentPanel( {
	environment,
	error,
	isLoading,
	onReload,
}: Props ) {
	const groups = environment ? environmentGroups( environment ) : [];

	return (
		<Card className="triage-environment" size="medium">
			<CardHeader>
				<Flex justify="space-between" wrap>
					<h2 className="triage-environment__title">
						{ environment?.host_name
							? sprintf(
									/* translators: %s: server host name. */
									__( 'Environment of %s', 'triage' ),
									environment.host_name
								)
							: __( 'Environment', 'triage' ) }
					</h2>
					<Flex justify="flex-end" gap={ 2 } expanded={ false }>
						{ environment && (
							<CopyButton text={ () => groupsToText( groups ) } />
						) }
						<Button
							variant="tertiary"
							onClick={ onReload }
							disabled={ isLoading }
							aria-disabled={ isLoading }
						>
							{ __( 'Refresh', 'triage' ) }
						</Button>
					</Flex>
				</Flex>
			</CardHeader>
			<CardBody>
				{ error && (
					<ErrorNotice error={ error } onRetry={ onReload } />
				) }
				{ isLoading && ! environment && (
					<p className="triage-environment__loading">
						<Spinner />{ ' ' }
						{ __( 'Reading the environment…', 'triage' ) }
					</p>
				) }
				{ groups.map( ( group ) => (
					<section
						key={ group.id }
						className="triage-environment__group"
						aria-labelledby={ `triage-env-${ group.id }` }
					>
						<h3 id={ `triage-env-${ group.id }` }>
							{ group.title }
						</h3>
						<dl className="triage-facts">
							{ group.rows.map( ( row ) => (
								<div
									key={ row.id }
									className="triage-facts__row"
									data-fact={ row.id }
								>
									<dt>{ row.label }</dt>
									<dd>
										<code>{ row.value }</code>
										{ row.note && (
											<span className="triage-facts__note">
												{ row.note }
											</span>
										) }
									</dd>
								</div>
							) ) }
						</dl>
					</section>
				) ) }
			</CardBody>
		</Card>
	);
}
