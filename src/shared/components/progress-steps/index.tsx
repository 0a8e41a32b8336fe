import { __, sprintf } from '@wordpress/i18n';

import ProgressBar from '../progress-bar';

export interface Step {
	label: string;
	state: 'done' | 'running' | 'pending';
}

interface Props {
	steps: Step[];
	label: string;
}

/**
 * Long work as a list of steps with an accessible progress bar (WordPress 6.5 has no stable ProgressBar).
 *
 * @param props       Component props.
 * @param props.steps Steps in order.
 * @param props.label What the work is, for screen readers.
 */
export default function ProgressSteps( { steps, label }: Props ) {
	const done = steps.filter( ( step ) => step.state === 'done' ).length;
	const stateLabels = {
		done: __( 'done', 'triage' ),
		running: __( 'in progress', 'triage' ),
		pending: __( 'waiting', 'triage' ),
	};
	return (
		<div className="triage-progress">
			<ProgressBar
				label={ label }
				value={ done }
				max={ steps.length }
				valueText={ sprintf(
					/* translators: 1: steps done, 2: all steps. */
					__( '%1$d of %2$d steps done', 'triage' ),
					done,
					steps.length
				) }
			/>
			<ol className="triage-progress__steps">
				{ steps.map( ( step ) => (
					<li
						key={ step.label }
						className={ `triage-progress__step is-${ step.state }` }
					>
						{ step.label }{ ' ' }
						<span className="screen-reader-text">
							({ stateLabels[ step.state ] })
						</span>
					</li>
				) ) }
			</ol>
		</div>
	);
}
