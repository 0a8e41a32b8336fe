import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Flex,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { toApiError } from '../../../../shared/api';
import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import type { DebugChange, DebugProfileId, DebugState } from '../../types';
import { useSecondsLeft } from '../../use-seconds-left';
import DebugActiveNotice from '../debug-active-notice';
import DebugConfirm from '../debug-confirm';
import DebugConstants from '../debug-constants';
import DebugProfileSwitch from '../debug-profile-switch';

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
					<DebugActiveNotice
						state={ state }
						active={ state.active }
						secondsLeft={ secondsLeft }
						isBusy={ busy !== null }
						onSwitchOff={ () => review( 'off' ) }
					/>
				) }
				{ state && (
					<>
						<DebugConstants state={ state } />
						<DebugProfileSwitch
							state={ state }
							profile={ profile }
							expiry={ expiry }
							isBusy={ busy !== null }
							isPreviewing={ busy === 'preview' }
							onProfileChange={ setProfile }
							onExpiryChange={ setExpiry }
							onReview={ () => review( profile ) }
						/>
					</>
				) }
				{ plan && (
					<DebugConfirm
						plan={ plan }
						isApplying={ busy === 'apply' }
						onConfirm={ confirm }
						onCancel={ () => setPlan( null ) }
					/>
				) }
			</CardBody>
		</Card>
	);
}
