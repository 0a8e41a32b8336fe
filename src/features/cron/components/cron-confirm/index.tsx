import { __, sprintf } from '@wordpress/i18n';

import ConfirmModal from '../../../../shared/components/confirm-modal';
import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import { ownerLabel } from '../../model';
import type { CronAction } from '../../use-cron-action';

interface Props {
	action: CronAction;
	needsForce: boolean;
	isBusy: boolean;
	error: ApiError | null;
	onConfirm: () => void;
	onCancel: () => void;
}

/**
 * Says what the action will do before it happens; after a refusal because another run holds the lock,
 * says what forcing means and asks again.
 *
 * @param props            Component props.
 * @param props.action     The action asked for.
 * @param props.needsForce Whether the server refused for the lock and the next confirm forces.
 * @param props.isBusy     Whether the request is running.
 * @param props.error      The last refusal, if any.
 * @param props.onConfirm  Sends the action.
 * @param props.onCancel   Closes without doing anything.
 */
export default function CronConfirm( {
	action,
	needsForce,
	isBusy,
	error,
	onConfirm,
	onCancel,
}: Props ) {
	const { title, label, text } = describe( action, needsForce );
	return (
		<ConfirmModal
			title={ title }
			confirmLabel={ label }
			onConfirm={ onConfirm }
			onCancel={ onCancel }
			isBusy={ isBusy }
			isDestructive={ action.kind !== 'run' || needsForce }
			className="triage-cron-confirm"
		>
			{ error && <ErrorNotice error={ error } /> }
			{ text.map( ( paragraph ) => (
				<p key={ paragraph }>{ paragraph }</p>
			) ) }
		</ConfirmModal>
	);
}

/**
 * Title, button and paragraphs for an action.
 *
 * @param action     Action.
 * @param needsForce Whether this confirmation forces past the lock.
 */
export function describe(
	action: CronAction,
	needsForce: boolean
): { title: string; label: string; text: string[] } {
	if ( action.kind === 'lock' ) {
		return {
			title: __( 'Release the cron lock?', 'triage' ),
			label: needsForce
				? __( 'Release anyway', 'triage' )
				: __( 'Release lock', 'triage' ),
			text: [
				__(
					'The doing_cron lock is deleted, so the next page view (or system cron run) may start a new wp-cron.php run.',
					'triage'
				),
				needsForce
					? __(
							'A run took the lock moments ago and may still be running: releasing it now can make a second run execute the same events twice.',
							'triage'
						)
					: __(
							'Nothing that is running is stopped; only the lock goes.',
							'triage'
						),
			],
		};
	}
	const { event } = action;
	if ( action.kind === 'delete' ) {
		return {
			title: __( 'Delete this event?', 'triage' ),
			label: __( 'Delete event', 'triage' ),
			text: [
				sprintf(
					/* translators: 1: hook name, 2: date and time. */
					__(
						'The event %1$s scheduled for %2$s is removed from the schedule and will never run.',
						'triage'
					),
					event.hook,
					new Date( event.timestamp * 1000 ).toLocaleString()
				),
				event.orphan
					? __(
							'No callback is hooked to it in this request. A plugin that adds its callback only inside wp-cron.php can look orphaned here: if you know the hook, keep it.',
							'triage'
						)
					: sprintf(
							/* translators: %d: number of other copies. */
							__(
								'It is a duplicate: %d other copies with the same arguments stay scheduled.',
								'triage'
							),
							event.copies - 1
						),
			],
		};
	}
	const owners = event.owners.map( ownerLabel ).join( ', ' );
	return {
		title: __( 'Run this event now?', 'triage' ),
		label: needsForce
			? __( 'Run anyway', 'triage' )
			: __( 'Run now', 'triage' ),
		text: [
			sprintf(
				/* translators: 1: hook name, 2: owners (plugin, theme...). */
				__(
					'The callbacks of %1$s (%2$s) run now, in this request, with the event’s arguments; their output and PHP errors are shown afterwards.',
					'triage'
				),
				event.hook,
				owners || __( 'no callback', 'triage' )
			),
			event.schedule === null
				? __(
						'It is a single event: it leaves the schedule once it has run.',
						'triage'
					)
				: __(
						'It is recurring: its next run is scheduled one interval from its due time, as WordPress does.',
						'triage'
					),
			...( needsForce
				? [
						__(
							'Another cron run holds the lock and may be running this event at this very moment: running anyway can execute it twice (two emails, two imports).',
							'triage'
						),
					]
				: [] ),
		],
	};
}
