import { __ } from '@wordpress/i18n';

import { formatClock } from '../../../../shared/format';
import { buildHashRoute } from '../../../../shared/use-hash-route';
import { evidenceColumns } from '../../model';
import type { Incident } from '../../types';

/** Evidence that comes from WordPress itself rather than a log file the Logs tab lists. */
const NOT_LOGS = [ 'recorder', 'maintenance', 'cron', 'http' ];

/**
 * Whether evidence comes from a log source the Logs tab can open.
 *
 * @param source The evidence's source id.
 */
export function isLogSource( source: string ): boolean {
	return ! NOT_LOGS.includes( source );
}

interface Props {
	incident: Incident;
	id: string;
}

/**
 * The decisive lines of an incident, one column per source (nginx, PHP-FPM, debug.log, …) side by side,
 * so the line that explains another reads next to it.
 *
 * @param props          Component props.
 * @param props.incident The incident.
 * @param props.id       Element id, for the button that shows it.
 */
export default function IncidentEvidence( { incident, id }: Props ) {
	const columns = evidenceColumns( incident );
	return (
		<div className="triage-incident__evidence" id={ id }>
			{ columns.length === 0 && (
				<p>
					{ __(
						'No log line was kept for this incident.',
						'triage'
					) }
				</p>
			) }
			{ columns.map( ( column ) => (
				<section
					key={ column.source }
					className="triage-incident__source"
					aria-label={ column.label }
				>
					<h4 className="triage-incident__source-title">
						{ column.label }
					</h4>
					<p className="triage-incident__source-path">
						<code>{ column.path }</code>
						{ column.path !== '' &&
							isLogSource( column.source ) && (
								<>
									{ ' ' }
									<a
										href={ buildHashRoute( 'logs', {
											source: column.source,
										} ) }
									>
										{ __( 'Open in Logs', 'triage' ) }
									</a>
								</>
							) }
					</p>
					<pre className="triage-incident__lines" tabIndex={ 0 }>
						{ column.lines
							.map(
								( line ) =>
									`${ formatClock( line.at ) }  ${ line.text }`
							)
							.join( '\n' ) }
					</pre>
				</section>
			) ) }
		</div>
	);
}
