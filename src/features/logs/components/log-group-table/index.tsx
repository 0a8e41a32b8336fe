import { SelectControl, TextControl } from '@wordpress/components';
import { useMemo, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { formatAgo, formatTime } from '../../../../shared/format';
import {
	attributionLabel,
	filterGroups,
	nextSort,
	severityLabel,
	SEVERITY_ORDER,
	shortMessage,
	sortGroups,
	type GroupFilter,
	type GroupSort,
	type GroupSortKey,
} from '../../log-groups';
import type { LogGroup, LogSeverity } from '../../types';

interface Props {
	groups: LogGroup[];
	selectedId: string | null;
	onSelect: ( group: LogGroup ) => void;
}

/**
 * The grouped errors of a log as an accessible table: sortable column headers (buttons, with aria-sort
 * on the header), a severity filter and a text filter, and a count of the rows shown announced to screen
 * readers. WordPress 6.5 has no DataViews, so this is a plain table.
 *
 * @param props            Component props.
 * @param props.groups     Groups from the summary.
 * @param props.selectedId Group shown in the detail, if any.
 * @param props.onSelect   Called when a group is opened.
 */
export default function LogGroupTable( {
	groups,
	selectedId,
	onSelect,
}: Props ) {
	const [ sort, setSort ] = useState< GroupSort >( {
		key: 'count',
		direction: 'descending',
	} );
	const [ filter, setFilter ] = useState< GroupFilter >( {
		severity: 'all',
		search: '',
	} );
	const shown = useMemo(
		() => sortGroups( filterGroups( groups, filter ), sort ),
		[ groups, filter, sort ]
	);
	const present = SEVERITY_ORDER.filter( ( severity ) =>
		groups.some( ( group ) => group.severity === severity )
	);

	const columns: Array< { key: GroupSortKey; label: string } > = [
		{ key: 'severity', label: __( 'Severity', 'triage' ) },
		{ key: 'message', label: __( 'Message', 'triage' ) },
		{ key: 'source', label: __( 'Comes from', 'triage' ) },
		{ key: 'count', label: __( 'Count', 'triage' ) },
		{ key: 'last_seen', label: __( 'Last seen', 'triage' ) },
	];

	return (
		<div className="triage-log-table">
			<div className="triage-log-table__filters">
				<SelectControl
					__nextHasNoMarginBottom
					label={ __( 'Severity', 'triage' ) }
					value={ filter.severity }
					options={ [
						{
							value: 'all',
							label: __( 'All severities', 'triage' ),
						},
						...present.map( ( severity ) => ( {
							value: severity,
							label: severityLabel( severity ),
						} ) ),
					] }
					onChange={ ( value: string ) =>
						setFilter( {
							...filter,
							severity: value as LogSeverity | 'all',
						} )
					}
				/>
				<TextControl
					__nextHasNoMarginBottom
					label={ __( 'Filter by text', 'triage' ) }
					value={ filter.search }
					onChange={ ( value: string ) =>
						setFilter( { ...filter, search: value } )
					}
				/>
			</div>
			<p className="triage-log-table__count" aria-live="polite">
				{ sprintf(
					/* translators: 1: groups shown, 2: all groups. */
					_n(
						'%1$d of %2$d group shown',
						'%1$d of %2$d groups shown',
						groups.length,
						'triage'
					),
					shown.length,
					groups.length
				) }
			</p>
			{ shown.length > 0 ? (
				<div
					className="triage-log-table__scroll"
					role="region"
					aria-label={ __( 'Grouped errors', 'triage' ) }
					// Keyboard users can scroll the table sideways on narrow screens.
					tabIndex={ 0 }
				>
					<table className="widefat striped triage-log-table__table">
						<caption className="screen-reader-text">
							{ __(
								'Errors grouped by message; column headers sort the table.',
								'triage'
							) }
						</caption>
						<thead>
							<tr>
								{ columns.map( ( column ) => {
									const active = sort.key === column.key;
									return (
										<th
											key={ column.key }
											scope="col"
											aria-sort={
												active ? sort.direction : 'none'
											}
											className={ `triage-log-table__col-${ column.key }` }
										>
											<button
												type="button"
												className="triage-log-table__sort"
												onClick={ () =>
													setSort(
														nextSort(
															sort,
															column.key
														)
													)
												}
											>
												{ column.label }
												<span aria-hidden="true">
													{ active &&
														( sort.direction ===
														'ascending'
															? ' ▲'
															: ' ▼' ) }
												</span>
											</button>
										</th>
									);
								} ) }
							</tr>
						</thead>
						<tbody>
							{ shown.map( ( group ) => (
								<tr
									key={ group.id }
									className={
										group.id === selectedId
											? 'is-selected'
											: undefined
									}
								>
									<td>
										<span
											className={ `triage-severity triage-severity--${ group.severity }` }
										>
											{ severityLabel( group.severity ) }
										</span>
									</td>
									<td className="triage-log-table__message">
										<button
											type="button"
											className="triage-log-table__open"
											aria-pressed={
												group.id === selectedId
											}
											onClick={ () => onSelect( group ) }
										>
											{ shortMessage(
												group.message,
												group.file
											) }
										</button>
										{ group.cause && (
											<span className="triage-log-table__cause">
												{ group.cause.label }
											</span>
										) }
										{ group.file && (
											<code className="triage-log-table__file">
												{ group.file }:{ group.line }
											</code>
										) }
									</td>
									<td>
										{ attributionLabel(
											group.attribution
										) }
									</td>
									<td className="triage-log-table__number">
										{ group.count.toLocaleString() }
									</td>
									<td>
										<time
											dateTime={
												group.last_seen === null
													? undefined
													: new Date(
															group.last_seen *
																1000
														).toISOString()
											}
											title={ formatTime(
												group.last_seen
											) }
										>
											{ formatAgo( group.last_seen ) }
										</time>
									</td>
								</tr>
							) ) }
						</tbody>
					</table>
				</div>
			) : (
				<p className="triage-log-table__empty">
					{ groups.length === 0
						? __( 'No errors in this log.', 'triage' )
						: __( 'No groups match these filters.', 'triage' ) }
				</p>
			) }
		</div>
	);
}
