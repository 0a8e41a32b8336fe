import { Button, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import ErrorNotice from '../../../../shared/components/error-notice';
import { formatBytes, formatDuration } from '../../../../shared/format';
import type { ResourceState } from '../../../../shared/use-resource';
import { sourceLabel } from '../../model';
import type { CronFix, CronHeartbeat, CronSchedule } from '../../types';

interface Props {
	schedule: CronSchedule | null;
	heartbeat: ResourceState< CronHeartbeat >;
	fix: ResourceState< CronFix >;
	onReleaseLock: () => void;
	canChange: boolean;
}

const VERDICT_STATUS = {
	running: 'success',
	waiting: 'info',
	stopped: 'error',
} as const;

/**
 * The top of the Cron tab: the heartbeat's verdict (is cron really running, and run by what), the totals
 * over the whole schedule, the lock, and this site's system cron lines when cron is late or stopped.
 *
 * @param props               Component props.
 * @param props.schedule      The schedule page (totals, lock, constants), once loaded.
 * @param props.heartbeat     The heartbeat resource.
 * @param props.fix           The system cron lines resource.
 * @param props.onReleaseLock Asks to release the lock.
 * @param props.canChange     Whether to offer the release.
 */
export default function CronSummary( {
	schedule,
	heartbeat,
	fix,
	onReleaseLock,
	canChange,
}: Props ) {
	const verdict = heartbeat.data;
	const totals = schedule?.totals;
	const lock = schedule?.lock;
	const showFix =
		!! fix.data &&
		( verdict?.state === 'stopped' || ( totals?.oldest_late ?? 0 ) > 3600 );
	return (
		<section
			className="triage-cron-summary"
			aria-label={ __( 'Cron status', 'triage' ) }
		>
			{ heartbeat.error && (
				<ErrorNotice
					error={ heartbeat.error }
					onRetry={ heartbeat.reload }
				/>
			) }
			{ verdict && (
				<Notice
					status={ VERDICT_STATUS[ verdict.state ] }
					isDismissible={ false }
					className="triage-cron-summary__verdict"
				>
					<p>
						<strong>{ __( 'Heartbeat:', 'triage' ) }</strong>{ ' ' }
						{ verdict.summary }
					</p>
					{ verdict.last_run !== null && verdict.last_source && (
						<p>
							{ sprintf(
								/* translators: 1: how long ago, 2: what ran it. */
								__( 'Last run %1$s ago, by %2$s.', 'triage' ),
								formatDuration( verdict.last_age ?? 0 ),
								sourceLabel( verdict.last_source )
							) }
						</p>
					) }
				</Notice>
			) }
			{ totals && schedule && (
				<dl className="triage-cron-summary__totals">
					<div>
						<dt>{ __( 'Events', 'triage' ) }</dt>
						<dd>{ totals.events }</dd>
					</div>
					<div className={ totals.overdue ? 'is-warning' : '' }>
						<dt>{ __( 'Overdue', 'triage' ) }</dt>
						<dd>{ totals.overdue }</dd>
					</div>
					<div>
						<dt>{ __( 'Most late', 'triage' ) }</dt>
						<dd>
							{ totals.oldest_late
								? formatDuration( totals.oldest_late )
								: '—' }
						</dd>
					</div>
					<div>
						<dt>{ __( 'Orphans', 'triage' ) }</dt>
						<dd>{ totals.orphans }</dd>
					</div>
					<div>
						<dt>{ __( 'Duplicates', 'triage' ) }</dt>
						<dd>{ totals.duplicates }</dd>
					</div>
					<div>
						<dt>{ __( 'Under a minute', 'triage' ) }</dt>
						<dd>{ totals.too_frequent }</dd>
					</div>
					<div>
						<dt>{ __( 'Hooks', 'triage' ) }</dt>
						<dd>{ totals.hooks }</dd>
					</div>
					<div>
						<dt>{ __( 'cron option', 'triage' ) }</dt>
						<dd>{ formatBytes( schedule.option.bytes ) }</dd>
					</div>
					<div>
						<dt>DISABLE_WP_CRON</dt>
						<dd>
							{ schedule.constants.disable_wp_cron
								? __( 'yes', 'triage' )
								: __( 'no', 'triage' ) }
						</dd>
					</div>
					<div>
						<dt>ALTERNATE_WP_CRON</dt>
						<dd>
							{ schedule.constants.alternate_wp_cron
								? __( 'yes', 'triage' )
								: __( 'no', 'triage' ) }
						</dd>
					</div>
				</dl>
			) }
			{ schedule && ! schedule.option.readable && (
				<Notice status="error" isDismissible={ false }>
					{ __(
						'The cron option is not a list of events (missing or damaged): WordPress rebuilds it as plugins schedule their events again.',
						'triage'
					) }
				</Notice>
			) }
			{ schedule && schedule.totals.malformed > 0 && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of damaged entries. */
						__(
							'%d entries of the cron option could not be read as events; WordPress skips them.',
							'triage'
						),
						schedule.totals.malformed
					) }
				</Notice>
			) }
			{ lock && lock.state !== 'none' && (
				<div className="triage-cron-summary__lock">
					<p>
						{ sprintf(
							/* translators: 1: lock state (held, stuck...), 2: age. */
							__(
								'The doing_cron lock is %1$s (taken %2$s ago).',
								'triage'
							),
							lockStateLabel( lock.state ),
							formatDuration( Math.max( 0, lock.age ?? 0 ) )
						) }
					</p>
					{ canChange && (
						<Button variant="secondary" onClick={ onReleaseLock }>
							{ __( 'Release lock…', 'triage' ) }
						</Button>
					) }
				</div>
			) }
			{ showFix && fix.data && (
				<div className="triage-cron-summary__fix">
					<p>
						{ __(
							'Run cron from the server instead of page views: add this line to wp-config.php and one of these to the crontab.',
							'triage'
						) }
					</p>
					{ [ fix.data.config, fix.data.wp_cli, fix.data.curl ].map(
						( line ) => (
							<div
								key={ line }
								className="triage-cron-summary__line"
							>
								<code>{ line }</code>
								<CopyButton
									text={ () => line }
									label={ __( 'Copy line', 'triage' ) }
								/>
							</div>
						)
					) }
				</div>
			) }
		</section>
	);
}

/**
 * A lock state in words.
 *
 * @param state Lock state.
 */
function lockStateLabel( state: string ): string {
	const labels: Record< string, string > = {
		held: __( 'held by a run in progress', 'triage' ),
		expired: __( 'expired', 'triage' ),
		stuck: __( 'stuck', 'triage' ),
		future: __( 'set in the future', 'triage' ),
		invalid: __( 'not a time', 'triage' ),
	};
	return labels[ state ] ?? state;
}
