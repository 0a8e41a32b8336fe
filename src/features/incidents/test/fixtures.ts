import type { Incident, Incidents, RecorderState } from '../types';

/** 2026-11-23 00:49:43 UTC, the "now" of these fixtures is 23 minutes later. */
export const START = 1795394983;
export const NOW = START + 23 * 60;

export function incident( overrides: Partial< Incident > = {} ): Incident {
	return {
		id: 'pool_saturated-1795394983',
		cause: 'pool_saturated',
		severity: 'critical',
		title: 'Every PHP worker was busy',
		sentence:
			'3 requests got 502 at 00:49:43 on pool tiny: every PHP worker was busy (pm.max_children = 1)',
		start: START,
		end: START,
		requests: 3,
		statuses: [ { status: 502, count: 3 } ],
		urls: [ '/shop/' ],
		pool: 'tiny',
		server: 'nginx',
		culprit: null,
		evidence: [
			{
				source: 'discovered-web-error-1a2b3c4d',
				label: 'nginx error log',
				path: '/var/log/nginx/lab.error.log',
				at: START,
				lines: [
					'2026/11/23 00:49:43 [error] 12#12: *5 connect() to unix:/run/php/tiny.sock failed (11: Resource temporarily unavailable) while connecting to upstream',
				],
			},
			{
				source: 'discovered-fpm-5e6f7a8b',
				label: 'PHP-FPM log',
				path: '/var/log/php8.2-fpm.log',
				at: START + 1,
				lines: [
					'[23-Nov-2026 00:49:44] WARNING: [pool tiny] server reached pm.max_children setting (1), consider raising it',
				],
			},
			{
				source: 'discovered-web-error-1a2b3c4d',
				label: 'nginx error log',
				path: '/var/log/nginx/lab.error.log',
				at: START + 1,
				lines: [
					'2026/11/23 00:49:44 [error] 12#12: *6 connect() to unix:/run/php/tiny.sock failed (11: Resource temporarily unavailable) while connecting to upstream',
				],
			},
		],
		fix: {
			summary:
				'Raise pm.max_children to 4 (memory allows 6, CPUs 4) and find the slow requests holding workers.',
			steps: [
				'Edit /etc/php/8.2/fpm/pool.d/tiny.conf: pm.max_children = 4',
				'systemctl reload php8.2-fpm',
			],
		},
		certainty: 'certain',
		...overrides,
	};
}

export function payload( overrides: Partial< Incidents > = {} ): Incidents {
	return {
		window: 86400,
		generated_at: NOW,
		took_ms: 42,
		total: 1,
		page: 1,
		per_page: 10,
		incidents: [ incident() ],
		sources: [
			{
				id: 'discovered-web-error-1a2b3c4d',
				label: 'nginx error log',
				path: '/var/log/nginx/lab.error.log',
				role: 'web-error',
				readable: true,
				read_from: NOW - 86400,
				fix: null,
			},
			{
				id: 'discovered-fpm-5e6f7a8b',
				label: 'PHP-FPM log',
				path: '/var/log/php8.2-fpm.log',
				role: 'fpm',
				readable: false,
				read_from: null,
				fix: 'make it 0640 root:adm and add www-data to adm',
			},
		],
		stack: {
			found_from: 'proc',
			web: {
				software: 'nginx',
				pid: 123,
				config: '/srv/lab/etc/nginx/nginx.conf',
				from: 'nginx started with -c /srv/lab/etc/nginx/nginx.conf (pid 123)',
				server_block: {
					file: '/srv/lab/etc/nginx/sites-enabled/lab',
					line: 4,
					listen: [ '127.0.0.1:8080' ],
					server_name: [ 'lab.test' ],
					root: '/srv/lab/wordpress',
					fastcgi_pass: 'unix:/run/php/tiny.sock',
					fastcgi_read_timeout: 60,
					proxy_read_timeout: null,
					error_log: '/var/log/nginx/lab.error.log',
				},
			},
			fpm: {
				pid: 456,
				config: '/srv/lab/etc/php/8.2/fpm/php-fpm.conf',
				from: 'php-fpm: master process (/srv/lab/etc/php/8.2/fpm/php-fpm.conf)',
				pool: {
					name: 'tiny',
					file: '/srv/lab/etc/php/8.2/fpm/pool.d/tiny.conf',
					listen: '/run/php/tiny.sock',
					pm: 'static',
					max_children: 1,
					request_terminate_timeout: null,
					slowlog: null,
					error_log: null,
				},
				pools: [ 'tiny', 'www' ],
			},
			database: { log_error: null, from: 'my.cnf not readable' },
			logs: [
				{
					role: 'fpm',
					software: 'php-fpm',
					path: '/var/log/php8.2-fpm.log',
					from: 'error_log in /srv/lab/etc/php/8.2/fpm/php-fpm.conf line 3',
					readable: false,
					owner: 'root',
					group: 'root',
					mode: '0600',
					fix: 'make it 0640 root:adm and add www-data to adm',
					pool: null,
				},
			],
			notes: [],
		},
		blind_spots: [
			'php8.2-fpm.log is root:root 0600: make it 0640 root:adm and add www-data to adm, or set the pool’s error_log to a file PHP can read',
		],
		...overrides,
	};
}

export function recorder(
	overrides: Partial< RecorderState > = {}
): RecorderState {
	return {
		on: false,
		until: null,
		started: null,
		storage: null,
		markers: 0,
		killed: 0,
		slow: 0,
		fatal: 0,
		blocked: null,
		manual: '',
		choices: [ 60, 360, 1440, 10080 ],
		max_minutes: 10080,
		...overrides,
	};
}
