import { Notice, Spinner } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import type { SafeModeState } from '../../types';
import type { SafeModeActions } from '../../use-safe-mode';
import SafeModeRescue from '../safe-mode-rescue';
import SafeModeSession from '../safe-mode-session';
import SafeModeStart from '../safe-mode-start';

interface Props {
	state: SafeModeState | null;
	error: ApiError | null;
	isLoading: boolean;
	onReload: () => void;
	actions: SafeModeActions;
}

/**
 * The Safe mode tab: plugins off for this admin's browser only, and the rescue link.
 *
 * @param props           Component props.
 * @param props.state     Loaded state.
 * @param props.error     Load error.
 * @param props.isLoading Whether the first load is running.
 * @param props.onReload  Loads again.
 * @param props.actions   Start, toggle, exit and rescue-link actions.
 */
export default function SafeModePanel( {
	state,
	error,
	isLoading,
	onReload,
	actions,
}: Props ) {
	const [ busy, setBusy ] = useState( false );
	const [ failure, setFailure ] = useState< ApiError | null >( null );
	const [ started, setStarted ] = useState( false );

	if ( isLoading ) {
		return <Spinner />;
	}
	if ( error || ! state ) {
		return (
			<ErrorNotice
				error={
					error ?? {
						code: 'triage_unknown_error',
						message: __(
							'Safe mode could not be loaded.',
							'triage'
						),
					}
				}
				onRetry={ onReload }
			/>
		);
	}

	const run = ( action: () => Promise< unknown > ) => {
		setBusy( true );
		setFailure( null );
		return action()
			.catch( ( reason: ApiError ) => setFailure( reason ) )
			.finally( () => setBusy( false ) );
	};

	const shared = { state, isBusy: busy, run, actions };

	return (
		<div className="triage-safe-mode">
			<p>
				{ __(
					'Safe mode turns plugins off for you only, in this browser. Visitors and other administrators keep every plugin; the site’s settings are not changed.',
					'triage'
				) }
			</p>
			{ failure && <ErrorNotice error={ failure } /> }
			{ ! state.loader.installed && (
				<Notice status="warning" isDismissible={ false }>
					<p>
						{ __(
							'Safe mode needs a small must-use loader, and Triage could not install it.',
							'triage'
						) }
					</p>
					<p className="triage-safe-mode__manual">
						{ state.loader.manual }
					</p>
				</Notice>
			) }

			{ state.active ? (
				<SafeModeSession
					{ ...shared }
					justStarted={ started }
					onExited={ () => setStarted( false ) }
				/>
			) : (
				<SafeModeStart
					{ ...shared }
					onStarted={ () => setStarted( true ) }
				/>
			) }
			<SafeModeRescue { ...shared } />
		</div>
	);
}
