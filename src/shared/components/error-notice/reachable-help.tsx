import { Button } from '@wordpress/components';
import { useEffect, useState, useSyncExternalStore } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { reachableBoot, setReachable } from '../../api-reachable';

/*
 * Several panels of one tab may fail on the same broken site at once: the first notice on the page explains
 * and offers the action, the others point to it.
 */
let lastId = 0;
let shown: number[] = [];
const listeners = new Set< () => void >();
const subscribe = ( listener: () => void ) => {
	listeners.add( listener );
	return () => {
		listeners.delete( listener );
	};
};
const firstShown = () => shown[ 0 ];

/** Whether this notice is the first one mounted (or the only one). */
function useIsFirst(): boolean {
	const [ id ] = useState( () => ++lastId );
	useEffect( () => {
		shown = [ ...shown, id ];
		listeners.forEach( ( listener ) => listener() );
		return () => {
			shown = shown.filter( ( other ) => other !== id );
			listeners.forEach( ( listener ) => listener() );
		};
	}, [ id ] );
	// The Notice renders its children to a string for screen readers: that render needs the server snapshot.
	const first = useSyncExternalStore( subscribe, firstShown, firstShown );
	return first === undefined || first === id;
}

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
	const first = useIsFirst();
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

	if ( ! first ) {
		return (
			<p className="triage-reachable">
				{ __(
					'The first notice on this page says how to go on.',
					'triage'
				) }
			</p>
		);
	}

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
