import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import type { ApiError } from '../../../../shared/types';
import { exitMySafeMode, keepOffInSafeMode } from '../../api';
import { candidateList, candidateName } from '../../names';
import type { BisectCandidate, BisectVerdict } from '../../types';
import { useMySafeMode } from '../../use-bisect';

interface Props {
	/** Culprits found (candidate ids), empty when none. */
	culprits: string[];
	candidates: BisectCandidate[];
	/** The admin's answer on the last step, which their safe mode still loads. */
	lastVerdict: BisectVerdict | null;
}

/**
 * After a guided run: what the admin's safe mode still does (it stays on the last step, so their pages
 * may work while visitors still get the error), with the way out or the culprits alone kept off.
 *
 * @param props             Component props.
 * @param props.culprits    Culprits.
 * @param props.candidates  Candidates (names).
 * @param props.lastVerdict The last answer.
 */
export default function BisectSafeModeLeft( {
	culprits,
	candidates,
	lastVerdict,
}: Props ) {
	const { data, error, reload } = useMySafeMode( true );
	const [ busy, setBusy ] = useState( false );
	const [ failed, setFailed ] = useState< ApiError | null >( null );
	const [ done, setDone ] = useState( '' );

	if ( error ) {
		return <ErrorNotice error={ error } onRetry={ reload } />;
	}
	if ( ! data ) {
		return null;
	}

	const act = ( work: () => Promise< unknown >, message: string ) => {
		setBusy( true );
		setFailed( null );
		work()
			.then( () => {
				setDone( message );
				reload();
			} )
			.catch( ( reason: ApiError ) => setFailed( reason ) )
			.finally( () => setBusy( false ) );
	};

	const off = data.plugins.filter(
		( plugin ) => ! plugin.kept && ! plugin.self
	);
	const culpritPlugins = culprits.filter(
		( id ) => ! id.startsWith( 'theme:' )
	);
	const onlyCulpritsOff =
		data.active &&
		off.length === culpritPlugins.length &&
		off.every( ( plugin ) => culpritPlugins.includes( plugin.file ) );

	let state: string;
	if ( ! data.active ) {
		state = __(
			'Your safe mode has ended: you see the site as visitors do.',
			'triage'
		);
	} else {
		const what = data.use_default_theme
			? sprintf(
					/* translators: %d: number of plugins. */
					_n(
						'Your safe mode still has %d plugin off for you and a default theme in place of yours',
						'Your safe mode still has %d plugins off for you and a default theme in place of yours',
						off.length,
						'triage'
					),
					off.length
				)
			: sprintf(
					/* translators: %d: number of plugins. */
					_n(
						'Your safe mode still has %d plugin off for you',
						'Your safe mode still has %d plugins off for you',
						off.length,
						'triage'
					),
					off.length
				);
		const how =
			lastVerdict === 'fail'
				? __( 'your pages are still broken as well.', 'triage' )
				: __(
						'your pages work, visitors still get the error.',
						'triage'
					);
		state = sprintf(
			/* translators: 1: what safe mode does, 2: what that means for the admin and visitors. */
			__( '%1$s: %2$s', 'triage' ),
			what,
			how
		);
	}

	return (
		<div className="triage-bisect-safe-mode-left">
			<Notice
				status={ data.active ? 'warning' : 'info' }
				isDismissible={ false }
			>
				<p>{ state }</p>
				{ data.active && off.length > 0 && (
					<details>
						<summary>{ __( 'Off for you', 'triage' ) }</summary>
						{ off
							.map( ( plugin ) =>
								candidateName( plugin.file, candidates )
							)
							.join( ', ' ) }
					</details>
				) }
			</Notice>
			{ done && (
				<Notice status="success" isDismissible={ false }>
					{ done }
				</Notice>
			) }
			{ failed && <ErrorNotice error={ failed } /> }
			{ data.active && (
				<div className="triage-bisect-result__actions">
					<Button
						variant="secondary"
						disabled={ busy }
						onClick={ () =>
							act(
								exitMySafeMode,
								__(
									'Safe mode ended: you see the site as visitors do.',
									'triage'
								)
							)
						}
					>
						{ __( 'End safe mode', 'triage' ) }
					</Button>
					{ culprits.length > 0 && ! onlyCulpritsOff && (
						<Button
							variant="secondary"
							disabled={ busy }
							onClick={ () =>
								act(
									() =>
										keepOffInSafeMode(
											data.plugins
												.filter(
													( plugin ) =>
														! culprits.includes(
															plugin.file
														)
												)
												.map(
													( plugin ) => plugin.file
												),
											culprits.length !==
												culpritPlugins.length,
											3600
										),
									sprintf(
										/* translators: %s: plugin or theme names. */
										__(
											'For the next hour only %s stays off for you; visitors still get it.',
											'triage'
										),
										candidateList( culprits, candidates )
									)
								)
							}
						>
							{ sprintf(
								/* translators: %s: plugin or theme names. */
								__( 'Keep only %s off', 'triage' ),
								candidateList( culprits, candidates )
							) }
						</Button>
					) }
				</div>
			) }
		</div>
	);
}
