import { Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { formatBytes } from '../../../../shared/format';
import { runSummary } from '../../model';
import type { CronActionResult } from '../../use-cron-action';

interface Props {
	result: CronActionResult;
	onDismiss: () => void;
}

/**
 * What the last action did: for a run, how it went, its PHP errors and its output.
 *
 * @param props           Component props.
 * @param props.result    Result.
 * @param props.onDismiss Hides the notice.
 */
export default function CronResult( { result, onDismiss }: Props ) {
	if ( result.kind === 'delete' ) {
		return (
			<Notice status="success" onRemove={ onDismiss }>
				{ sprintf(
					/* translators: %s: hook name. */
					__( 'The event %s was deleted.', 'triage' ),
					result.deleted.hook
				) }
			</Notice>
		);
	}
	if ( result.kind === 'lock' ) {
		return (
			<Notice status="success" onRemove={ onDismiss }>
				{ result.released.released
					? __( 'The cron lock was released.', 'triage' )
					: __( 'There was no lock to release.', 'triage' ) }
			</Notice>
		);
	}
	const { run } = result;
	const problem = run.outcome !== 'ok';
	return (
		<Notice
			status={ problem ? 'warning' : 'success' }
			onRemove={ onDismiss }
			className="triage-cron-result"
		>
			<p>
				<strong>{ run.hook }</strong> { runSummary( run ) }
			</p>
			{ run.fatal?.file && (
				<p>
					<code>
						{ run.fatal.file }:{ run.fatal.line }
					</code>
				</p>
			) }
			{ run.errors.length > 0 && (
				<ul className="triage-cron-result__errors">
					{ run.errors.map( ( error, index ) => (
						<li key={ index }>
							<code>{ error.level }</code> { error.message }{ ' ' }
							<code>
								{ error.file }:{ error.line }
							</code>
						</li>
					) ) }
				</ul>
			) }
			{ run.output.bytes > 0 && (
				<>
					<p>
						{ sprintf(
							/* translators: %s: size such as "2 KB". */
							__( 'Output (%s):', 'triage' ),
							formatBytes( run.output.bytes )
						) }
					</p>
					<pre className="triage-cron-result__output">
						{ run.output.text }
					</pre>
				</>
			) }
		</Notice>
	);
}
