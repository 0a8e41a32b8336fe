import { Button } from '@wordpress/components';
import { useId, useState } from '@wordpress/element';
import { _n, sprintf } from '@wordpress/i18n';

import { describeEntry, splitLog } from '../../evidence';
import type { BisectProbeEntry } from '../../types';

interface Props {
	/** The probe's own log entries. */
	entries: BisectProbeEntry[];
	/** Entries the probe left out past those kept. */
	more: number;
	/** Candidates in question: their notices stay in view. */
	focus: string[];
}

/**
 * What a probed request logged. Notices and deprecations of plugins not in question sit behind a toggle
 * ("Show 12 notices and deprecations"): a real button with aria-expanded, so the fatal is not buried.
 *
 * @param props         Component props.
 * @param props.entries Entries.
 * @param props.more    Entries left out.
 * @param props.focus   Candidates in question.
 */
export default function BisectLogLines( { entries, more, focus }: Props ) {
	const [ open, setOpen ] = useState( false );
	const id = useId();
	if ( entries.length === 0 && more === 0 ) {
		return null;
	}
	const { shown, hidden } = splitLog( entries, focus );
	const lines = ( open ? entries : shown ).map( describeEntry );
	if ( more > 0 ) {
		lines.push(
			sprintf(
				/* translators: %d: number of log entries. */
				_n(
					'… and %d more entry.',
					'… and %d more entries.',
					more,
					'triage'
				),
				more
			)
		);
	}
	return (
		<div className="triage-bisect-log-lines">
			{ lines.length > 0 && (
				// Scrolls when the log is long: focusable, so keyboard users can scroll it too.
				<pre
					className="triage-bisect-log__lines"
					tabIndex={ 0 }
					id={ id }
				>
					{ lines.join( '\n' ) }
				</pre>
			) }
			{ hidden.length > 0 && (
				<Button
					variant="link"
					aria-expanded={ open }
					aria-controls={ lines.length > 0 ? id : undefined }
					onClick={ () => setOpen( ! open ) }
				>
					{ open
						? sprintf(
								/* translators: %d: number of notices and deprecation messages. */
								_n(
									'Hide %d notice or deprecation from other plugins',
									'Hide %d notices and deprecations from other plugins',
									hidden.length,
									'triage'
								),
								hidden.length
							)
						: sprintf(
								/* translators: %d: number of notices and deprecation messages. */
								_n(
									'Show %d notice or deprecation from other plugins',
									'Show %d notices and deprecations from other plugins',
									hidden.length,
									'triage'
								),
								hidden.length
							) }
				</Button>
			) }
		</div>
	);
}
