import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import {
	ariaSort,
	canDelete,
	lateLabel,
	nextSort,
	ownerLabel,
	recurrenceLabel,
	type CronSort,
	type CronSortKey,
} from '../../model';
import type { CronEvent } from '../../types';

interface Props {
	events: CronEvent[];
	sort: CronSort;
	onSort: ( sort: CronSort ) => void;
	onRun: ( event: CronEvent ) => void;
	onDelete: ( event: CronEvent ) => void;
	/** False when the user may only look (no run or delete buttons). */
	canChange?: boolean;
}

/**
 * One page of scheduled events: sortable headers (buttons, aria-sort on the header), overdue rows marked
 * in words and colour, who owns each callback, and per-row actions. Only orphaned or duplicate events
 * offer Delete: deleting a healthy event would silently stop its plugin's work.
 *
 * @param props           Component props.
 * @param props.events    Events of the page.
 * @param props.sort      Current sort.
 * @param props.onSort    Called with the new sort.
 * @param props.onRun     Called to run an event now (asks first).
 * @param props.onDelete  Called to delete an event (asks first).
 * @param props.canChange Whether to offer the actions.
 */
export default function CronTable( {
	events,
	sort,
	onSort,
	onRun,
	onDelete,
	canChange = true,
}: Props ) {
	const sortable: Array< { key: CronSortKey; label: string } > = [
		{ key: 'hook', label: __( 'Hook', 'triage' ) },
		{ key: 'timestamp', label: __( 'Next run', 'triage' ) },
		{ key: 'late', label: __( 'Late', 'triage' ) },
	];
	return (
		<div
			className="triage-cron-table__scroll"
			role="region"
			aria-label={ __( 'Scheduled events', 'triage' ) }
			// Keyboard users can scroll the table sideways on narrow screens.
			tabIndex={ 0 }
		>
			<table className="widefat striped triage-cron-table">
				<caption className="screen-reader-text">
					{ __(
						'Scheduled events; the Hook, Next run and Late headers sort the table.',
						'triage'
					) }
				</caption>
				<thead>
					<tr>
						{ sortable.map( ( column ) => (
							<th
								key={ column.key }
								scope="col"
								aria-sort={ ariaSort( sort, column.key ) }
							>
								<button
									type="button"
									className="triage-cron-table__sort"
									onClick={ () =>
										onSort( nextSort( sort, column.key ) )
									}
								>
									{ column.label }
									<span aria-hidden="true">
										{ sort.key === column.key &&
											( sort.order === 'asc'
												? ' ▲'
												: ' ▼' ) }
									</span>
								</button>
							</th>
						) ) }
						<th scope="col">{ __( 'Recurrence', 'triage' ) }</th>
						<th scope="col">{ __( 'Owner', 'triage' ) }</th>
						<th scope="col">{ __( 'Arguments', 'triage' ) }</th>
						<th scope="col">{ __( 'Actions', 'triage' ) }</th>
					</tr>
				</thead>
				<tbody>
					{ events.map( ( event ) => (
						<CronRow
							key={ event.id }
							event={ event }
							onRun={ onRun }
							onDelete={ onDelete }
							canChange={ canChange }
						/>
					) ) }
				</tbody>
			</table>
		</div>
	);
}

interface RowProps {
	event: CronEvent;
	onRun: ( event: CronEvent ) => void;
	onDelete: ( event: CronEvent ) => void;
	canChange: boolean;
}

/**
 * One event.
 *
 * @param props           Component props.
 * @param props.event     Event.
 * @param props.onRun     Run it.
 * @param props.onDelete  Delete it.
 * @param props.canChange Offer the actions.
 */
function CronRow( { event, onRun, onDelete, canChange }: RowProps ) {
	const when = new Date( event.timestamp * 1000 );
	return (
		<tr className={ event.overdue ? 'is-overdue' : undefined }>
			<td className="triage-cron-table__hook">
				<code>{ event.hook }</code>
				<span className="triage-cron-table__badges">
					{ event.orphan && (
						<span className="triage-badge triage-badge--warning">
							{ __( 'Orphan', 'triage' ) }
						</span>
					) }
					{ event.duplicate && (
						<span className="triage-badge triage-badge--warning">
							{ sprintf(
								/* translators: %d: number of copies. */
								__( 'Duplicate ×%d', 'triage' ),
								event.copies
							) }
						</span>
					) }
					{ event.too_frequent && (
						<span className="triage-badge triage-badge--warning">
							{ __( 'Under a minute', 'triage' ) }
						</span>
					) }
				</span>
			</td>
			<td>
				<time
					dateTime={ event.next_run_utc }
					title={ event.next_run_utc }
				>
					{ when.toLocaleString() }
				</time>
				<span className="triage-cron-table__site-time">
					{ sprintf(
						/* translators: %s: date and time in the site's time zone. */
						__( 'Site time: %s', 'triage' ),
						event.next_run_local.replace( 'T', ' ' )
					) }
				</span>
			</td>
			<td>
				{ event.overdue ? (
					<span className="triage-cron-table__late">
						{ lateLabel( event ) }
					</span>
				) : (
					lateLabel( event )
				) }
			</td>
			<td>{ recurrenceLabel( event ) }</td>
			<td>
				{ event.orphan ? (
					<em>{ __( 'No callback', 'triage' ) }</em>
				) : (
					<ul className="triage-cron-table__owners">
						{ event.owners.map( ( owner ) => (
							<li key={ owner }>{ ownerLabel( owner ) }</li>
						) ) }
					</ul>
				) }
			</td>
			<td>
				<code className="triage-cron-table__args">
					{ event.args.preview }
				</code>
			</td>
			<td className="triage-cron-table__actions">
				{ canChange && (
					<>
						<Button
							variant="secondary"
							onClick={ () => onRun( event ) }
							label={ sprintf(
								/* translators: %s: hook name. The visible "Run now" must stay in the name. */
								__( 'Run now: %s', 'triage' ),
								event.hook
							) }
							showTooltip={ false }
						>
							{ __( 'Run now', 'triage' ) }
						</Button>
						{ canDelete( event ) && (
							<Button
								variant="secondary"
								isDestructive
								onClick={ () => onDelete( event ) }
								label={ sprintf(
									/* translators: %s: hook name. The visible "Delete" must stay in the name. */
									__( 'Delete: %s', 'triage' ),
									event.hook
								) }
								showTooltip={ false }
							>
								{ __( 'Delete', 'triage' ) }
							</Button>
						) }
					</>
				) }
			</td>
		</tr>
	);
}
