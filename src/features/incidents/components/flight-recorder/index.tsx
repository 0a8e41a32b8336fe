import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import { recorderSummary, recorderTally } from '../../model';
import type { RecorderControl } from '../../use-recorder';

/** How long the recorder can be turned on for, in minutes (of those the server offers). */
export const DURATIONS = [ 60, 360, 1440 ];

/**
 * A duration choice in words.
 *
 * @param minutes Minutes.
 */
export function durationLabel( minutes: number ): string {
	const hours = minutes / 60;
	return sprintf(
		/* translators: %d: number of hours. */
		_n( 'Record for %d hour', 'Record for %d hours', hours, 'triage' ),
		hours
	);
}

interface Props {
	recorder: RecorderControl;
}

/**
 * The flight recorder switch: off by default; on for 1, 6 or 24 hours, then it stops by itself. Shown
 * only to users who may change the site (the must-use loader records every request while it is on).
 *
 * @param props          Component props.
 * @param props.recorder The recorder's state and actions.
 */
export default function FlightRecorder( { recorder }: Props ) {
	const { state, error, isLoading, isBusy, start, stop, reload } = recorder;
	const offered = state
		? DURATIONS.filter(
				( minutes ) =>
					state.choices.length === 0 ||
					state.choices.includes( minutes )
			)
		: [];
	const tally = state ? recorderTally( state ) : '';
	return (
		<section aria-labelledby="triage-recorder-title">
			<Card className="triage-recorder" size="medium">
				<CardHeader>
					<h2 id="triage-recorder-title">
						{ __( 'Flight recorder', 'triage' ) }
					</h2>
				</CardHeader>
				<CardBody>
					<p className="triage-recorder__what">
						{ __(
							'While it is on, each request leaves a small marker when it starts and clears it when it ends, so requests killed before they could log anything show up here as incidents. It costs visitors nearly nothing: no database query, one small write when a request starts and ends. It stops by itself.',
							'triage'
						) }
					</p>
					{ error && (
						<ErrorNotice error={ error } onRetry={ reload } />
					) }
					{ isLoading && ! state && <Spinner /> }
					{ state && (
						<>
							<p
								className="triage-recorder__state"
								aria-live="polite"
							>
								<strong>{ __( 'Recorder:', 'triage' ) }</strong>{ ' ' }
								{ recorderSummary( state ) }
								{ state.on &&
									' ' +
										sprintf(
											/* translators: %d: number of requests in flight. */
											_n(
												'(%d request in flight)',
												'(%d requests in flight)',
												state.markers,
												'triage'
											),
											state.markers
										) }
							</p>
							{ tally && (
								<p className="triage-recorder__tally">
									{ tally }
								</p>
							) }
							{ state.blocked && (
								<Notice
									status="warning"
									isDismissible={ false }
								>
									<p>{ state.blocked }</p>
									{ state.manual && (
										<pre className="triage-recorder__manual">
											{ state.manual }
										</pre>
									) }
								</Notice>
							) }
							<div
								className="triage-recorder__actions"
								role="group"
								aria-labelledby="triage-recorder-title"
							>
								{ ! state.blocked &&
									offered.map( ( minutes ) => (
										<Button
											key={ minutes }
											variant={
												minutes === 60 && ! state.on
													? 'primary'
													: 'secondary'
											}
											onClick={ () => start( minutes ) }
											disabled={ isBusy }
											aria-disabled={ isBusy }
										>
											{ durationLabel( minutes ) }
										</Button>
									) ) }
								{ state.on && (
									<Button
										variant="secondary"
										isDestructive
										onClick={ stop }
										disabled={ isBusy }
										aria-disabled={ isBusy }
									>
										{ __( 'Stop recording', 'triage' ) }
									</Button>
								) }
								{ isBusy && <Spinner /> }
							</div>
						</>
					) }
				</CardBody>
			</Card>
		</section>
	);
}
