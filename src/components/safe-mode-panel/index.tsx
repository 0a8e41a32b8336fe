import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { SafeModeActions } from '../../hooks/use-safe-mode';
import type { ApiError, SafeModeState } from '../../types';
import CopyButton from '../copy-button';
import ErrorNotice from '../error-notice';
import ConfirmModal from '../confirm-modal';

interface Props {
	state: SafeModeState | null;
	error: ApiError | null;
	isLoading: boolean;
	onReload: () => void;
	actions: SafeModeActions;
}

const EXPIRY_CHOICES = [
	{ value: '900', label: __( '15 minutes', 'triage' ) },
	{ value: '3600', label: __( '1 hour', 'triage' ) },
	{ value: '14400', label: __( '4 hours', 'triage' ) },
];

/**
 * A Unix time as a local date and time.
 *
 * @param seconds Unix time.
 */
function formatTime( seconds: number ): string {
	return new Date( seconds * 1000 ).toLocaleString();
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
	const [ keep, setKeep ] = useState< string[] >( [] );
	const [ theme, setTheme ] = useState( false );
	const [ expiry, setExpiry ] = useState( '3600' );
	const [ confirming, setConfirming ] = useState< 'start' | 'rescue' | null >(
		null
	);
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
			.finally( () => {
				setBusy( false );
				setConfirming( null );
			} );
	};

	const others = state.plugins.filter( ( plugin ) => ! plugin.self );
	const offCount = others.filter(
		( plugin ) => ! keep.includes( plugin.file )
	).length;

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
				<Card className="triage-safe-mode__session">
					<CardHeader>
						<strong>
							{ sprintf(
								/* translators: 1: plugins kept on, 2: active plugins. */
								__(
									'Safe mode: %1$d of %2$d plugins',
									'triage'
								),
								state.kept,
								state.total
							) }
						</strong>
					</CardHeader>
					<CardBody>
						{ started && (
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
										disabled={ plugin.self || busy }
										onChange={ ( on: boolean ) =>
											run( () =>
												actions.toggle(
													plugin.file,
													on
												)
											)
										}
									/>
								</li>
							) ) }
						</ul>
						<Button
							variant="primary"
							isBusy={ busy }
							disabled={ busy }
							onClick={ () =>
								run( () =>
									actions
										.exit()
										.then( () => setStarted( false ) )
								)
							}
						>
							{ __( 'Exit safe mode', 'triage' ) }
						</Button>
					</CardBody>
				</Card>
			) : (
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
										plugin.self ||
										keep.includes( plugin.file )
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
							disabled={ ! state.loader.installed || busy }
							onClick={ () => setConfirming( 'start' ) }
						>
							{ __( 'Start safe mode…', 'triage' ) }
						</Button>
					</CardBody>
				</Card>
			) }

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
							disabled={ busy }
							onClick={ () => setConfirming( 'rescue' ) }
						>
							{ __( 'Create rescue link…', 'triage' ) }
						</Button>
						{ state.rescue.exists && (
							<Button
								variant="tertiary"
								isDestructive
								disabled={ busy }
								onClick={ () => run( actions.revokeRescue ) }
							>
								{ __( 'Revoke', 'triage' ) }
							</Button>
						) }
					</div>
				</CardBody>
			</Card>

			{ confirming === 'start' && (
				<ConfirmModal
					title={ __( 'Start safe mode?', 'triage' ) }
					confirmLabel={ __( 'Start safe mode', 'triage' ) }
					onConfirm={ () =>
						run( () =>
							actions
								.start( keep, theme, Number( expiry ) )
								.then( () => setStarted( true ) )
						)
					}
					onCancel={ () => setConfirming( null ) }
					isBusy={ busy }
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
			{ confirming === 'rescue' && (
				<ConfirmModal
					title={ __( 'Create a rescue link?', 'triage' ) }
					confirmLabel={ __( 'Create link', 'triage' ) }
					onConfirm={ () =>
						run( () => actions.createRescue( 604800 ) )
					}
					onCancel={ () => setConfirming( null ) }
					isBusy={ busy }
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
		</div>
	);
}
