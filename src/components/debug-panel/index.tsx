import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Flex,
	Notice,
	RadioControl,
	SelectControl,
	Spinner,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type {
	ApiError,
	DebugChange,
	DebugProfileId,
	DebugState,
} from '../../types';
import { toApiError } from '../../api/client';
import {
	describeSource,
	describeStatus,
	expiryChoices,
	formatCountdown,
} from '../../utils/debug';
import CopyButton from '../copy-button';
import ErrorNotice from '../error-notice';
import ConfirmModal from '../confirm-modal';

interface Props {
	state: DebugState | null;
	error: ApiError | null;
	isLoading: boolean;
	onReload: () => void;
	onPreview: (
		profile: DebugProfileId,
		expiresIn: number
	) => Promise< DebugChange >;
	onApply: (
		profile: DebugProfileId,
		expiresIn: number
	) => Promise< DebugChange >;
}

type Busy = 'preview' | 'apply' | null;

/**
 * Seconds left on the auto-revert, counted down locally from what the server said when it answered.
 *
 * @param state    Debug state.
 * @param onExpire Called once when the countdown reaches zero.
 */
function useSecondsLeft(
	state: DebugState | null,
	onExpire: () => void
): number | null {
	const [ now, setNow ] = useState( () => Date.now() );
	const fetchedAt = useRef( Date.now() );
	const active = state?.active ?? null;

	useEffect( () => {
		fetchedAt.current = Date.now();
		setNow( Date.now() );
	}, [ state ] );

	useEffect( () => {
		if ( ! active ) {
			return undefined;
		}
		const timer = window.setInterval( () => setNow( Date.now() ), 1000 );
		return () => window.clearInterval( timer );
	}, [ active ] );

	const left = active
		? Math.max(
				0,
				active.seconds_left -
					Math.floor( ( now - fetchedAt.current ) / 1000 )
			)
		: null;
	const expired = left === 0 && ! active?.failed;

	useEffect( () => {
		if ( ! expired ) {
			return undefined;
		}
		// Give the server a moment past the expiry, then ask again: the GET enforces the revert. A state
		// that is still active (clocks differ by a second) arms this again.
		const timer = window.setTimeout( onExpire, 1500 );
		return () => window.clearTimeout( timer );
	}, [ expired, onExpire, state ] );

	return left;
}

/**
 * The lines a change touches, before and after.
 *
 * @param props        Component props.
 * @param props.change The planned or applied change.
 */
