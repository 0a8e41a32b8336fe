import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import type { DebugChange } from '../../types';
import DebugChangeList from '../debug-change-list';
import DebugSnippet from '../debug-snippet';

interface Props {
	plan: DebugChange;
	isApplying: boolean;
	onConfirm: () => void;
	onCancel: () => void;
}

/**
 * Asks before wp-config.php changes, naming every line; when the change is impossible, says why and
 * gives the lines to add by hand.
 *
 * @param props            Component props.
 * @param props.plan       The planned change (a dry run).
 * @param props.isApplying The change is being made.
 * @param props.onConfirm  Makes the change.
 * @param props.onCancel   Closes without a change.
 */
export default function DebugConfirm( {
	plan,
	isApplying,
	onConfirm,
	onCancel,
}: Props ) {
	return (
		<ConfirmModal
			title={ __( 'Change wp-config.php?', 'triage' ) }
			confirmLabel={ __( 'Change wp-config.php', 'triage' ) }
			onConfirm={ onConfirm }
			onCancel={ onCancel }
			isBusy={ isApplying }
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
					<DebugChangeList change={ plan } />
				</>
			) : (
				<>
					<Notice status="error" isDismissible={ false }>
						{ plan.error?.message }
					</Notice>
					{ plan.manual && (
						<DebugSnippet
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
	);
}
