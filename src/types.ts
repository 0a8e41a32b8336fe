/**
 * Response types mirroring the PHP REST schemas (includes/REST/*_Controller.php).
 */

export interface SizeSetting {
	/** The setting as written, e.g. "256M"; empty when not set. */
	value: string;
	/** Bytes; null when unlimited or not set. */
	bytes: number | null;
	unlimited: boolean;
}

export type LogFileSource =
	'wp_debug_log' | 'overridden' | 'php_ini' | 'server';

export interface DebugSettings {
	wp_debug: boolean;
	wp_debug_log: boolean | string;
	wp_debug_display: boolean | null;
	log_errors: boolean;
	log_file: string | null;
	log_file_expected: string | null;
	log_file_source: LogFileSource;
}

export interface Environment {
	wordpress_version: string;
	php_version: string;
	php_sapi: string;
	server_software: string;
	host_name: string;
	is_multisite: boolean;
	memory_limit: SizeSetting;
	wp_memory_limit: SizeSetting;
	wp_max_memory_limit: SizeSetting;
	peak_memory_bytes: number;
	max_execution_time: number;
	debug: DebugSettings;
	maintenance: {
		exists: boolean;
		age_seconds: number | null;
	};
}

/** The error body of a failed REST request, as WordPress sends it. */
export interface ApiError {
	code: string;
	message: string;
	data?: { status?: number } | null;
}

/** Data printed by PHP before the app loads (Admin_Page::boot_data). */
export interface BootData {
	version: string;
	restPath: string;
	networkMode: boolean;
}

declare global {
	interface Window {
		triageBoot?: BootData;
	}
}
