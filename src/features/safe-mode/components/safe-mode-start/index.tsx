import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	SelectControl,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import { expiryChoices } from '../../../../shared/format';
import type { SafeModeState } from '../../types';
import type { SafeModeActions } from '../../use-safe-mode';

/** The session lengths offered: the route takes 5 minutes to a day; the form offers up to 4 hours. */
const EXPIRY_CHOICES = expiryChoices( 900, 4 * 3600 );

interface Props {
	state: SafeModeState;
	isBusy: boolean;
	/** Runs an action, showing its failure; resolves when it settled. */
	run: ( action: () => Promise< unknown > ) => Promise< unknown >;
	actions: SafeModeActions;
	onStarted: () => void;
}

/**
 * Choosing the plugins to keep, and starting a session after a confirmation that counts what goes off.
 *
 * @param props           Component props.
 * @param props.state     Safe mode state.
 * @param props.isBusy    An action is under way.
 * @param props.run       Runs an action.
 * @param props.actions   Safe mode actions.
 * @param props.onStarted Called after the session started.
 */
export default function SafeModeStart( {
	state,
	isBusy,
	run,
	actions,
	onStarted,
}: Props ) {
	const [ keep, setKeep ] = useState< string[] >( [] );
	const [ theme, setTheme ] = useState( false );
	const [ expiry, setExpiry ] = useState( '3600' );
	const [ confirming, setConfirming ] = useState( false );
	const offCount = state.plugins.filter(
		( plugin ) => ! plugin.self && ! keep.includes( plugin.file )
	).length;

	return (
		<>
			<Card className="triage-safe-mode__start">
				<CardHeader>
					<strong>{ __( 'Start safe mode', 'triage' ) }</strong>
				</CardHeader>
				<CardBody>
					<p>
						{ __(
							'Choose the plugins to keep on. Every other plugin is off for you until you exit or the session ends.',
							'triage'
						) }
					</p>
					<fieldset className="triage-safe-mode__choices">
						<legend className="screen-reader-text">
							{ __( 'Plugins to keep on', 'triage' ) }
						</legend>
						{ state.plugins.map( ( plugin ) => (
							<CheckboxControl
								key={ plugin.file }
								label={ plugin.name }
								help={
									plugin.self
										? __( 'Always on.', 'triage' )
										: undefined
								}
								checked={
									plugin.self || keep.includes( plugin.file )
								}
								disabled={ plugin.self }
								onChange={ ( on: boolean ) =>
									setKeep(
										on
											? [ ...keep, plugin.file ]
											: keep.filter(
													( file ) =>
														file !== plugin.file
												)
									)
								}
							/>
						) ) }
					</fieldset>
					<ToggleControl
						label={
							state.default_theme
								? sprintf(
										/* translators: %s: theme folder name. */
										__(
											'Also use the default theme (%s)',
											'triage'
										),
										state.default_theme
									)
								: __(
										'Also use a default theme (none is installed)',
										'triage'
									)
						}
						checked={ theme }
						disabled={ ! state.default_theme }
						onChange={ setTheme }
					/>
					<SelectControl
						label={ __( 'Ends after', 'triage' ) }
						value={ expiry }
						options={ EXPIRY_CHOICES }
						onChange={ setExpiry }
					/>
					<Button
						variant="primary"
						disabled={ ! state.loader.installed || isBusy }
						onClick={ () => setConfirming( true ) }
					>
						{ __( 'Start safe mode…', 'triage' ) }
					</Button>
				</CardBody>
			</Card>
			{ confirming && (
				<ConfirmModal
					title={ __( 'Start safe mode?', 'triage' ) }
					confirmLabel={ __( 'Start safe mode', 'triage' ) }
					onConfirm={ () =>
						run( () =>
							actions
								.start( keep, theme, Number( expiry ) )
								.then( onStarted )
						).finally( () => setConfirming( false ) )
					}
					onCancel={ () => setConfirming( false ) }
					isBusy={ isBusy }
				>
					<p>
						{ sprintf(
							/* translators: %d: number of plugins. */
							_n(
								'%d plugin will be off for you, in this browser only.',
								'%d plugins will be off for you, in this browser only.',
								offCount,
								'triage'
							),
							offCount
						) }
					</p>
					<p>
						{ __(
							'Visitors and other administrators keep every plugin. Nothing is deactivated and no setting changes.',
							'triage'
						) }
					</p>
				</ConfirmModal>
			) }
		</>
	);
}
