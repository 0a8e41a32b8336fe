import { Spinner } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import ErrorNotice from '../../../../shared/components/error-notice';
import { formatBytes } from '../../../../shared/format';
import type { ApiError } from '../../../../shared/types';
import type { LogArchiveResult, LogSource } from '../../types';

interface Props {
	source: LogSource;
	/** What the server says it would do (a dry run); null while asking. */
	plan: LogArchiveResult | null;
	error: ApiError | null;
	isBusy: boolean;
	onConfirm: () => void;
	onCancel: () => void;
}

/**
 * Asks before archiving a log, saying exactly what will change.
 *
 * @param props           Component props.
 * @param props.source    The log.
 * @param props.plan      Dry-run result.
 * @param props.error     Failure, if any.
 * @param props.isBusy    Archiving is in progress.
 * @param props.onConfirm Archive.
 * @param props.onCancel  Close without change.
 */
export default function LogArchiveModal( {
	source,
	plan,
	error,
	isBusy,
	onConfirm,
	onCancel,
}: Props ) {
	return (
		<ConfirmModal
			title={ __( 'Archive and clear this log?', 'triage' ) }
			confirmLabel={ __( 'Archive and clear', 'triage' ) }
			onConfirm={ onConfirm }
			onCancel={ onCancel }
			isBusy={ isBusy }
			isWaiting={ ! plan }
			isDestructive
			className="triage-log-archive"
		>
			{ ! plan && ! error && <Spinner /> }
			{ plan && (
				<>
					<p>
						{ sprintf(
							/* translators: 1: log file path, 2: its size, 3: archive file name. */
							__(
								'%1$s (%2$s) will be renamed to %3$s in the same folder, and a new empty log will start. Nothing in it is deleted.',
								'triage'
							),
							source.path,
							formatBytes( plan.bytes ),
							plan.archive
						) }
					</p>
					<p>
						{ plan.removed.length > 0
							? sprintf(
									/* translators: 1: number of archives kept, 2: file names of the archives deleted. */
									_n(
										'Only the newest %1$d archive is kept, so these older archives will be deleted: %2$s.',
										'Only the newest %1$d archives are kept, so these older archives will be deleted: %2$s.',
										plan.kept,
										'triage'
									),
									plan.kept,
									plan.removed.join( ', ' )
								)
							: sprintf(
									/* translators: %d: number of archives kept. */
									_n(
										'The newest %d archive is kept; no archive will be deleted now.',
										'The newest %d archives are kept; no archive will be deleted now.',
										plan.kept,
										'triage'
									),
									plan.kept
								) }
					</p>
				</>
			) }
			{ /* ErrorNotice also shows what to do by hand when the site forbids the change. */ }
			{ error && <ErrorNotice error={ error } /> }
		</ConfirmModal>
	);
}
