import { __, _n, sprintf } from '@wordpress/i18n';

import { layerLabel, statusLabel } from '../../health';
import type { Layer, LayerSummary } from '../../types';

interface Props {
	layers: Record< Layer, LayerSummary >;
	selected: Layer | null;
	onSelect: ( layer: Layer ) => void;
}

/** The hops a request crosses, from the visitor's browser to the database. */
const PATH: Layer[] = [ 'cdn', 'web', 'php', 'wordpress', 'database' ];

/**
 * The request path drawn as a chain, each hop coloured by its worst check and counting its problems;
 * the server's own resources sit under the chain since every hop runs on them.
 *
 * @param props          Component props.
 * @param props.layers   Summary per layer.
 * @param props.selected Selected layer.
 * @param props.onSelect Called with the layer a person selects.
 */
export default function HealthChain( { layers, selected, onSelect }: Props ) {
	const hop = ( layer: Layer ) => {
		const summary = layers[ layer ];
		const problems = summary.problems
			? sprintf(
					/* translators: %d: number of problems. */
					_n(
						'%d problem',
						'%d problems',
						summary.problems,
						'triage'
					),
					summary.problems
				)
			: statusLabel( summary.status );
		return (
			<button
				type="button"
				className={ `triage-hop is-${ summary.status }${
					selected === layer ? ' is-selected' : ''
				}` }
				aria-pressed={ selected === layer }
				data-layer={ layer }
				onClick={ () => onSelect( layer ) }
			>
				<span className="triage-hop__name">
					{ layerLabel( layer ) }
				</span>
				<span className="triage-hop__status">
					<span className="triage-status-dot" aria-hidden="true" />
					{ problems }
				</span>
			</button>
		);
	};

	return (
		<nav
			className="triage-chain"
			aria-label={ __(
				'Request path, from browser to database',
				'triage'
			) }
		>
			<ol className="triage-chain__path">
				<li className="triage-chain__item">
					<span className="triage-hop is-browser">
						<span className="triage-hop__name">
							{ __( 'Browser', 'triage' ) }
						</span>
						<span className="triage-hop__status">
							{ __( 'Visitor', 'triage' ) }
						</span>
					</span>
				</li>
				{ PATH.map( ( layer ) => (
					<li key={ layer } className="triage-chain__item">
						<span
							className="triage-chain__arrow"
							aria-hidden="true"
						>
							→
						</span>
						{ hop( layer ) }
					</li>
				) ) }
			</ol>
			<div className="triage-chain__host">{ hop( 'server' ) }</div>
		</nav>
	);
}
