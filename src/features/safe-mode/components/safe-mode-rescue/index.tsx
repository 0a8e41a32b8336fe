import {
	Button,
	Card,
	CardBody,
	CardHeader,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import CopyButton from '../../../../shared/components/copy-button';
import { formatTime } from '../../../../shared/format';
import type { SafeModeState } from '../../types';
import type { SafeModeActions } from '../../use-safe-mode';

/** A rescue link works for 7 days. */
const RESCUE_EXPIRY = 7 * 24 * 3600;

interface Props {
	state: SafeModeState;
	isBusy: boolean;
	/** Runs an action, showing its failure; resolves when it settled. */
	run: ( action: () => Promise< unknown > ) => Promise< unknown >;
	actions: SafeModeActions;
}

/**
 * The rescue link: whether one exists, the new one (shown once), and creating or revoking it.
 *
 * @param props         Component props.
 * @param props.state   Safe mode state.
 * @param props.isBusy  An action is under way.
 * @param props.run     Runs an action.
 * @param props.actions Safe mode actions.
 */
export default function SafeModeRescue( {
	state,
	isBusy,
	run,
	actions,
}: Props ) {
	const [ confirming, setConfirming ] = useState( false );
	return (
		<>
			<Card className="triage-safe-mode__rescue">
				<CardHeader>
					<strong>{ __( 'Rescue link', 'triage' ) }</strong>
				</CardHeader>
				<CardBody>
					<p>
						{ __(
							'Create this link now and keep it somewhere safe. If a plugin ever breaks every page, including wp-admin, opening it once turns all plugins off for your browser and takes you to the login screen.',
							'triage'
						) }
					</p>
					<p>
						{ state.rescue.exists &&
						state.rescue.expires_at !== null
							? sprintf(
									/* translators: %s: date and time. */
									__(
										'A rescue link exists and works until %s.',
										'triage'
									),
									formatTime( state.rescue.expires_at )
								)
							: __( 'No rescue link exists.', 'triage' ) }
					</p>
					{ state.rescue_url && (
						<div className="triage-safe-mode__rescue-url">
							<TextControl
								label={ __(
									'Your rescue link (shown only now)',
									'triage'
								) }
								value={ state.rescue_url }
								readOnly
								onChange={ () => {} }
							/>
							<CopyButton
								text={ () => state.rescue_url ?? '' }
								label={ __( 'Copy link', 'triage' ) }
							/>
						</div>
					) }
					<div className="triage-safe-mode__actions">
						<Button
							variant="secondary"
							disabled={ isBusy }
							onClick={ () => setConfirming( true ) }
						>
							{ __( 'Create rescue link…', 'triage' ) }
						</Button>
						{ state.rescue.exists && (
							<Button
								variant="tertiary"
								isDestructive
								disabled={ isBusy }
								onClick={ () => run( actions.revokeRescue ) }
							>
								{ __( 'Revoke', 'triage' ) }
							</Button>
						) }
					</div>
				</CardBody>
			</Card>
			{ confirming && (
				<ConfirmModal
					title={ __( 'Create a rescue link?', 'triage' ) }
					confirmLabel={ __( 'Create link', 'triage' ) }
					onConfirm={ () =>
						run( () =>
							actions.createRescue( RESCUE_EXPIRY )
						).finally( () => setConfirming( false ) )
					}
					onCancel={ () => setConfirming( false ) }
					isBusy={ isBusy }
				>
					<p>
						{ __(
							'The link works once, for 7 days. Anyone who has it can open the login screen with all plugins off (they still need a password).',
							'triage'
						) }
					</p>
					{ state.rescue.exists && (
						<p>
							{ __(
								'The rescue link created earlier stops working.',
								'triage'
							) }
						</p>
					) }
				</ConfirmModal>
			) }
		</>
	);
}
