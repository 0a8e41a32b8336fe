import { Button, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import ErrorNotice from '../../../../shared/components/error-notice';
import ProgressBar from '../../../../shared/components/progress-bar';
import type { CronSpawnTest as SpawnResult } from '../../types';
import { SPAWN_TIMEOUT, type SpawnTestState } from '../../use-spawn-test';

interface Props {
	test: SpawnTestState;
}

/**
 * What a failed spawn means, by outcome.
 *
 * @param result The test's answer.
 */
export function spawnAdvice( result: SpawnResult ): string {
	const advice: Record< string, string > = {
		ok: __(
			'WordPress can reach wp-cron.php: page views can spawn cron.',
			'triage'
		),
		auth: __(
			'wp-cron.php asks for a password (HTTP authentication): allow requests from the server itself, or run cron from a system cron job.',
			'triage'
		),
		forbidden: __(
			'A firewall or security rule refuses the request to wp-cron.php: allow the server’s own address, or use a system cron job.',
			'triage'
		),
		not_found: __(
			'wp-cron.php was not found at this address: the site address or a rewrite rule is wrong.',
			'triage'
		),
		redirect: __(
			'wp-cron.php answers with a redirect (http to https, or another host): core’s spawn does not follow it.',
			'triage'
		),
		rate_limited: __(
			'The server rate-limits requests to wp-cron.php.',
			'triage'
		),
		server_error: __(
			'wp-cron.php answered with a server error: see the Logs tab.',
			'triage'
		),
		timeout: __(
			'The request timed out: the server cannot reach itself quickly (DNS, firewall, or all PHP workers busy).',
			'triage'
		),
		tls: __(
			'TLS failed on the request to itself (certificate not trusted by the server, or an old protocol).',
			'triage'
		),
		dns: __( 'The server cannot resolve its own host name.', 'triage' ),
		refused: __(
			'The connection was refused: the server does not listen on the site’s address from the inside.',
			'triage'
		),
		blocked: __(
			'WP_HTTP_BLOCK_EXTERNAL blocks the request: add the site’s host to WP_ACCESSIBLE_HOSTS.',
			'triage'
		),
	};
	return (
		advice[ result.outcome ] ??
		__( 'The request to wp-cron.php failed.', 'triage' )
	);
}

/**
 * The spawn test: a button, a progress bar while the server waits for wp-cron.php, then the answer.
 *
 * @param props      Component props.
 * @param props.test The test's state (useSpawnTest).
 */
export default function CronSpawnTest( { test }: Props ) {
	const { result, error, isRunning, elapsed, start } = test;
	return (
		<div className="triage-cron-spawn">
			<Button
				variant="secondary"
				onClick={ start }
				isBusy={ isRunning }
				disabled={ isRunning }
			>
				{ __( 'Test the loopback spawn', 'triage' ) }
			</Button>
			{ isRunning && (
				<ProgressBar
					label={ __( 'Waiting for wp-cron.php', 'triage' ) }
					value={ Math.min( elapsed, SPAWN_TIMEOUT ) }
					max={ SPAWN_TIMEOUT }
					valueText={ sprintf(
						/* translators: 1: seconds waited, 2: time-out in seconds. */
						__( '%1$d of at most %2$d seconds', 'triage' ),
						elapsed,
						SPAWN_TIMEOUT
					) }
				/>
			) }
			{ error && <ErrorNotice error={ error } onRetry={ start } /> }
			{ result && (
				<Notice
					status={ result.ok ? 'success' : 'error' }
					isDismissible={ false }
				>
					<p>
						{ spawnAdvice( result ) }{ ' ' }
						{ sprintf(
							/* translators: 1: HTTP status or "no answer", 2: milliseconds. */
							__( '(HTTP %1$s in %2$d ms)', 'triage' ),
							result.status === null
								? __( 'no answer', 'triage' )
								: String( result.status ),
							result.duration_ms
						) }
					</p>
					{ ! result.ok && result.message && (
						<p>
							<code>{ result.message }</code>
						</p>
					) }
				</Notice>
			) }
		</div>
	);
}
