import {
	Button,
	Flex,
	Notice,
	RadioControl,
	SelectControl,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { expiryChoices } from '../../../../shared/format';
import type { DebugProfileId, DebugState } from '../../types';
import DebugSnippet from '../debug-snippet';

interface Props {
	state: DebugState;
	profile: DebugProfileId;
	/** Seconds until the automatic switch-off, as the select holds it. */
	expiry: string;
	isBusy: boolean;
	isPreviewing: boolean;
	onProfileChange: ( profile: DebugProfileId ) => void;
	onExpiryChange: ( expiry: string ) => void;
	onReview: () => void;
}

/**
 * The profile choice, the automatic switch-off, and what to add by hand when Triage must not edit
 * wp-config.php for this profile.
 *
 * @param props                 Component props.
 * @param props.state           Debug state.
 * @param props.profile         Profile chosen.
 * @param props.expiry          Switch-off delay chosen.
 * @param props.isBusy          A change is being planned or made.
 * @param props.isPreviewing    The plan is being asked for.
 * @param props.onProfileChange Called with the profile chosen.
 * @param props.onExpiryChange  Called with the delay chosen.
 * @param props.onReview        Asks for the plan.
 */
export default function DebugProfileSwitch( {
	state,
	profile,
	expiry,
	isBusy,
	isPreviewing,
	onProfileChange,
	onExpiryChange,
	onReview,
}: Props ) {
	const options = state.profiles;
	const chosen = options.find( ( option ) => option.id === profile );
	const choices = expiryChoices( state.expiry.min, state.expiry.max );
	return (
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
					onProfileChange( value as DebugProfileId )
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
					label={ __( 'Switch off automatically after', 'triage' ) }
					value={ expiry }
					options={ choices }
					onChange={ onExpiryChange }
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
							<li key={ `${ blocker.name }-${ blocker.line }` }>
								{ blocker.message }
							</li>
						) ) }
						{ state.file.disallowed_by && (
							<li>
								{ sprintf(
									/* translators: %s: DISALLOW_FILE_MODS or DISALLOW_FILE_EDIT. */
									__(
										'This site does not let administrators change its files (%s is set), so Triage leaves wp-config.php as it is.',
										'triage'
									),
									state.file.disallowed_by
								) }
							</li>
						) }
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
					<DebugSnippet
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
					onClick={ onReview }
					disabled={
						isBusy ||
						profile === state.profile ||
						( chosen !== undefined && ! chosen.available ) ||
						( profile === 'off' && ! state.active )
					}
					isBusy={ isPreviewing }
				>
					{ __( 'Review changes', 'triage' ) }
				</Button>
			</Flex>
		</section>
	);
}
