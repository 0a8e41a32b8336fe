import type { DebugChange, DebugState } from '../types';

/**
 * A debug state as the REST route returns it for a default install.
 *
 * @param overrides Fields to replace.
 */
export function debugStateFixture(
	overrides: Partial< DebugState > = {}
): DebugState {
	return {
		file: {
			found: true,
			path: '/var/www/html/wp-config.php',
			real_path: '/var/www/html/wp-config.php',
			symlink: false,
			readable: true,
			writable: true,
			directory_writable: true,
			owner: 'www-data:www-data',
			permissions: '0640',
			disallowed_by: null,
		},
		profile: 'off',
		active: null,
		constants: [
			{
				name: 'WP_DEBUG',
				value: 'false',
				source: 'wp-config',
				line: 54,
				status: 'editable',
			},
			{
				name: 'WP_DEBUG_LOG',
				value: 'false',
				source: 'default',
				line: null,
				status: null,
			},
			{
				name: 'WP_DEBUG_DISPLAY',
				value: 'true',
				source: 'default',
				line: null,
				status: null,
			},
			{
				name: 'SCRIPT_DEBUG',
				value: 'false',
				source: 'default',
				line: null,
				status: null,
			},
			{
				name: 'SAVEQUERIES',
				value: null,
				source: 'default',
				line: null,
				status: null,
			},
		],
		profiles: [
			{
				id: 'log',
				label: 'Log privately',
				constants: [ 'WP_DEBUG', 'WP_DEBUG_LOG', 'WP_DEBUG_DISPLAY' ],
				available: true,
				blockers: [],
				manual: "define( 'WP_DEBUG', true );",
			},
			{
				id: 'developer',
				label: 'Developer',
				constants: [
					'WP_DEBUG',
					'WP_DEBUG_LOG',
					'WP_DEBUG_DISPLAY',
					'SCRIPT_DEBUG',
					'SAVEQUERIES',
				],
				available: true,
				blockers: [],
				manual: "define( 'WP_DEBUG', true );",
			},
		],
		display_errors: '0',
		expiry: { default: 3600, min: 60, max: 86400 },
		...overrides,
	};
}

/**
 * A planned switch to Log privately.
 *
 * @param overrides Fields to replace.
 */
export function debugChangeFixture(
	overrides: Partial< DebugChange > = {}
): DebugChange {
	return {
		dry_run: true,
		possible: true,
		profile: 'log',
		changes: [
			{
				name: 'WP_DEBUG',
				line: 54,
				before: "define( 'WP_DEBUG', false );",
				after: "define( 'WP_DEBUG', true );",
			},
			{
				name: 'WP_DEBUG_LOG',
				line: 58,
				before: null,
				after: "define( 'WP_DEBUG_LOG', '/var/www/triage-private/debug-<random>.log' );",
			},
		],
		loopback: null,
		duration_ms: 4,
		expires_at: null,
		error: null,
		manual: '',
		...overrides,
	};
}
