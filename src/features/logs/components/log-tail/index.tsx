import {
	Button,
	SelectControl,
	Spinner,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { formatTime } from '../../../../shared/format';
import {
	attributionLabel,
	severityLabel,
	SEVERITY_ORDER,
} from '../../log-groups';
import type { LogEntry, LogSeverity } from '../../types';

interface Props {
	entries: LogEntry[];
	isLoading: boolean;
	incomplete: boolean;
	hasOlder: boolean;
	live: boolean;
	severity: LogSeverity | 'all';
	search: string;
	liveInterval: number;
	onLiveChange: ( live: boolean ) => void;
	onSeverityChange: ( severity: LogSeverity | 'all' ) => void;
	onSearchChange: ( search: string ) => void;
	onLoadOlder: () => void;
}

/**
 * The newest entries, newest first; each opens to its full text (stack trace included). Live mode polls.
 *
 * @param props                  Component props.
 * @param props.entries          Entries.
 * @param props.isLoading        A request is in flight.
 * @param props.incomplete       The server stopped at a scan bound.
 * @param props.hasOlder         Older entries exist.
 * @param props.live             Live tail is on.
 * @param props.severity         Severity filter.
 * @param props.search           Text filter.
 * @param props.liveInterval     Seconds between polls.
 * @param props.onLiveChange     Live toggle.
 * @param props.onSeverityChange Severity filter change.
 * @param props.onSearchChange   Text filter change.
 * @param props.onLoadOlder      Loads the next page.
 */
export default function LogTail( {
	entries,
	isLoading,
	incomplete,
	hasOlder,
	live,
	severity,
	search,
	liveInterval,
	onLiveChange,
	onSeverityChange,
	onSearchChange,
	onLoadOlder,
}: Props ) {
	return (
		<div className="triage-log-tail">
			<div className="triage-log-table__filters">
				<SelectControl
					__nextHasNoMarginBottom
					label={ __( 'Severity', 'triage' ) }
					value={ severity }
					options={ [
						{
							value: 'all',
							label: __( 'All severities', 'triage' ),
						},
						...SEVERITY_ORDER.map( ( value ) => ( {
							value,
							label: severityLabel( value ),
						} ) ),
					] }
					onChange={ ( value: string ) =>
						onSeverityChange( value as LogSeverity | 'all' )
					}
				/>
				<TextControl
					__nextHasNoMarginBottom
					label={ __( 'Search', 'triage' ) }
					value={ search }
					onChange={ onSearchChange }
				/>
				<ToggleControl
					__nextHasNoMarginBottom
					label={ sprintf(
						/* translators: %d: seconds between refreshes. */
						__( 'Live tail (refreshes every %d s)', 'triage' ),
						liveInterval
					) }
					checked={ live }
					onChange={ onLiveChange }
				/>
			</div>
			{ entries.length === 0 && ! isLoading && (
				<p>{ __( 'No entries to show.', 'triage' ) }</p>
			) }
			<ol className="triage-log-tail__list" aria-busy={ isLoading }>
				{ entries.map( ( entry ) => (
					<li key={ entry.offset } className="triage-log-tail__entry">
						<details>
							<summary>
								<span
									className={ `triage-severity triage-severity--${ entry.severity }` }
								>
									{ severityLabel( entry.severity ) }
								</span>{ ' ' }
								<time className="triage-log-tail__time">
									{ formatTime( entry.time ) }
								</time>{ ' ' }
								<span className="triage-log-tail__message">
									{ entry.message }
								</span>
							</summary>
							<p>{ attributionLabel( entry.attribution ) }</p>
							<pre
								className="triage-log-tail__text"
								tabIndex={ 0 }
							>
								{ entry.text }
							</pre>
							{ entry.truncated && (
								<p className="triage-log-detail__note">
									{ sprintf(
										/* translators: %d: size of the entry in bytes. */
										__(
											'This entry has %d bytes: only its beginning is shown.',
											'triage'
										),
										entry.bytes
									) }
								</p>
							) }
						</details>
					</li>
				) ) }
			</ol>
			{ isLoading && <Spinner /> }
			{ incomplete && (
				<p className="triage-log-detail__note">
					{ __(
						'Reading stopped at its limit for one request (very long entries): load older entries to continue.',
						'triage'
					) }
				</p>
			) }
			{ hasOlder && (
				<Button
					variant="secondary"
					onClick={ onLoadOlder }
					disabled={ isLoading }
				>
					{ __( 'Load older entries', 'triage' ) }
				</Button>
			) }
		</div>
	);
}
