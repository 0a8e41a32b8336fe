import { __, sprintf } from '@wordpress/i18n';

import type { DebugChange } from '../../types';

/**
 * The lines a change touches, before and after.
 *
 * @param props        Component props.
 * @param props.change The planned or applied change.
 */
export default function DebugChangeList( { change }: { change: DebugChange } ) {
	if ( change.changes.length === 0 ) {
		return (
			<p>
				{ __(
					'No line changes: wp-config.php already says this.',
					'triage'
				) }
			</p>
		);
	}
	return (
		<ol className="triage-debug__changes">
			{ change.changes.map( ( line, index ) => {
				let title: string;
				if ( line.before === null ) {
					title = sprintf(
						/* translators: 1: constant name, 2: line number. */
						__( '%1$s: adds a line at line %2$d', 'triage' ),
						line.name,
						line.line
					);
				} else if ( line.after === null ) {
					title = sprintf(
						/* translators: 1: constant name, 2: line number. */
						__( '%1$s: removes line %2$d', 'triage' ),
						line.name,
						line.line
					);
				} else {
					title = sprintf(
						/* translators: 1: constant name, 2: line number. */
						__( '%1$s: changes line %2$d', 'triage' ),
						line.name,
						line.line
					);
				}
				return (
					<li key={ `${ line.name }-${ index }` }>
						<strong>{ title }</strong>
						{ line.before !== null && (
							<pre className="triage-debug__line triage-debug__line--before">
								<span className="screen-reader-text">
									{ __( 'Before:', 'triage' ) }
								</span>
								{ line.before }
							</pre>
						) }
						{ line.after !== null && (
							<pre className="triage-debug__line triage-debug__line--after">
								<span className="screen-reader-text">
									{ __( 'After:', 'triage' ) }
								</span>
								{ line.after }
							</pre>
						) }
					</li>
				);
			} ) }
		</ol>
	);
}