function ChangeList( { change }: { change: DebugChange } ) {
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

/**
 * Lines to paste by hand, with a copy button.
 *
 * @param props       Component props.
 * @param props.text  The lines.
 * @param props.title Heading.
 */
function Snippet( { text, title }: { text: string; title: string } ) {
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

/**
 * The Debug tab: where each debug constant is defined, the profile switch with a confirmation that names
 * every line, the auto-revert countdown, and what to do by hand when Triage must not edit the file.
 *
 * @param props           Component props.
 * @param props.state     Debug state, null until loaded.
 * @param props.error     Load error.
 * @param props.isLoading Whether the state is loading.
 * @param props.onReload  Reload handler.
 * @param props.onPreview Plans a switch.
 * @param props.onApply   Switches.
 */
export default function DebugPanel( {
	state,
	error,
	isLoading,
	onReload,
	onPreview,
	onApply,
}: Props ) {
	const [ profile, setProfile ] = useState< DebugProfileId >( 'off' );
	const [ expiry, setExpiry ] = useState( '3600' );
	const [ plan, setPlan ] = useState< DebugChange | null >( null );
	const [ busy, setBusy ] = useState< Busy >( null );
	const [ actionError, setActionError ] = useState< ApiError | null >( null );
	const [ done, setDone ] = useState< DebugChange | null >( null );
	const secondsLeft = useSecondsLeft( state, onReload );

	useEffect( () => {
		if ( state ) {
			setProfile( state.profile );
			setExpiry( String( state.expiry.default ) );
		}
	}, [ state ] );

	const review = ( target: DebugProfileId ) => {
		setBusy( 'preview' );
		setActionError( null );
		setDone( null );
		setProfile( target );
		onPreview( target, Number( expiry ) )
			.then( setPlan )
			.catch( ( reason ) => setActionError( toApiError( reason ) ) )
			.finally( () => setBusy( null ) );
	};

	const confirm = () => {
		setBusy( 'apply' );
		onApply( profile, Number( expiry ) )
			.then( ( result ) => {
				setDone( result );
				setPlan( null );
			} )
			.catch( ( reason ) => {
				setActionError( toApiError( reason ) );
				setPlan( null );
			} )
			.finally( () => setBusy( null ) );
	};

	const options = state?.profiles ?? [];
	const chosen = options.find( ( option ) => option.id === profile );
	const choices = state
		? expiryChoices( state.expiry.min, state.expiry.max )
		: [];

	return (
		<Card className="triage-debug" size="medium">
			<CardHeader>
				<Flex justify="space-between" wrap>
					<h2 className="triage-debug__title">
						{ __( 'Debug mode', 'triage' ) }
					</h2>
					<Button
						variant="tertiary"
						onClick={ onReload }
						disabled={ isLoading }
						aria-disabled={ isLoading }
					>
						{ __( 'Refresh', 'triage' ) }
					</Button>
				</Flex>
			</CardHeader>
			<CardBody>
				{ error && (
					<ErrorNotice error={ error } onRetry={ onReload } />
				) }
				{ isLoading && ! state && (
					<p>
						<Spinner /> { __( 'Reading wp-config.php…', 'triage' ) }
					</p>
				) }
				{ actionError && <ErrorNotice error={ actionError } /> }
				{ done && (
					<Notice
						status="success"
						isDismissible={ false }
						className="triage-debug__done"
					>
						{ done.loopback && done.loopback.status !== null
							? sprintf(
									/* translators: 1: HTTP status, 2: milliseconds, 3: total milliseconds. */
									__(
										'Done. After the change the site answered HTTP %1$d in %2$d ms (%3$d ms in all).',
										'triage'
									),
									done.loopback.status,
									done.loopback.ms,
									done.duration_ms
								)
							: __(
									'Done. wp-config.php is back as it was.',
									'triage'
								) }
					</Notice>
				) }
				{ state?.active && (
					<Notice
						status={ state.active.failed ? 'error' : 'warning' }
						isDismissible={ false }
						className="triage-debug__active"
						// Spoken once, not on every tick of the countdown.
						spokenMessage={ __( 'Debug mode is on.', 'triage' ) }
					>
						<p>
							{ state.active.failed
								? sprintf(
										/* translators: %s: reason. */
										__(
											'Switching debug mode off failed: %s',
											'triage'
										),
										state.active.failed
									)
								: sprintf(
										/* translators: 1: profile name, 2: countdown such as 59:30. */
										__(
											'%1$s is on. It switches itself off in %2$s.',
											'triage'
										),
										options.find(
											( option ) =>
												option.id ===
												state.active?.profile
										)?.label ?? state.active.profile,
										formatCountdown( secondsLeft ?? 0 )
									) }
						</p>
						<p className="triage-debug__log-file">
							{ __( 'Errors are written to:', 'triage' ) }{ ' ' }
							<code>{ state.active.log_file }</code>
						</p>
						<Button
							variant="secondary"
							onClick={ () => review( 'off' ) }
							disabled={ busy !== null }
						>
							{ __( 'Switch off now', 'triage' ) }
						</Button>
					</Notice>
				) }
				{ state && (
					<>
						<section
							className="triage-debug__section"
							aria-labelledby="triage-debug-values"
						>
							<h3 id="triage-debug-values">
								{ __(
									'Debug settings and where they come from',
									'triage'
								) }
							</h3>
							<dl className="triage-facts">
								{ state.constants.map( ( constant ) => (
									<div
										key={ constant.name }
										className="triage-facts__row"
										data-constant={ constant.name }
									>
										<dt>{ constant.name }</dt>
										<dd>
											<code>
												{ constant.value ??
													__(
														'not defined',
														'triage'
													) }
											</code>
											<span className="triage-facts__note">
												{ describeSource( constant ) }
												{ describeStatus(
													constant.status
												) &&
													` — ${ describeStatus(
														constant.status
													) }` }
											</span>
										</dd>
									</div>
								) ) }
								<div
									className="triage-facts__row"
									data-constant="display_errors"
								>
									<dt>display_errors</dt>
									<dd>
										<code>
											{ state.display_errors || '0' }
										</code>
										<span className="triage-facts__note">
											{ __(
												'PHP setting in this request',
												'triage'
											) }
										</span>
									</dd>
								</div>
								<div
									className="triage-facts__row"
									data-constant="file"
								>
									<dt>wp-config.php</dt>
									<dd>
										<code>
											{ state.file.found
												? state.file.path
												: __( 'not found', 'triage' ) }
										</code>
										{ state.file.found && (
											<span className="triage-facts__note">
												{ [
													state.file.symlink &&
														sprintf(
															/* translators: %s: real path. */
															__(
																'symbolic link to %s',
																'triage'
															),
															state.file.real_path
														),
													`${ state.file.owner } ${ state.file.permissions }`,
													state.file.writable &&
													state.file
														.directory_writable
														? __(
																'writable',
																'triage'
															)
														: __(
																'read-only for the web server',
																'triage'
															),
												]
													.filter( Boolean )
													.join( ', ' ) }
											</span>
										) }
									</dd>
								</div>
							</dl>
						</section>

						<section
							className="triage-debug__section"
							aria-labelledby="triage-debug-switch"
						>
							<h3 id="triage-debug-switch">
								{ __( 'Switch debug mode', 'triage' ) }
							</h3>
							<RadioControl
								label={ __( 'Debug profile', 'triage' ) }
								selected={ profile }
								onChange={ ( value ) =>
									setProfile( value as DebugProfileId )
								}
								options={ [
									{
										label: __(
											'Off: your own settings, exactly as they were',
											'triage'
										),
										value: 'off',
									},
									...options.map( ( option ) => ( {
										label:
											option.id === 'log'
												? __(
														'Log privately: errors go to a private file, never to visitors',
														'triage'
													)
												: __(
														'Developer: as Log privately, plus SCRIPT_DEBUG and SAVEQUERIES',
														'triage'
													),
										value: option.id,
									} ) ),
								] }
							/>
							{ profile !== 'off' && (
								<SelectControl
									label={ __(
										'Switch off automatically after',
										'triage'
									) }
									value={ expiry }
									options={ choices }
									onChange={ ( value ) => setExpiry( value ) }
									__nextHasNoMarginBottom
								/>
							) }
							{ chosen && ! chosen.available && (
								<Notice
									status="warning"
									isDismissible={ false }
									className="triage-debug__manual"
								>
									<p>
										{ __(
											'Triage cannot switch this profile on for you:',
											'triage'
										) }
									</p>
									<ul>
										{ chosen.blockers.map( ( blocker ) => (
											<li
												key={ `${ blocker.name }-${ blocker.line }` }
											>
												{ blocker.message }
											</li>
										) ) }
										{ state.file.found &&
											! (
												state.file.writable &&
												state.file.directory_writable
											) && (
												<li>
													{ __(
														'wp-config.php (or its folder) is read-only for the web server, and Triage only ever replaces it atomically.',
														'triage'
													) }
												</li>
											) }
									</ul>
									<Snippet
										title={ __(
											'Add these lines to wp-config.php by hand, above the "stop editing" line, and remove them when you are done:',
											'triage'
										) }
										text={ chosen.manual }
									/>
								</Notice>
							) }
							<Flex justify="flex-start" gap={ 2 }>
								<Button
									variant="primary"
									onClick={ () => review( profile ) }
									disabled={
										busy !== null ||
										profile === state.profile ||
										( chosen !== undefined &&
											! chosen.available ) ||
										( profile === 'off' && ! state.active )
									}
									isBusy={ busy === 'preview' }
								>
									{ __( 'Review changes', 'triage' ) }
								</Button>
							</Flex>
						</section>
					</>
				) }
				{ plan && (
					<ConfirmModal
						title={ __( 'Change wp-config.php?', 'triage' ) }
						confirmLabel={ __( 'Change wp-config.php', 'triage' ) }
						onConfirm={ confirm }
						onCancel={ () => setPlan( null ) }
						isBusy={ busy === 'apply' }
						canConfirm={ plan.possible }
						className="triage-debug__modal"
					>
						{ plan.possible ? (
							<>
								<p>
									{ __(
										'Triage will change exactly these lines, keep a backup of the file, check that the site still answers, and put the file back by itself if it does not.',
										'triage'
									) }
								</p>
								<ChangeList change={ plan } />
							</>
						) : (
							<>
								<Notice status="error" isDismissible={ false }>
									{ plan.error?.message }
								</Notice>
								{ plan.manual && (
									<Snippet
										title={ __(
											'Add these lines by hand instead:',
											'triage'
										) }
										text={ plan.manual }
									/>
								) }
							</>
						) }
					</ConfirmModal>
				) }
			</CardBody>
		</Card>
	);
}
