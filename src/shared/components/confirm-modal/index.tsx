import { Button, Flex, Modal } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface Props {
	title: string;
	/** What the confirm button says: the action, never just "OK". */
	confirmLabel: string;
	onConfirm: () => void;
	onCancel: () => void;
	isBusy?: boolean;
	/** False hides the confirm button (nothing can be done, only explained). */
	canConfirm?: boolean;
	/** True shows the confirm button disabled (not ready yet, e.g. while the plan loads). */
	isWaiting?: boolean;
	isDestructive?: boolean;
	className?: string;
	/** What will change, in plain words. */
	children: ReactNode;
}

/**
 * Asks before a change: says what will happen, then offers Cancel and the named action.
 *
 * @param props               Component props.
 * @param props.title         Dialog title.
 * @param props.confirmLabel  Confirm button label.
 * @param props.onConfirm     Called on confirm.
 * @param props.onCancel      Called on cancel or close.
 * @param props.isBusy        Whether the action is running.
 * @param props.canConfirm    Whether the action is possible.
 * @param props.isWaiting     Whether the action is not ready yet.
 * @param props.isDestructive Style the action as destructive.
 * @param props.className     Extra class on the modal.
 * @param props.children      What will change.
 */
export default function ConfirmModal( {
	title,
	confirmLabel,
	onConfirm,
	onCancel,
	isBusy = false,
	canConfirm = true,
	isWaiting = false,
	isDestructive = false,
	className,
	children,
}: Props ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ onCancel }
			className={
				'triage-confirm' + ( className ? ` ${ className }` : '' )
			}
		>
			{ children }
			<Flex
				justify="flex-end"
				gap={ 2 }
				className="triage-confirm__actions"
			>
				<Button
					variant="tertiary"
					onClick={ onCancel }
					disabled={ isBusy }
				>
					{ __( 'Cancel', 'triage' ) }
				</Button>
				{ canConfirm && (
					<Button
						variant="primary"
						isDestructive={ isDestructive }
						onClick={ onConfirm }
						isBusy={ isBusy }
						disabled={ isBusy || isWaiting }
					>
						{ confirmLabel }
					</Button>
				) }
			</Flex>
		</Modal>
	);
}
