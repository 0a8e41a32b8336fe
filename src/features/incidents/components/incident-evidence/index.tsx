import { __ } from '@wordpress/i18n';

import { formatClock } from '../../../../shared/format';
import { evidenceColumns } from '../../model';
import type { Incident } from '../../types';

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
