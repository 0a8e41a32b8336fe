import { Button, SelectControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { formatBytes, formatTime } from '../../../../shared/format';
import type { LogSource } from '../../types';

interface Props {
	sources: LogSource[];
	source: LogSource;
	/** The log is being downloaded. */
	isDownloading: boolean;
	isRefreshing: boolean;
	onChoose: ( id: string ) => void;
	onArchive: () => void;
	onDownload: () => void;
	onRefresh: () => void;
}

/**
 * Which log is shown, where it lives, and what can be done with it: download, archive, refresh.
 *
 * @param props               Component props.
 * @param props.sources       Every source, for the picker.
 * @param props.source        The source shown.
 * @param props.isDownloading The log is being downloaded.
 * @param props.isRefreshing  The summary is being read.
 * @param props.onChoose      Called with another source's id.
 * @param props.onArchive     Asks to archive the log.
 * @param props.onDownload    Downloads the log.
 * @param props.onRefresh     Reads the log again.
 */
export default function LogsToolbar( {
	sources,
	source,
	isDownloading,
	isRefreshing,
	onChoose,
	onArchive,
	onDownload,
	onRefresh,
}: Props ) {
	return (
		<div className="triage-logs__source">
			<SelectControl
				__nextHasNoMarginBottom
				label={ __( 'Log', 'triage' ) }
				value={ source.id }
				options={ sources.map( ( item ) => ( {
					value: item.id,
					label:
						item.size === null
							? item.label
							: `${ item.label } (${ formatBytes( item.size ) })`,
				} ) ) }
				onChange={ onChoose }
			/>
			<p className="triage-logs__path">
				<code>{ source.path }</code>
				{ source.modified !== null && (
					<>
						{ ' ' }
						{ sprintf(
							/* translators: %s: date and time. */
							__( 'last written %s', 'triage' ),
							formatTime( source.modified )
						) }
					</>
				) }
			</p>
			<div className="triage-logs__actions">
				{ source.readable && (
					<Button
						variant="secondary"
						onClick={ onDownload }
						isBusy={ isDownloading }
						disabled={ isDownloading }
						accessibleWhenDisabled
					>
						{ __( 'Download', 'triage' ) }
					</Button>
				) }
				{ source.archivable && source.readable && (
					<Button
						variant="secondary"
						isDestructive
						onClick={ onArchive }
					>
						{ __( 'Archive and clear…', 'triage' ) }
					</Button>
				) }
				{ source.readable && (
					<Button
						variant="tertiary"
						onClick={ onRefresh }
						disabled={ isRefreshing }
					>
						{ __( 'Refresh', 'triage' ) }
					</Button>
				) }
			</div>
		</div>
	);
}
