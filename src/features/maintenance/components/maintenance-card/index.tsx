import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import ErrorNotice from '../../../../shared/components/error-notice';
import { formatDuration } from '../../../../shared/format';
import { useResource } from '../../../../shared/use-resource';
import { fetchMaintenance } from '../../api';
import type { MaintenanceFile, MaintenanceState } from '../../types';
import { useMaintenanceClear } from '../../use-maintenance-clear';

/**
 * The .maintenance file in words.
 *
 * @param file The file.
 */
export function fileSummary( file: MaintenanceFile ): string {
	if ( file.format === 'always' ) {
		return __(
			'.maintenance sets $upgrading to the current time: the site stays in maintenance (503) for as long as the file exists.',
			'triage'
		);
	}
	const age = formatDuration( Math.max( 0, file.age ?? 0 ) );
	if ( file.fresh ) {
		return sprintf(
			/* translators: 1: age, 2: time left. */
			__(
				'.maintenance was written %1$s ago: WordPress answers every visitor with 503 for another %2$s (an update may be running).',
				'triage'
			),
			age,
			formatDuration( file.expires_in ?? 0 )
		);
	}
	return sprintf(
		/* translators: %s: age. */
		__(
			'A stale .maintenance was left behind %s ago: WordPress ignores it after 10 minutes, but the update that wrote it was interrupted.',
			'triage'
		),
		age
	);
}

/**
 * The maintenance card of the Overview: shown only when something is found (a .maintenance file, a held
 * update lock, leftover upgrade folders), with Clear for the file.
 */
export default function MaintenanceCard() {
	const state = useResource( fetchMaintenance );
	const clear = useMaintenanceClear( state.reload );
	if ( state.error ) {
		return <ErrorNotice error={ state.error } onRetry={ state.reload } />;
	}
	if ( clear.result && ! state.data?.found ) {
		return (
			<Notice status="success" isDismissible={ false }>
				{ sprintf(
					/* translators: %s: file path. */
					__( '%s was removed.', 'triage' ),
					clear.result.path
				) }
			</Notice>
		);
	}
	if ( ! state.data || ! state.data.found ) {
		return null;
	}
	return (
		<MaintenanceDetails
			data={ state.data }
			onClear={ clear.ask }
			clearedPath={ clear.result?.path ?? null }
		>
			{ clear.isAsking && (
				<ConfirmModal
					title={
						clear.refusal
							? __( 'Remove .maintenance anyway?', 'triage' )
							: __( 'Remove .maintenance?', 'triage' )
					}
					confirmLabel={
						clear.refusal
							? __( 'Remove anyway', 'triage' )
							: __( 'Remove file', 'triage' )
					}
					onConfirm={ clear.confirm }
					onCancel={ clear.cancel }
					isBusy={ clear.isBusy }
					isDestructive
				>
					{ clear.error && <ErrorNotice error={ clear.error } /> }
					{ clear.refusal ? (
						<>
							<Notice status="warning" isDismissible={ false }>
								{ clear.refusal.message }
							</Notice>
							<p>
								{ __(
									'Removing it now lets visitors in while an update may still be replacing files: pages can fail until it finishes.',
									'triage'
								) }
							</p>
						</>
					) : (
						<p>
							{ sprintf(
								/* translators: %s: file path. */
								__(
									'%s is deleted; WordPress stops answering with the maintenance page. Re-run the interrupted update from Dashboard → Updates afterwards.',
									'triage'
								),
								state.data.file.path
							) }
						</p>
					) }
				</ConfirmModal>
			) }
		</MaintenanceDetails>
	);
}

interface DetailsProps {
	data: MaintenanceState;
	onClear: () => void;
	clearedPath: string | null;
	children?: ReactNode;
}

/**
 * What was found.
 *
 * @param props             Component props.
 * @param props.data        The state.
 * @param props.onClear     Asks to clear the file.
 * @param props.clearedPath The file removed last, if any.
 * @param props.children    The confirmation, when open.
 */
function MaintenanceDetails( {
	data,
	onClear,
	clearedPath,
	children,
}: DetailsProps ) {
	const held = data.locks.filter( ( lock ) => lock.held );
	const folders = data.folders.filter( ( folder ) => folder.leftovers > 0 );
	return (
		<Card className="triage-maintenance-card">
			<CardHeader>
				<h2>{ __( 'Maintenance and updates', 'triage' ) }</h2>
			</CardHeader>
			<CardBody>
				{ clearedPath && (
					<Notice status="success" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: file path. */
							__( '%s was removed.', 'triage' ),
							clearedPath
						) }
					</Notice>
				) }
				{ data.file.exists && (
					<Notice
						status={ data.file.honoured ? 'error' : 'warning' }
						isDismissible={ false }
					>
						<p>{ fileSummary( data.file ) }</p>
						<p>
							<code>{ data.file.path }</code>
						</p>
						<Button variant="primary" onClick={ onClear }>
							{ __( 'Clear .maintenance…', 'triage' ) }
						</Button>
					</Notice>
				) }
				{ held.length > 0 && (
					<ul>
						{ held.map( ( lock ) => (
							<li key={ lock.name }>
								{ sprintf(
									/* translators: 1: lock name, 2: age. */
									__(
										'An update holds %1$s (taken %2$s ago): it may be replacing files now.',
										'triage'
									),
									lock.name,
									formatDuration(
										Math.max( 0, lock.age ?? 0 )
									)
								) }
							</li>
						) ) }
					</ul>
				) }
				{ folders.length > 0 && (
					<ul>
						{ folders.map( ( folder ) => (
							<li key={ folder.name }>
								{ sprintf(
									/* translators: 1: folder name, 2: number of entries, 3: age. */
									_n(
										'wp-content/%1$s holds %2$d leftover from an update (oldest %3$s).',
										'wp-content/%1$s holds %2$d leftovers from updates (oldest %3$s).',
										folder.leftovers,
										'triage'
									),
									folder.name,
									folder.leftovers,
									formatDuration( folder.oldest_age ?? 0 )
								) }
							</li>
						) ) }
					</ul>
				) }
				{ data.drop_in.exists && (
					<p>
						{ sprintf(
							/* translators: %s: file path. */
							__(
								'A maintenance.php drop-in (%s) replaces WordPress’s maintenance page.',
								'triage'
							),
							data.drop_in.path
						) }
					</p>
				) }
				{ children }
			</CardBody>
		</Card>
	);
}
