import { __ } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import { checkToText, layerLabel, statusLabel } from '../../health';
import type { CheckResult } from '../../types';

/** Evidence longer than this is an explanation (how to tell a CDN's error page apart), not a value. */
const PROSE_LENGTH = 120;

/**
 * Whether an evidence value reads as a sentence rather than a measured value.
 *
 * @param value Evidence value.
 */
function isProse( value: string ): boolean {
	return value.length > PROSE_LENGTH && value.includes( ' ' );
}

interface Props {
	check: CheckResult;
	/** Open the details even when the check is good (deep links). */
	open?: boolean;
	showLayer?: boolean;
}

/**
 * One check: what was found, the measured evidence, why it causes 5xx and the fix. Problems are open;
 * good checks fold their evidence away.
 *
 * @param props           Component props.
 * @param props.check     The result.
 * @param props.open      Force the details open.
 * @param props.showLayer Name the layer (in lists that mix layers).
 */
export default function HealthCheck( { check, open, showLayer }: Props ) {
	const isProblem = check.status === 'warning' || check.status === 'critical';
	return (
		<article
			className={ `triage-check is-${ check.status }` }
			id={ `triage-check-${ check.id }` }
			data-check={ check.id }
			aria-labelledby={ `triage-check-title-${ check.id }` }
		>
			<header className="triage-check__header">
				<span className={ `triage-badge is-${ check.status }` }>
					{ statusLabel( check.status ) }
				</span>
				<h4
					className="triage-check__title"
					id={ `triage-check-title-${ check.id }` }
				>
					{ showLayer && (
						<>
							<span className="triage-check__layer">
								{ layerLabel( check.layer ) }:
							</span>{ ' ' }
						</>
					) }
					{ check.title }
				</h4>
			</header>
			<details open={ open || isProblem || check.status === 'unknown' }>
				<summary>{ __( 'Evidence and fix', 'triage' ) }</summary>
				{ check.reason && (
					<p className="triage-check__reason">
						<strong>{ __( 'Not measured:', 'triage' ) }</strong>{ ' ' }
						{ check.reason }
					</p>
				) }
				{ check.evidence.length > 0 && (
					<dl className="triage-facts triage-check__evidence">
						{ check.evidence.map( ( item, index ) => (
							<div className="triage-facts__row" key={ index }>
								<dt>{ item.label }</dt>
								<dd>
									{ isProse( item.value ) ? (
										item.value
									) : (
										<code>{ item.value }</code>
									) }
								</dd>
							</div>
						) ) }
					</dl>
				) }
				{ check.why && (
					<p className="triage-check__why">
						<strong>
							{ __( 'Why this causes errors:', 'triage' ) }
						</strong>{ ' ' }
						{ check.why }
					</p>
				) }
				{ check.fix && (
					<p className="triage-check__fix">
						<strong>{ __( 'Fix:', 'triage' ) }</strong>{ ' ' }
						{ check.fix }
					</p>
				) }
				<CopyButton
					text={ () => checkToText( check ) }
					label={ __( 'Copy this finding', 'triage' ) }
				/>
			</details>
		</article>
	);
}
