import { __ } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';

/**
 * Lines to paste by hand, with a copy button.
 *
 * @param props       Component props.
 * @param props.text  The lines.
 * @param props.title Heading.
 */
export default function DebugSnippet( {
	text,
	title,
}: {
	text: string;
	title: string;
} ) {
	return (
		<div className="triage-debug__snippet">
			<p>{ title }</p>
			<pre>{ text }</pre>
			<CopyButton
				text={ () => text }
				label={ __( 'Copy the lines', 'triage' ) }
			/>
		</div>
	);
}
