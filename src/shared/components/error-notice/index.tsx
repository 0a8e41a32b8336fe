import { Button, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { isSiteFailure } from '../../api';
import type { ApiError } from '../../types';
import ReachableHelp from './reachable-help';

interface Props {
	error: ApiError;
	onRetry?: () => void;
}

/**
 * A REST failure in plain words, what to do by hand when the server sent it, the error code for support
 * and an optional retry. When WordPress itself failed on the request, how to go on.
 *
 * @param props         Component props.
 * @param props.error   The error.
 * @param props.onRetry Called when the user asks to try again.
 */
export default function ErrorNotice( { error, onRetry }: Props ) {
	return (
		<Notice
			status="error"
			isDismissible={ false }
			className="triage-error-notice"
			// Given as text: rendering the children to a string would run their hooks inside the Notice.
			spokenMessage={ `${ error.message } ${ sprintf(
				/* translators: %s: machine-readable error code. */
				__( 'Error code: %s', 'triage' ),
				error.code
			) }` }
		>
			<p>{ error.message }</p>
			{ /* WordPress failed on Triage's request: offer to go on with other plugins off for it. */ }
			{ isSiteFailure( error ) && <ReachableHelp /> }
			{ /* What to do by hand when Triage refused a change (some messages already include it). */ }
			{ error.data?.manual &&
				! error.message.includes( error.data.manual ) && (
					<pre className="triage-error-notice__manual">
						{ error.data.manual }
					</pre>
				) }
			<p className="triage-error-notice__code">
				{ sprintf(
					/* translators: %s: machine-readable error code. */
					__( 'Error code: %s', 'triage' ),
					error.code
				) }
			</p>
			{ onRetry && (
				<Button variant="secondary" onClick={ onRetry }>
					{ __( 'Try again', 'triage' ) }
				</Button>
			) }
		</Notice>
	);
}
