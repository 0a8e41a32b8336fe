import type { CheckResult } from '../types';

/**
 * A check result as the REST route returns it.
 *
 * @param overrides Fields to replace.
 */
export function checkFixture(
	overrides: Partial< CheckResult > = {}
): CheckResult {
	return {
		id: 'php_version',
		layer: 'php',
		status: 'good',
		title: 'PHP 8.3.14 is supported',
		evidence: [ { label: 'PHP version', value: '8.3.14' } ],
		why: '',
		fix: '',
		reason: '',
		...overrides,
	};
}

export const FPM_CRITICAL = checkFixture( {
	id: 'fpm_pool',
	status: 'critical',
	title: 'The PHP-FPM pool ran out of workers and requests had to queue',
	evidence: [
		{ label: 'Listen queue', value: '9 now, 40 at most since start' },
	],
	why: 'Each request needs a free PHP-FPM worker.',
	fix: 'In the pool file set pm.max_children = 87.',
} );

export const CRON_WARNING = checkFixture( {
	id: 'cron',
	layer: 'wordpress',
	status: 'warning',
	title: 'wp-cron is not running: events are 2 h 1 min late',
	why: 'Events pile up.',
	fix: 'Add a system cron job.',
} );

export const LOOPBACK_UNKNOWN = checkFixture( {
	id: 'loopback',
	layer: 'web',
	status: 'unknown',
	title: 'The loopback could not run',
	evidence: [],
	reason: 'Requests to the site itself are blocked.',
} );
