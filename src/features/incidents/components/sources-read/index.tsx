import { __, sprintf } from '@wordpress/i18n';

import { formatAgo, formatClock } from '../../../../shared/format';
import type { IncidentSource } from '../../types';

interface Props {
	sources: IncidentSource[];
	blindSpots: string[];
	now: number;
}

/**
 * What Triage read to find the incidents and what it could not see (the server's blind spots: each
 * unreadable file with its owner, mode and the exact fix), so "nothing found" is never taken for "nothing
 * happened".
 *
 * @param props            Component props.
 * @param props.sources    The sources read (and those that could not be).
 * @param props.blindSpots What could not be seen, with the fix.
 * @param props.now        The current Unix time.
 */
export default function SourcesRead( { sources, blindSpots, now }: Props ) {
	const read = sources.filter( ( source ) => source.readable );
	return (
		<div className="triage-incidents__sources">
			{ blindSpots.length > 0 && (
				<section aria-labelledby="triage-incidents-blind">
					<h3 id="triage-incidents-blind">
						{ __( 'What Triage could not see', 'triage' ) }
					</h3>
					<ul className="triage-incidents__blind-spots">
						{ blindSpots.map( ( spot ) => (
							<li key={ spot }>{ spot }</li>
						) ) }
					</ul>
				</section>
			) }
			<section aria-labelledby="triage-incidents-read">
				<h3 id="triage-incidents-read">
					{ __( 'Sources read', 'triage' ) }
				</h3>
				{ read.length === 0 ? (
					<p>
						{ __(
							'No log could be read. Make one of the files above readable, or turn on the flight recorder in the Incidents tab.',
							'triage'
						) }
					</p>
				) : (
					<ul className="triage-incidents__source-list">
						{ read.map( ( source ) => (
							<li key={ source.id }>
								<strong>{ source.label }</strong>{ ' ' }
								<code>{ source.path }</code>{ ' ' }
								{ source.read_from !== null &&
									sprintf(
										/* translators: 1: local time, 2: how long ago. */
										__(
											'read back to %1$s (%2$s)',
											'triage'
										),
										formatClock( source.read_from, now ),
										formatAgo( source.read_from, now )
									) }
							</li>
						) ) }
					</ul>
				) }
			</section>
		</div>
	);
}
