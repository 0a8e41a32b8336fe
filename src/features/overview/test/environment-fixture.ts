import type { Environment } from '../types';

/**
 * A realistic environment as the REST route returns it (nginx + PHP-FPM host).
 *
 * @param overrides Fields to replace.
 */
export function environmentFixture(
	overrides: Partial< Environment > = {}
): Environment {
	return {
		wordpress_version: '6.5.5',
		php_version: '8.2.36',
		php_sapi: 'fpm-fcgi',
		server_software: 'nginx/1.22.1',
		host_name: 'web-1',
		is_multisite: false,
		memory_limit: { value: '256M', bytes: 268435456, unlimited: false },
		wp_memory_limit: { value: '40M', bytes: 41943040, unlimited: false },
		wp_max_memory_limit: {
			value: '256M',
			bytes: 268435456,
			unlimited: false,
		},
		peak_memory_bytes: 4194304,
		max_execution_time: 30,
		debug: {
			wp_debug: true,
			wp_debug_log: true,
			wp_debug_display: false,
			log_errors: true,
			log_file: '/var/www/wp-content/debug.log',
			log_file_expected: '/var/www/wp-content/debug.log',
			log_file_source: 'wp_debug_log',
		},
		maintenance: { exists: false, age_seconds: null },
		...overrides,
	};
}
