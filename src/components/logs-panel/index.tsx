import { Button, Notice, SelectControl, Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { logDownloadUrl, rotateLog } from '../../api/logs';
import { buildHashRoute, parseHashRoute } from '../../hooks/use-hash-route';
import { useLogSources } from '../../hooks/use-log-sources';
import { useLogSummary } from '../../hooks/use-log-summary';
import { LIVE_INTERVAL, useLogTail } from '../../hooks/use-log-tail';
import type {
	ApiError,
	LogGroup,
	LogRotateResult,
	LogSeverity,
} from '../../types';
import { formatBytes } from '../../utils/format';
import { formatLogTime } from '../../utils/log-groups';
import ErrorNotice from '../error-notice';
import LogCauses from '../log-causes';
import LogClearModal from '../log-clear-modal';
import LogDetail from '../log-detail';
import LogGroupTable from '../log-group-table';
import LogPaths from '../log-paths';
import LogTail from '../log-tail';

type View = 'grouped' | 'latest';

/** Time windows of the grouped view, in hours; 0 is the whole log. */
const WINDOWS = [ 0, 1, 24, 168 ];

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

/**
 * The Logs tab: the sources on this server, a log's errors grouped and attributed (or, for server logs,
 * classified by 502 cause), the newest entries with a live tail, Download, and Clear that archives.
 */
export default function LogsPanel() {
	const sources = useLogSources();
	const [ sourceId, setSourceId ] = useState< string | null >( () =>
		parseHashRoute( window.location.hash ).params.get( 'source' )
	);
	const [ view, setView ] = useState< View >( 'grouped' );
	const [ selected, setSelected ] = useState< LogGroup | null >( null );
	const [ live, setLive ] = useState( false );
	const [ severity, setSeverity ] = useState< LogSeverity | 'all' >( 'all' );
	const [ search, setSearch ] = useState( '' );
	const [ clearing, setClearing ] = useState( false );
	const [ plan, setPlan ] = useState< LogRotateResult | null >( null );
	const [ clearError, setClearError ] = useState< ApiError | null >( null );
	const [ isArchiving, setIsArchiving ] = useState( false );
	const [ archived, setArchived ] = useState< string | null >( null );
	const [ windowHours, setWindowHours ] = useState( 0 );
	const [ since, setSince ] = useState< number | null >( null );

	const list = sources.data?.sources ?? [];
	const source =
		list.find( ( item ) => item.id === sourceId ) ??
		list.find( ( item ) => item.readable ) ??
		list[ 0 ] ??
		null;
	const usable = source && source.readable ? source.id : null;
	const summary = useLogSummary( usable, since );
	const tail = useLogTail(
		view === 'latest' ? usable : null,
		severity === 'all' ? [] : [ severity ],
		search,
		live
	);

	useEffect( () => {
		setSelected( null );
	}, [ usable ] );

	const choose = ( id: string ) => {
		setSourceId( id );
		window.history.replaceState(
			null,
			'',
			buildHashRoute( 'logs', { source: id } )
		);
	};

	const openClear = () => {
		if ( ! source ) {
			return;
		}
		setClearing( true );
		setPlan( null );
		setClearError( null );
		rotateLog( source.id, true ).then( setPlan, setClearError );
	};

	const confirmClear = () => {
		if ( ! source ) {
			return;
		}
		setIsArchiving( true );
		rotateLog( source.id, false )
			.then( ( result ) => {
				setClearing( false );
				setArchived( result.archive );
				setSelected( null );
				summary.restart();
				tail.reload();
				sources.reload();
			}, setClearError )
			.finally( () => setIsArchiving( false ) );
	};

	const downloadUrl = source?.readable ? logDownloadUrl( source.id ) : null;
	const current = summary.summary;

	return (
		<section className="triage-logs" aria-labelledby="triage-logs-title">
			<h2 id="triage-logs-title">
				{ sources.data
					? sprintf(
							/* translators: %s: server host name. */
							__( 'Logs on %s', 'triage' ),
							sources.data.host
						)
					: __( 'Logs', 'triage' ) }
			</h2>
			{ sources.error && (
				<ErrorNotice
					error={ sources.error }
					onRetry={ sources.reload }
				/>
			) }
			{ sources.isLoading && ! sources.data && <Spinner /> }
			{ sources.data && list.length === 0 && (
				<Notice status="info" isDismissible={ false }>
					{ __(
						'No log file was found: WP_DEBUG_LOG is off, PHP has no error_log file and no server log is readable at the usual places.',
						'triage'
					) }
				</Notice>
			) }
			{ source && (
				<>
					<div className="triage-logs__source">
						<SelectControl
							__nextHasNoMarginBottom
							label={ __( 'Log', 'triage' ) }
							value={ source.id }
							options={ list.map( ( item ) => ( {
								value: item.id,
								label:
									item.size === null
										? item.label
										: `${ item.label } (${ formatBytes( item.size ) })`,
							} ) ) }
							onChange={ choose }
						/>
						<p className="triage-logs__path">
							<code>{ source.path }</code>
							{ source.modified !== null && (
								<>
									{ ' ' }
									{ sprintf(
										/* translators: %s: date and time. */
										__( 'last written %s', 'triage' ),
										formatLogTime( source.modified )
									) }
								</>
							) }
						</p>
						<div className="triage-logs__actions">
							{ downloadUrl && (
								<Button
									variant="secondary"
									href={ downloadUrl }
								>
									{ __( 'Download', 'triage' ) }
								</Button>
							) }
							{ source.rotatable && source.readable && (
								<Button
									variant="secondary"
									isDestructive
									onClick={ openClear }
								>
									{ __( 'Clear…', 'triage' ) }
								</Button>
							) }
							{ source.readable && (
								<Button
									variant="tertiary"
									onClick={ () => {
										sources.reload();
										summary.refresh();
										tail.reload();
									} }
									disabled={ summary.isRunning }
								>
									{ __( 'Refresh', 'triage' ) }
								</Button>
							) }
						</div>
					</div>
					{ ! source.readable && (
						<Notice status="warning" isDismissible={ false }>
							{ source.error }
						</Notice>
					) }
					{ archived && (
						<Notice
							status="success"
							onRemove={ () => setArchived( null ) }
						>
							{ sprintf(
								/* translators: %s: archive file name. */
								__(
									'The log was archived as %s and a new empty log started.',
									'triage'
								),
								archived
							) }
						</Notice>
					) }
				</>
			) }
			{ usable && (
				<>
					<div
						className="triage-logs__views"
						role="group"
						aria-label={ __( 'View', 'triage' ) }
					>
						<Button
							variant={
								view === 'grouped' ? 'primary' : 'secondary'
							}
							aria-pressed={ view === 'grouped' }
							onClick={ () => setView( 'grouped' ) }
						>
							{ source?.kind === 'server'
								? __( 'Causes', 'triage' )
								: __( 'Grouped', 'triage' ) }
						</Button>
						<Button
							variant={
								view === 'latest' ? 'primary' : 'secondary'
							}
							aria-pressed={ view === 'latest' }
							onClick={ () => setView( 'latest' ) }
						>
							{ __( 'Latest entries', 'triage' ) }
						</Button>
					</div>
					{ view === 'grouped' && (
						<div className="triage-logs__grouped">
							{ summary.error && (
								<ErrorNotice
									error={ summary.error }
									onRetry={ summary.refresh }
								/>
							) }
							{ source?.kind === 'php' && (
								<div className="triage-logs__window">
									<SelectControl
										__nextHasNoMarginBottom
										label={ __( 'Time window', 'triage' ) }
										value={ String( windowHours ) }
										options={ WINDOWS.map( ( hours ) => ( {
											value: String( hours ),
											label: windowLabel( hours ),
										} ) ) }
										onChange={ ( value: string ) => {
											const hours = Number( value );
											setWindowHours( hours );
											setSince(
												hours === 0
													? null
													: Math.floor(
															Date.now() / 1000
														) -
															hours * 3600
											);
										} }
									/>
								</div>
							) }
							{ summary.isRunning && (
								<div className="triage-logs__progress">
									<label htmlFor="triage-logs-progress">
										{ sprintf(
											/* translators: 1: bytes read, 2: size of the log. */
											__(
												'Reading the log: %1$s of %2$s',
												'triage'
											),
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
								<Notice
									status="warning"
									isDismissible={ false }
								>
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
								/>
							) }
							{ current && current.kind === 'php' && (
								<LogGroupTable
									groups={ current.groups }
									selectedId={ selected?.id ?? null }
									onSelect={ setSelected }
								/>
							) }
							{ selected && (
								<LogDetail
									group={ selected }
									onClose={ () => setSelected( null ) }
								/>
							) }
						</div>
					) }
					{ view === 'latest' && (
						<>
							{ tail.error && (
								<ErrorNotice
									error={ tail.error }
									onRetry={ tail.reload }
								/>
							) }
							<LogTail
								entries={ tail.entries }
								isLoading={ tail.isLoading }
								incomplete={ tail.incomplete }
								hasOlder={ tail.hasOlder }
								live={ live }
								liveInterval={ LIVE_INTERVAL }
								severity={ severity }
								search={ search }
								onLiveChange={ setLive }
								onSeverityChange={ setSeverity }
								onSearchChange={ setSearch }
								onLoadOlder={ tail.loadOlder }
							/>
						</>
					) }
				</>
			) }
			{ clearing && source && (
				<LogClearModal
					source={ source }
					plan={ plan }
					error={ clearError }
					isBusy={ isArchiving }
					onConfirm={ confirmClear }
					onCancel={ () => setClearing( false ) }
				/>
			) }
			{ sources.data && (
				<LogPaths sources={ list } onSaved={ sources.reload } />
			) }
		</section>
	);
}
