import { Button, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { formatCountdown } from '../../format';
import type { DebugState } from '../../types';

interface Props {
	state: DebugState;
	active: NonNullable< DebugState[ 'active' ] >;
	secondsLeft: number | null;
	isBusy: boolean;
	onSwitchOff: () => void;
}

/**
 * Debug mode is on: which profile, the countdown to the automatic switch-off, and where errors go.
 *
 * @param props             Component props.
 * @param props.state       Debug state (for the profile names).
 * @param props.active      The running profile.
 * @param props.secondsLeft Seconds until it switches itself off.
 * @param props.isBusy      Another change is under way.
 * @param props.onSwitchOff Plans the switch-off.
 */
export default function DebugActiveNotice( {
	state,
	active,
	secondsLeft,
	isBusy,
	onSwitchOff,
}: Props ) {
	return (
		<Notice
			status={ active.failed ? 'error' : 'warning' }
			isDismissible={ false }
			className="triage-debug__active"
			// Spoken once, not on every tick of the countdown.
			spokenMessage={ __( 'Debug mode is on.', 'triage' ) }
		>
			<p>
				{ active.failed
					? sprintf(
							/* translators: %s: reason. */
							__(
								'Switching debug mode off failed: %s',
								'triage'
							),
							active.failed
						)
					: sprintf(
							/* translators: 1: profile name, 2: countdown such as 59:30. */
							__(
								'%1$s is on. It switches itself off in %2$s.',
								'triage'
							),
							state.profiles.find(
								( option ) => option.id === active.profile
							)?.label ?? active.profile,
							formatCountdown( secondsLeft ?? 0 )
						) }
			</p>
			<p className="triage-debug__log-file">
				{ __( 'Errors are written to:', 'triage' ) }{ ' ' }
				<code>{ active.log_file }</code>
			</p>
			<Button
				variant="secondary"
				onClick={ onSwitchOff }
				disabled={ isBusy }
			>
				{ __( 'Switch off now', 'triage' ) }
			</Button>
		</Notice>
	);
}
