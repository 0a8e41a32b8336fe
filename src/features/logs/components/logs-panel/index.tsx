import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import {
	buildHashRoute,
	parseHashRoute,
} from '../../../../shared/use-hash-route';
import type { LogGroup, LogSeverity } from '../../types';
import { useLogArchive } from '../../use-log-archive';
import { useLogDownload } from '../../use-log-download';
import { useLogSources } from '../../use-log-sources';
import { useLogSummary } from '../../use-log-summary';
import { LIVE_INTERVAL, useLogTail } from '../../use-log-tail';
import LogArchiveModal from '../log-archive-modal';
import LogGroupedView from '../log-grouped-view';
import LogPaths from '../log-paths';
import LogTail from '../log-tail';
import LogsToolbar from '../logs-toolbar';

type View = 'grouped' | 'latest';

/** The grouped view's time window: its length, and the Unix time it starts at (null for all). */
interface TimeWindow {
	hours: number;
	since: number | null;
}

/**
 * The Logs tab: the sources on this server, a log's errors grouped and attributed (or, for server logs,
 * classified by 502 cause), the newest entries with a live tail, Download, and archiving.
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
	const [ timeWindow, setTimeWindow ] = useState< TimeWindow >( {
		hours: 0,
		since: null,
	} );

	const list = sources.data?.sources ?? [];
	const source =
		list.find( ( item ) => item.id === sourceId ) ??
		list.find( ( item ) => item.readable ) ??
		list[ 0 ] ??
		null;
	const usable = source && source.readable ? source.id : null;
	const summary = useLogSummary( usable, timeWindow.since );
	const tail = useLogTail(
		view === 'latest' ? usable : null,
		severity === 'all' ? [] : [ severity ],
		search,
		live
	);
	const download = useLogDownload( source?.id ?? null );
	const archive = useLogArchive( source?.id ?? null, () => {
		setSelected( null );
		summary.restart();
		tail.reload();
		sources.reload();
	} );

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

	const chooseWindow = ( hours: number ) =>
		setTimeWindow( {
			hours,
			since:
				hours === 0
					? null
					: Math.floor( Date.now() / 1000 ) - hours * 3600,
		} );

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
					<LogsToolbar
						sources={ list }
						source={ source }
						isDownloading={ download.isDownloading }
						isRefreshing={ summary.isRunning }
						onChoose={ choose }
						onArchive={ archive.ask }
						onDownload={ download.download }
						onRefresh={ () => {
							sources.reload();
							summary.refresh();
							tail.reload();
						} }
					/>
					{ ! source.readable && (
						<Notice status="warning" isDismissible={ false }>
							{ source.error }
						</Notice>
					) }
					{ download.error && (
						<ErrorNotice
							error={ download.error }
							onRetry={ download.download }
						/>
					) }
					{ archive.archived && (
						<Notice status="success" onRemove={ archive.dismiss }>
							{ sprintf(
								/* translators: %s: archive file name. */
								__(
									'The log was archived as %s and a new empty log started.',
									'triage'
								),
								archive.archived
							) }
						</Notice>
					) }
				</>
			) }
			{ usable && source && (
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
							{ source.kind === 'server'
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
						<LogGroupedView
							kind={ source.kind }
							summary={ summary }
							windowHours={ timeWindow.hours }
							selected={ selected }
							onWindowChange={ chooseWindow }
							onSelect={ setSelected }
						/>
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
			{ archive.isAsking && source && (
				<LogArchiveModal
					source={ source }
					plan={ archive.plan }
					error={ archive.error }
					isBusy={ archive.isArchiving }
					onConfirm={ archive.confirm }
					onCancel={ archive.cancel }
				/>
			) }
			{ sources.data && (
				<LogPaths sources={ list } onSaved={ sources.reload } />
			) }
		</section>
	);
}
