import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { reachableBoot, setReachable } from '../../api-reachable';

interface Props {
	/** Reloads the page (tests replace it). */
	reload?: () => void;
}

/**
 * What to do when WordPress fails on Triage's own requests: go on with every other plugin (then the theme
 * too) off for those requests only, and when wp-admin may fail next, a rescue link.
 *
 * @param props        Component props.
 * @param props.reload Called once the cookie is set, to retry every call of the page.
 */
export default function ReachableHelp( {
	reload = () => window.location.reload(),
}: Props ) {
	const boot = reachableBoot();
	const [ busy, setBusy ] = useState( false );
	const [ failure, setFailure ] = useState< string | null >( null );

	const start = async ( theme: boolean ) => {
		setBusy( true );
		setFailure( null );
		try {
			await setReachable( { theme } );
			reload();
		} catch ( error ) {
			setFailure(
				error instanceof Error ? error.message : String( error )
			);
			setBusy( false );
		}
	};

	const rescue = (
		<p className="triage-reachable__rescue">
			{ __(
				'If wp-admin fails too, only a rescue link gets you in: create one in the Safe mode tab while Triage answers, and keep it somewhere safe.',
				'triage'
			) }
		</p>
	);

	if ( ! boot ) {
		return (
			<div className="triage-reachable">
				<p>
					{ __(
						'An administrator who may use safe mode can let Triage go on with other plugins off for its own requests.',
						'triage'
					) }
				</p>
				{ rescue }
			</div>
		);
	}

	const until = boot.until
		? new Date( boot.until * 1000 ).toLocaleTimeString()
		: '';
	return (
		<div className="triage-reachable">
			{ ! boot.until && (
				<>
					<p>
						{ __(
							'Only your requests to Triage change, for one hour: visitors and the rest of wp-admin keep every plugin. Nothing is written to the site.',
							'triage'
						) }
					</p>
					<Button
						variant="primary"
						isBusy={ busy }
						disabled={ busy }
						onClick={ () => start( false ) }
					>
						{ __(
							'Continue with other plugins off for Triage’s requests',
							'triage'
						) }
					</Button>
				</>
			) }
			{ boot.until && ! boot.theme && (
				<>
					<p>
						{ sprintf(
							/* translators: %s: time of day. */
							__(
								'Triage’s requests already run with every other plugin off (until %s), and WordPress still fails: the theme may be the cause.',
								'triage'
							),
							until
						) }
					</p>
					<Button
						variant="primary"
						isBusy={ busy }
						disabled={ busy }
						onClick={ () => start( true ) }
					>
						{ __(
							'Also use a default theme for Triage’s requests',
							'triage'
						) }
					</Button>
				</>
			) }
			{ boot.until && boot.theme && (
				<p>
					{ sprintf(
						/* translators: %s: time of day. */
						__(
							'Triage’s requests already run with every other plugin off and a default theme (until %s), and WordPress still fails: the cause is below plugins and themes (WordPress’s own files, PHP or the database). The server’s PHP error log names it.',
							'triage'
						),
						until
					) }
				</p>
			) }
			{ failure && (
				<p className="triage-reachable__failure" role="alert">
					{ failure }
				</p>
			) }
			{ rescue }
		</div>
	);
}
