import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import CopyButton from '../../../../shared/components/copy-button';
import { formatTime } from '../../../../shared/format';
import {
	attributionLabel,
	groupToText,
	seenText,
	severityLabel,
} from '../../log-groups';
import type { LogGroup } from '../../types';

interface Props {
	group: LogGroup;
	onClose: () => void;
}

/**
 * One group in full: where it comes from, how often, and a sample entry with its stack trace.
 *
 * @param props         Component props.
 * @param props.group   Group.
 * @param props.onClose Called to close the detail.
 */
export default function LogDetail( { group, onClose }: Props ) {
	return (
		<Card className="triage-log-detail">
			<CardHeader>
				<h3 className="triage-log-detail__title">
					{ severityLabel( group.severity ) }: { group.message }
				</h3>
				<Button variant="tertiary" onClick={ onClose }>
					{ __( 'Close', 'triage' ) }
				</Button>
			</CardHeader>
			<CardBody>
				<dl className="triage-log-detail__facts">
					{ group.cause && (
						<>
							<dt>{ __( 'Cause', 'triage' ) }</dt>
							<dd>
								<strong>{ group.cause.label }</strong>
								<br />
								{ group.cause.fix }
							</dd>
						</>
					) }
					<dt>{ __( 'Comes from', 'triage' ) }</dt>
					<dd>{ attributionLabel( group.attribution ) }</dd>
					{ group.attribution.file && (
						<>
							<dt>{ __( 'Attributed by', 'triage' ) }</dt>
							<dd>
								<code>{ group.attribution.file }</code>
							</dd>
						</>
					) }
					{ group.file && (
						<>
							<dt>{ __( 'File', 'triage' ) }</dt>
							<dd>
								<code>
									{ group.file }:{ group.line }
								</code>
							</dd>
						</>
					) }
					<dt>{ __( 'Seen', 'triage' ) }</dt>
					<dd>
						{ seenText(
							group.count,
							group.first_seen,
							group.last_seen
						) }
						<span className="triage-log-detail__dates">
							{ sprintf(
								/* translators: 1: first time, 2: last time. */
								__( 'First %1$s, last %2$s', 'triage' ),
								formatTime( group.first_seen ),
								formatTime( group.last_seen )
							) }
						</span>
					</dd>
				</dl>
				<h4>{ __( 'Sample entry', 'triage' ) }</h4>
				<pre className="triage-log-detail__sample" tabIndex={ 0 }>
					{ group.sample }
				</pre>
				{ group.truncated && (
					<p className="triage-log-detail__note">
						{ __(
							'This entry is longer than shown: only its beginning is kept.',
							'triage'
						) }
					</p>
				) }
				<CopyButton
					text={ () => groupToText( group ) }
					label={ __( 'Copy this error', 'triage' ) }
				/>
			</CardBody>
		</Card>
	);
}
