import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Flex,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import { WINDOWS } from '../../api';
import { noneFound, windowLabel } from '../../model';
import { useIncidents } from '../../use-incidents';
import IncidentItem from '../incident-item';
import SourcesRead from '../sources-read';
import StackFound from '../stack-found';

/**
 * "What happened": the incidents of the last 24 hours (or hour, or week), newest first, each one sentence
 * with its fix and evidence one click away; when there is none, which sources were read and what could not
 * be seen. The first thing on the Overview, and the top of the Incidents tab.
 */
export default function WhatHappened() {
	const state = useIncidents( 86400 );
	const { data, incidents, error, isLoading } = state;
	const now = data?.generated_at ?? Math.floor( Date.now() / 1000 );

	return (
		<section aria-labelledby="triage-incidents-title">
			<Card className="triage-incidents" size="medium">
				<CardHeader>
					<Flex justify="space-between" wrap>
						<h2 id="triage-incidents-title">
							{ __( 'What happened', 'triage' ) }
						</h2>
						<div
							className="triage-incidents__window"
							role="group"
							aria-label={ __( 'Time window', 'triage' ) }
						>
							{ WINDOWS.map( ( window ) => (
								<Button
									key={ window }
									variant={
										window === state.window
											? 'primary'
											: 'secondary'
									}
									size="compact"
									aria-pressed={ window === state.window }
									onClick={ () => state.setWindow( window ) }
								>
									{ windowLabel( window ) }
								</Button>
							) ) }
						</div>
					</Flex>
				</CardHeader>
				<CardBody>
					{ error && (
						<ErrorNotice error={ error } onRetry={ state.reload } />
					) }
					{ isLoading && (
						<p className="triage-incidents__loading">
							<Spinner />{ ' ' }
							{ __(
								'Reading the logs for incidents…',
								'triage'
							) }
						</p>
					) }
					{ data && ! isLoading && incidents.length === 0 && (
						<Notice
							status="success"
							isDismissible={ false }
							className="triage-incidents__none"
						>
							{ noneFound( state.window ) }
						</Notice>
					) }
					{ incidents.length > 0 && (
						<>
							<p
								className="triage-incidents__count"
								aria-live="polite"
							>
								{ sprintf(
									/* translators: 1: incidents shown, 2: incidents found, 3: time window such as "Last 24 hours". */
									_n(
										'%1$d of %2$d incident shown (%3$s), newest first',
										'%1$d of %2$d incidents shown (%3$s), newest first',
										data?.total ?? incidents.length,
										'triage'
									),
									incidents.length,
									data?.total ?? incidents.length,
									windowLabel( state.window )
								) }
							</p>
							<ol className="triage-incidents__list">
								{ incidents.map( ( incident ) => (
									<IncidentItem
										key={ incident.id }
										incident={ incident }
										now={ now }
									/>
								) ) }
							</ol>
						</>
					) }
					{ state.hasMore && (
						<Button
							variant="secondary"
							onClick={ state.loadMore }
							disabled={ state.isLoadingMore }
							aria-disabled={ state.isLoadingMore }
						>
							{ state.isLoadingMore
								? __( 'Loading…', 'triage' )
								: __( 'Show more incidents', 'triage' ) }
						</Button>
					) }
					{ data && (
						<>
							<SourcesRead
								sources={ data.sources }
								blindSpots={ data.blind_spots }
								now={ now }
							/>
							<StackFound stack={ data.stack } />
							<p className="triage-incidents__timing">
								{ sprintf(
									/* translators: %d: milliseconds. */
									__(
										'Read in %d ms on the server.',
										'triage'
									),
									data.took_ms
								) }
							</p>
						</>
					) }
				</CardBody>
			</Card>
		</section>
	);
}
