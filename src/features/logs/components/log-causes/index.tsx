import { __ } from '@wordpress/i18n';

import { seenText } from '../../log-groups';
import type { LogCause } from '../../types';

interface Props {
	causes: LogCause[];
	partial: boolean;
	/** The window's length in hours; 0 for the whole (newest part of the) log. */
	windowHours?: number;
	/** The current Unix time (tests pass one). */
	now?: number;
}

/**
 * Causes the most recently seen first, then the most frequent: an old, frequent cause never hides the
 * newest incident.
 *
 * @param causes Causes.
 */
export function byLastSeen( causes: LogCause[] ): LogCause[] {
	return [ ...causes ].sort(
		( a, b ) =>
			( b.last_seen ?? -Infinity ) - ( a.last_seen ?? -Infinity ) ||
			b.count - a.count
	);
}

/**
 * A server error log read as 502/504 causes: the most recently seen first, each dated ("1 time, 23 min
 * ago"), its fix, its newest line, and how often per hour.
 *
 * @param props             Component props.
 * @param props.causes      Causes.
 * @param props.partial     Only the newest part of the log was read.
 * @param props.windowHours The time window in hours; 0 for all.
 * @param props.now         The current Unix time.
 */
export default function LogCauses( {
	causes,
	partial,
	windowHours = 0,
	now,
}: Props ) {
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
					{ windowHours > 0
						? __(
								'No line of this log in this time window matches a known cause of 502 or 504 errors.',
								'triage'
							)
						: __(
								'No line of this log matches a known cause of 502 or 504 errors.',
								'triage'
							) }
				</p>
			) : (
				<ul className="triage-log-causes__list">
					{ byLastSeen( causes ).map( ( cause ) => (
						<li
							key={ cause.cause }
							className="triage-log-causes__cause"
							data-cause={ cause.cause }
						>
							<h3>
								{ cause.label } ({ cause.status })
							</h3>
							<p className="triage-log-causes__seen">
								{ seenText(
									cause.count,
									cause.first_seen,
									cause.last_seen,
									now
								) }
							</p>
							<p>
								<strong>{ __( 'Fix:', 'triage' ) }</strong>{ ' ' }
								{ cause.fix }
							</p>
							<h4>{ __( 'Newest line', 'triage' ) }</h4>
							<pre className="triage-log-tail__text">
								{ cause.sample }
							</pre>
							<details>
								<summary>
									{ __( 'Lines per hour (UTC)', 'triage' ) }
								</summary>
								<table className="widefat striped triage-log-causes__hours">
									<caption className="screen-reader-text">
										{ __(
											'Lines per hour (UTC)',
											'triage'
										) }
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
							</details>
						</li>
					) ) }
				</ul>
			) }
		</div>
	);
}
