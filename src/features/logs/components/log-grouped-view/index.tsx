import { Notice, SelectControl } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import { formatBytes } from '../../../../shared/format';
import type { LogKind, LogGroup } from '../../types';
import type { LogSummaryState } from '../../use-log-summary';
import LogCauses from '../log-causes';
import LogDetail from '../log-detail';
import LogGroupTable from '../log-group-table';

/** Time windows of the grouped view, in hours; 0 is the whole log. */
export const WINDOWS = [ 0, 1, 24, 168 ];

/**
 * A share as a whole percentage for the progress element.
 *
 * @param done  Bytes read.
 * @param total Bytes in all.
 */
export function percent( done: number, total: number ): number {
	if ( total <= 0 ) {
		return 100;
	}
	return Math.min( 100, Math.floor( ( done / total ) * 100 ) );
}

/**
 * A time window in words.
 *
 * @param hours Hours; 0 for the whole log.
 */
export function windowLabel( hours: number ): string {
	if ( hours === 0 ) {
		return __( 'Whole log', 'triage' );
	}
	if ( hours % 24 === 0 ) {
		return sprintf(
			/* translators: %d: number of days. */
			_n( 'Last %d day', 'Last %d days', hours / 24, 'triage' ),
			hours / 24
		);
	}
	return sprintf(
		/* translators: %d: number of hours. */
		_n( 'Last %d hour', 'Last %d hours', hours, 'triage' ),
		hours
	);
}

interface Props {
	kind: LogKind;
	summary: LogSummaryState;
	windowHours: number;
	selected: LogGroup | null;
	onWindowChange: ( hours: number ) => void;
	onSelect: ( group: LogGroup | null ) => void;
}

/**
 * A log read as a whole, within a time window: PHP errors grouped and attributed, or a server log
 * classified by 502 cause, with the reading progress while the slices come in.
 *
 * @param props                Component props.
 * @param props.kind           PHP or server log.
 * @param props.summary        The summary as it is read.
 * @param props.windowHours    Time window in hours; 0 for the whole log.
 * @param props.selected       Group shown in full.
 * @param props.onWindowChange Called with a new window.
 * @param props.onSelect       Opens a group, or closes it with null.
 */
export default function LogGroupedView( {
	kind,
	summary,
	windowHours,
	selected,
	onWindowChange,
	onSelect,
}: Props ) {
	const current = summary.summary;
	return (
		<div className="triage-logs__grouped">
			{ summary.error && (
				<ErrorNotice
					error={ summary.error }
					onRetry={ summary.refresh }
				/>
			) }
			{ ( kind === 'php' || kind === 'server' ) && (
				<div className="triage-logs__window">
					<SelectControl
						__nextHasNoMarginBottom
						label={ __( 'Time window', 'triage' ) }
						value={ String( windowHours ) }
						options={ WINDOWS.map( ( hours ) => ( {
							value: String( hours ),
							label: windowLabel( hours ),
						} ) ) }
						onChange={ ( value: string ) =>
							onWindowChange( Number( value ) )
						}
					/>
				</div>
			) }
			{ summary.isRunning && (
				<div className="triage-logs__progress">
					<label htmlFor="triage-logs-progress">
						{ sprintf(
							/* translators: 1: bytes read, 2: size of the log. */
							__( 'Reading the log: %1$s of %2$s', 'triage' ),
							formatBytes( current?.offset ?? 0 ),
							formatBytes( current?.size ?? 0 )
						) }
					</label>
					<progress
						id="triage-logs-progress"
						max={ 100 }
						value={ percent(
							current?.offset ?? 0,
							current?.size ?? 0
						) }
					/>
				</div>
			) }
			{ current?.reset && (
				<Notice status="info" isDismissible={ false }>
					{ current.reset === 'rotated'
						? __(
								'The log was rotated since it was last read, so it is read again from the start.',
								'triage'
							)
						: __(
								'The log was truncated since it was last read, so it is read again from the start.',
								'triage'
							) }
				</Notice>
			) }
			{ current && current.dropped > 0 && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of entries. */
						__(
							'%d entries belong to more different errors than Triage keeps apart; they are counted but not listed.',
							'triage'
						),
						current.dropped
					) }
				</Notice>
			) }
			{ current && current.kind === 'server' && (
				<LogCauses
					causes={ current.causes }
					partial={ current.partial }
					windowHours={ windowHours }
				/>
			) }
			{ current && current.kind === 'php' && (
				<LogGroupTable
					groups={ current.groups }
					selectedId={ selected?.id ?? null }
					onSelect={ onSelect }
				/>
			) }
			{ selected && (
				<LogDetail
					group={ selected }
					onClose={ () => onSelect( null ) }
				/>
			) }
		</div>
	);
}
