import { Notice, Spinner } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import { useCronAction } from '../../use-cron-action';
import { useCronSchedule } from '../../use-cron-schedule';
import { useCronStatus } from '../../use-cron-status';
import { useSpawnTest } from '../../use-spawn-test';
import CronConfirm from '../cron-confirm';
import CronFilters from '../cron-filters';
import CronPagination from '../cron-pagination';
import CronResult from '../cron-result';
import CronSpawnTest from '../cron-spawn-test';
import CronSummary from '../cron-summary';
import CronTable from '../cron-table';

/**
 * The Cron tab: is cron running (heartbeat, spawn test), what is scheduled and stuck (the table), and the
 * actions on events and the lock, each confirmed first.
 */
export default function CronTab() {
	const schedule = useCronSchedule();
	const { heartbeat, fix } = useCronStatus();
	const spawn = useSpawnTest();
	const action = useCronAction( () => {
		schedule.reload();
		heartbeat.reload();
	} );
	const data = schedule.schedule;

	return (
		<div className="triage-cron">
			<h2>{ __( 'Scheduled events (wp-cron)', 'triage' ) }</h2>
			<CronSummary
				schedule={ data }
				heartbeat={ heartbeat }
				fix={ fix }
				onReleaseLock={ () => action.ask( { kind: 'lock' } ) }
				canChange
			/>
			<CronSpawnTest test={ spawn } />
			{ action.result && (
				<CronResult
					result={ action.result }
					onDismiss={ action.dismissResult }
				/>
			) }
			<CronFilters
				filters={ schedule.filters }
				onChange={ schedule.setFilters }
			/>
			<Notice
				status="info"
				isDismissible={ false }
				className="triage-cron__orphan-note"
			>
				{ __(
					'An orphan is an event with no callback hooked to it while this page loads. A plugin that adds its callback only inside wp-cron.php looks orphaned here too: check the hook before deleting it.',
					'triage'
				) }
			</Notice>
			{ schedule.error && (
				<ErrorNotice
					error={ schedule.error }
					onRetry={ schedule.reload }
				/>
			) }
			<p className="triage-cron__count" aria-live="polite">
				{ schedule.isLoading && <Spinner /> }
				{ data &&
					sprintf(
						/* translators: 1: events matching the filters, 2: all events. */
						_n(
							'%1$d of %2$d event matches',
							'%1$d of %2$d events match',
							data.totals.events,
							'triage'
						),
						data.total,
						data.totals.events
					) }
			</p>
			{ data && data.events.length > 0 && (
				<CronTable
					events={ data.events }
					sort={ schedule.sort }
					onSort={ schedule.setSort }
					onRun={ ( event ) => action.ask( { kind: 'run', event } ) }
					onDelete={ ( event ) =>
						action.ask( { kind: 'delete', event } )
					}
				/>
			) }
			{ data && (
				<CronPagination
					page={ data.page }
					totalPages={ data.total_pages }
					onChange={ schedule.setPage }
				/>
			) }
			{ action.pending && (
				<CronConfirm
					action={ action.pending }
					needsForce={ action.needsForce }
					isBusy={ action.isBusy }
					error={ action.error }
					onConfirm={ action.confirm }
					onCancel={ action.cancel }
				/>
			) }
		</div>
	);
}
