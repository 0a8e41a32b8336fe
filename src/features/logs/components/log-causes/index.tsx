import { __, sprintf } from '@wordpress/i18n';

import { formatTime } from '../../../../shared/format';
import type { LogCause } from '../../types';

interface Props {
	causes: LogCause[];
	partial: boolean;
}

/**
 * A server error log read as 502/504 causes: what happened, how often per hour, and the fix.
 *
 * @param props         Component props.
 * @param props.causes  Causes, most frequent first.
 * @param props.partial Only the newest part of the log was read.
 */
export default function LogCauses( { causes, partial }: Props ) {
	return (
		<div className="triage-log-causes">
			{ partial && (
				<p className="triage-log-detail__note">
					{ __(
						'This log is large: only its newest 8 MB were classified.',
						'triage'
					) }
				</p>
			) }
			{ causes.length === 0 ? (
				<p>
					{ __(
						'No line of this log matches a known cause of 502 or 504 errors.',
						'triage'
					) }
				</p>
			) : (
				<ul className="triage-log-causes__list">
					{ causes.map( ( cause ) => (
						<li
							key={ cause.cause }
							className="triage-log-causes__cause"
						>
							<h3>
								{ sprintf(
									/* translators: 1: cause, 2: HTTP status visitors see, 3: number of lines. */
									__( '%1$s (%2$s): %3$d lines', 'triage' ),
									cause.label,
									cause.status,
									cause.count
								) }
							</h3>
							<p>
								<strong>{ __( 'Fix:', 'triage' ) }</strong>{ ' ' }
								{ cause.fix }
							</p>
							<p>
								{ sprintf(
									/* translators: 1: first time, 2: last time. */
									__( 'First %1$s, last %2$s', 'triage' ),
									formatTime( cause.first_seen ),
									formatTime( cause.last_seen )
								) }
							</p>
							<table className="widefat striped triage-log-causes__hours">
								<caption>
									{ __( 'Lines per hour (UTC)', 'triage' ) }
								</caption>
								<thead>
									<tr>
										<th scope="col">
											{ __( 'Hour', 'triage' ) }
										</th>
										<th scope="col">
											{ __( 'Lines', 'triage' ) }
										</th>
									</tr>
								</thead>
								<tbody>
									{ cause.hours.map( ( hour ) => (
										<tr key={ hour.hour }>
											<td>{ hour.hour }</td>
											<td>{ hour.count }</td>
										</tr>
									) ) }
								</tbody>
							</table>
							<pre className="triage-log-tail__text">
								{ cause.sample }
							</pre>
						</li>
					) ) }
				</ul>
			) }
		</div>
	);
}
