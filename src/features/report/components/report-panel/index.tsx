import {
	Button,
	CheckboxControl,
	SelectControl,
	Spinner,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import ErrorNotice from '../../../../shared/components/error-notice';
import { saveFile } from '../../../../shared/save-file';
import { previewText, reportFileName } from '../../api';
import type { ReportFormat } from '../../types';
import { useReport } from '../../use-report';

/**
 * The Report tab: one redacted document for a hosting ticket. The preview, the copy and the download are
 * the same answer of GET /report (fetched through apiFetch, so the REST nonce stays in a header).
 */
export default function ReportPanel() {
	const [ format, setFormat ] = useState< ReportFormat >( 'md' );
	const [ fullPaths, setFullPaths ] = useState( false );
	const { report, error, isLoading, reload } = useReport( format, fullPaths );
	const shown = report && report.format === format ? report : null;

	return (
		<section
			className="triage-report"
			aria-labelledby="triage-report-title"
		>
			<h2 id="triage-report-title">
				{ __( 'Support report', 'triage' ) }
			</h2>
			<p>
				{ __(
					'One document for a hosting ticket: environment, health verdicts, the newest log errors with the plugin or theme they come from, debug and safe mode, plugins and theme with versions and recent updates, cron and maintenance. Passwords, keys and every other wp-config.php value (except debug and limit settings), cookies, nonces, tokens, e-mail addresses and visitors’ IP addresses are left out.',
					'triage'
				) }
			</p>
			<div className="triage-report__controls">
				<SelectControl
					label={ __( 'Format', 'triage' ) }
					value={ format }
					options={ [
						{
							label: __( 'Markdown (for a ticket)', 'triage' ),
							value: 'md',
						},
						{
							label: __( 'JSON (for tools)', 'triage' ),
							value: 'json',
						},
					] }
					onChange={ ( value ) => setFormat( value as ReportFormat ) }
					__nextHasNoMarginBottom
				/>
				<CheckboxControl
					label={ __(
						'Show full paths (otherwise relative to the site root)',
						'triage'
					) }
					checked={ fullPaths }
					onChange={ setFullPaths }
					__nextHasNoMarginBottom
				/>
			</div>
			{ error && <ErrorNotice error={ error } onRetry={ reload } /> }
			<div className="triage-report__actions">
				<CopyButton
					label={ __( 'Copy', 'triage' ) }
					text={ () => shown?.text ?? '' }
				/>
				<Button
					variant="primary"
					disabled={ ! shown || isLoading }
					onClick={ () => {
						if ( shown ) {
							saveFile(
								new Blob( [ shown.text ], {
									type:
										format === 'md'
											? 'text/markdown;charset=utf-8'
											: 'application/json;charset=utf-8',
								} ),
								reportFileName(
									window.location.hostname,
									format,
									new Date()
								)
							);
						}
					} }
				>
					{ __( 'Download', 'triage' ) }
				</Button>
				<Button
					variant="tertiary"
					onClick={ reload }
					disabled={ isLoading }
				>
					{ __( 'Refresh', 'triage' ) }
				</Button>
				{ isLoading && (
					<span role="status">
						<Spinner /> { __( 'Building the report…', 'triage' ) }
					</span>
				) }
			</div>
			{ shown && (
				<pre
					className="triage-report__preview"
					aria-label={ __( 'Report preview', 'triage' ) }
					// The preview scrolls, so it takes keyboard focus (axe: scrollable-region-focusable).
					tabIndex={ 0 }
				>
					{ previewText( shown ) }
				</pre>
			) }
		</section>
	);
}
