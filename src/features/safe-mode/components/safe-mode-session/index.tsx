import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	ToggleControl,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { formatTime } from '../../../../shared/format';
import type { SafeModeState } from '../../types';
import type { SafeModeActions } from '../../use-safe-mode';

interface Props {
	state: SafeModeState;
	isBusy: boolean;
	/** Runs an action, showing its failure; resolves when it settled. */
	run: ( action: () => Promise< unknown > ) => Promise< unknown >;
	actions: SafeModeActions;
	/** The session was started from this page just now. */
	justStarted: boolean;
	onExited: () => void;
}

/**
 * The running session: when it ends, a switch per plugin, and the way out.
 *
 * @param props             Component props.
 * @param props.state       Safe mode state.
 * @param props.isBusy      An action is under way.
 * @param props.run         Runs an action.
 * @param props.actions     Safe mode actions.
 * @param props.justStarted Say that the session just started.
 * @param props.onExited    Called after the session ended.
 */
export default function SafeModeSession( {
	state,
	isBusy,
	run,
	actions,
	justStarted,
	onExited,
}: Props ) {
	return (
		<Card className="triage-safe-mode__session">
			<CardHeader>
				<strong>
					{ sprintf(
						/* translators: 1: plugins kept on, 2: active plugins. */
						__( 'Safe mode: %1$d of %2$d plugins', 'triage' ),
						state.kept,
						state.total
					) }
				</strong>
			</CardHeader>
			<CardBody>
				{ justStarted && (
					<Notice status="success" isDismissible={ false }>
						{ __(
							'Safe mode is on for you. Open or reload any page to see the site with only these plugins.',
							'triage'
						) }
					</Notice>
				) }
				<p>
					{ state.expires_at !== null &&
						sprintf(
							/* translators: %s: date and time. */
							__( 'Ends by itself at %s.', 'triage' ),
							formatTime( state.expires_at )
						) }
					{ state.use_default_theme &&
						' ' +
							sprintf(
								/* translators: %s: theme folder name. */
								__( 'Theme for you: %s.', 'triage' ),
								state.default_theme
							) }
				</p>
				<ul className="triage-safe-mode__plugins">
					{ state.plugins.map( ( plugin ) => (
						<li key={ plugin.file }>
							<ToggleControl
								label={ plugin.name }
								help={
									plugin.self
										? __(
												'Triage always stays on.',
												'triage'
											)
										: plugin.file
								}
								checked={ plugin.kept }
								disabled={ plugin.self || isBusy }
								onChange={ ( on: boolean ) =>
									run( () =>
										actions.toggle( plugin.file, on )
									)
								}
							/>
						</li>
					) ) }
				</ul>
				<Button
					variant="primary"
					isBusy={ isBusy }
					disabled={ isBusy }
					onClick={ () =>
						run( () => actions.exit().then( onExited ) )
					}
				>
					{ __( 'Exit safe mode', 'triage' ) }
				</Button>
			</CardBody>
		</Card>
	);
}
