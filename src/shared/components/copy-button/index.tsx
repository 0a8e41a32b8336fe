import { Button } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

interface Props {
	/** Returns the text to copy; called on click so it is always current. */
	text: () => string;
	label?: string;
}

/**
 * Copies text to the clipboard, falling back to a hidden textarea where the Clipboard API is missing
 * (plain-HTTP admin screens are not a secure context).
 *
 * @param text Text to copy.
 */
export async function copyText( text: string ): Promise< void > {
	if ( window.isSecureContext && navigator.clipboard ) {
		await navigator.clipboard.writeText( text );
		return;
	}
	const area = document.createElement( 'textarea' );
	area.value = text;
	area.setAttribute( 'readonly', '' );
	area.style.position = 'fixed';
	area.style.opacity = '0';
	document.body.appendChild( area );
	area.select();
	try {
		if ( ! document.execCommand( 'copy' ) ) {
			throw new Error( 'copy refused' );
		}
	} finally {
		document.body.removeChild( area );
	}
}

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A button that copies text for a support ticket and says whether it worked.
 *
 * @param props       Component props.
 * @param props.text  Text supplier.
 * @param props.label Button label.
 */
export default function CopyButton( { text, label }: Props ) {
	const [ state, setState ] = useState< CopyState >( 'idle' );

	useEffect( () => {
		if ( state === 'idle' ) {
			return undefined;
		}
		const timer = window.setTimeout( () => setState( 'idle' ), 3000 );
		return () => window.clearTimeout( timer );
	}, [ state ] );

	let shown: string = label ?? __( 'Copy for a support ticket', 'triage' );
	if ( state === 'copied' ) {
		shown = __( 'Copied', 'triage' );
	} else if ( state === 'failed' ) {
		shown = __( 'Copy failed: select the text instead', 'triage' );
	}

	return (
		<Button
			variant="secondary"
			onClick={ () => {
				copyText( text() ).then(
					() => setState( 'copied' ),
					() => setState( 'failed' )
				);
			} }
			aria-live="polite"
		>
			{ shown }
		</Button>
	);
}
