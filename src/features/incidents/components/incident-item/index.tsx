import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import {
	certaintyLabel,
	culpritLabel,
	incidentToText,
	incidentWhen,
	statusSummary,
} from '../../model';
import type { Incident } from '../../types';
import IncidentEvidence from '../incident-evidence';

interface Props {
	incident: Incident;
	/** The current Unix time, so every item of a list says "ago" from the same moment. */
	now: number;
}

/**
 * One incident: its sentence as the heading, when it happened, and its fix and evidence each one click
 * away behind a disclosure button.
 *
 * @param props          Component props.
 * @param props.incident The incident.
 * @param props.now      The current Unix time.
 */
export default function IncidentItem( { incident, now }: Props ) {
	const [ showFix, setShowFix ] = useState( false );
	const [ showEvidence, setShowEvidence ] = useState( false );
	const base = `triage-incident-${ incident.id.replace( /[^A-Za-z0-9_-]/g, '' ) }`;
	const lines = incident.evidence.reduce(
		( total, item ) => total + item.lines.length,
		0
	);
	const certainty = certaintyLabel( incident );
	const culprit = culpritLabel( incident );

	return (
		<li
			className={ `triage-incident is-${ incident.severity }` }
			data-cause={ incident.cause }
		>
			<article aria-labelledby={ `${ base }-title` }>
				<h3
					className="triage-incident__sentence"
					id={ `${ base }-title` }
				>
					{ incident.sentence }
				</h3>
				<p className="triage-incident__meta">
					<span
						className={ `triage-badge is-${ incident.severity }` }
					>
						{ incident.title }
					</span>{ ' ' }
					<time
						dateTime={ new Date(
							incident.start * 1000
						).toISOString() }
					>
						{ incidentWhen( incident, now ) }
					</time>
					{ incident.statuses.length > 0 && (
						<span className="triage-incident__statuses">
							{ statusSummary( incident ) }
						</span>
					) }
					{ certainty && (
						<span className="triage-incident__certainty">
							{ certainty }
						</span>
					) }
					{ culprit && (
						<span className="triage-incident__culprit">
							{ culprit }
						</span>
					) }
				</p>
				{ incident.urls.length > 0 && (
					<p className="triage-incident__urls">
						{ incident.urls.map( ( url ) => (
							<code key={ url }>{ url }</code>
						) ) }
					</p>
				) }
				<div className="triage-incident__actions">
					<Button
						variant="secondary"
						aria-expanded={ showFix }
						aria-controls={ `${ base }-fix` }
						onClick={ () => setShowFix( ! showFix ) }
					>
						{ __( 'How to fix it', 'triage' ) }
					</Button>
					<Button
						variant="tertiary"
						aria-expanded={ showEvidence }
						aria-controls={ `${ base }-evidence` }
						onClick={ () => setShowEvidence( ! showEvidence ) }
					>
						{ sprintf(
							/* translators: %d: number of log lines. */
							_n(
								'Evidence (%d line)',
								'Evidence (%d lines)',
								lines,
								'triage'
							),
							lines
						) }
					</Button>
					<CopyButton
						label={ __( 'Copy this incident', 'triage' ) }
						text={ () => incidentToText( incident ) }
					/>
				</div>
				{ showFix && (
					<div
						className="triage-incident__fix"
						id={ `${ base }-fix` }
					>
						<h4>{ __( 'Fix', 'triage' ) }</h4>
						<p>{ incident.fix.summary }</p>
						{ incident.fix.steps.length > 0 && (
							<ol>
								{ incident.fix.steps.map( ( step, index ) => (
									<li key={ index }>{ step }</li>
								) ) }
							</ol>
						) }
					</div>
				) }
				{ showEvidence && (
					<IncidentEvidence
						incident={ incident }
						id={ `${ base }-evidence` }
					/>
				) }
			</article>
		</li>
	);
}
