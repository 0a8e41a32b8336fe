import { __, sprintf } from '@wordpress/i18n';

import { formatBytes, formatDuration, percentOf } from '../../shared/format';
import type { Environment, LogFileSource, SizeSetting } from './types';

export interface FactRow {
	/** Stable key, also used by tests and the copied text. */
	id: string;
	label: string;
	value: string;
	/** Optional plain-words explanation shown under the value. */
	note?: string;
}

export interface FactGroup {
	id: string;
	title: string;
	rows: FactRow[];
}

function sizeValue( setting: SizeSetting ): string {
	if ( setting.unlimited ) {
		return __( 'no limit (-1)', 'triage' );
	}
	if ( setting.bytes === null ) {
		return __( 'not set', 'triage' );
	}
	return `${ formatBytes( setting.bytes ) } (${ setting.value })`;
}

function onOff( value: boolean ): string {
	return value ? __( 'on', 'triage' ) : __( 'off', 'triage' );
}

function logSourceNote( source: LogFileSource ): string {
	switch ( source ) {
		case 'wp_debug_log':
			return __( 'Set by WP_DEBUG_LOG.', 'triage' );
		case 'overridden':
			return __(
				'WP_DEBUG_LOG asks for another file, but the server locks PHP’s error_log setting (for example php_admin_value in the PHP-FPM pool), so errors go here instead.',
				'triage'
			);
		case 'php_ini':
			return __(
				'Set by PHP’s error_log setting; WP_DEBUG_LOG is off.',
				'triage'
			);
		case 'server':
			return __(
				'No log file: PHP errors go to the web server’s or PHP-FPM’s own log.',
				'triage'
			);
	}
}

/**
 * Turns the environment into labelled groups of facts, used both for display and for the copied text,
 * so the two can never disagree.
 *
 * @param env The environment from the REST API.
 */
export function environmentGroups( env: Environment ): FactGroup[] {
	const peakShare = percentOf(
		env.peak_memory_bytes,
		env.memory_limit.bytes
	);
	const debugLog =
		typeof env.debug.wp_debug_log === 'string'
			? env.debug.wp_debug_log
			: onOff( env.debug.wp_debug_log );
	let debugDisplay: string = __( 'default', 'triage' );
	if ( env.debug.wp_debug_display !== null ) {
		debugDisplay = onOff( env.debug.wp_debug_display );
	}

	return [
		{
			id: 'software',
			title: __( 'Software', 'triage' ),
			rows: [
				{
					id: 'wordpress_version',
					label: __( 'WordPress', 'triage' ),
					value:
						env.wordpress_version +
						( env.is_multisite
							? ` (${ __( 'multisite', 'triage' ) })`
							: '' ),
				},
				{
					id: 'php_version',
					label: __( 'PHP', 'triage' ),
					value: `${ env.php_version } (${ env.php_sapi })`,
				},
				{
					id: 'server_software',
					label: __( 'Web server', 'triage' ),
					value:
						env.server_software || __( 'not reported', 'triage' ),
				},
				{
					id: 'host_name',
					label: __( 'Server host name', 'triage' ),
					value: env.host_name || __( 'unknown', 'triage' ),
				},
			],
		},
		{
			id: 'limits',
			title: __( 'Memory and time limits', 'triage' ),
			rows: [
				{
					id: 'memory_limit',
					label: __( 'PHP memory_limit', 'triage' ),
					value: sizeValue( env.memory_limit ),
				},
				{
					id: 'wp_memory_limit',
					label: 'WP_MEMORY_LIMIT',
					value: sizeValue( env.wp_memory_limit ),
				},
				{
					id: 'wp_max_memory_limit',
					label: 'WP_MAX_MEMORY_LIMIT',
					value: sizeValue( env.wp_max_memory_limit ),
				},
				{
					id: 'peak_memory',
					label: __( 'Peak memory of this request', 'triage' ),
					value:
						formatBytes( env.peak_memory_bytes ) +
						( peakShare === null
							? ''
							: ` (${ sprintf(
									/* translators: %d: percentage of memory_limit. */
									__( '%d%% of memory_limit', 'triage' ),
									peakShare
								) })` ),
				},
				{
					id: 'max_execution_time',
					label: __( 'PHP max_execution_time', 'triage' ),
					value:
						env.max_execution_time === 0
							? __( 'no limit (0)', 'triage' )
							: formatDuration( env.max_execution_time ),
				},
			],
		},
		{
			id: 'debug',
			title: __( 'Debugging', 'triage' ),
			rows: [
				{
					id: 'wp_debug',
					label: 'WP_DEBUG',
					value: onOff( env.debug.wp_debug ),
				},
				{ id: 'wp_debug_log', label: 'WP_DEBUG_LOG', value: debugLog },
				{
					id: 'wp_debug_display',
					label: 'WP_DEBUG_DISPLAY',
					value: debugDisplay,
				},
				{
					id: 'log_file',
					label: __( 'Errors are written to', 'triage' ),
					value:
						env.debug.log_file ?? __( 'the server log', 'triage' ),
					note: logSourceNote( env.debug.log_file_source ),
				},
			],
		},
		{
			id: 'maintenance',
			title: __( 'Maintenance mode', 'triage' ),
			rows: [
				{
					id: 'maintenance',
					label: __( '.maintenance file', 'triage' ),
					value: env.maintenance.exists
						? sprintf(
								/* translators: %s: age of the file, e.g. "12 min". */
								__( 'present, %s old', 'triage' ),
								env.maintenance.age_seconds === null
									? __( 'unknown age', 'triage' )
									: formatDuration(
											env.maintenance.age_seconds
										)
							)
						: __( 'none', 'triage' ),
				},
			],
		},
	];
}

/**
 * Plain text for a support ticket. The environment holds no secrets (no passwords, keys or salts).
 *
 * @param groups Groups from environmentGroups().
 */
export function groupsToText( groups: FactGroup[] ): string {
	return groups
		.map(
			( group ) =>
				`## ${ group.title }\n` +
				group.rows
					.map( ( row ) => `${ row.label }: ${ row.value }` )
					.join( '\n' )
		)
		.join( '\n\n' );
}
