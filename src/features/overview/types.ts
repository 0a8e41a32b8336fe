/**
 * REST shapes of /environment and /health (includes/REST/Environment_Controller.php, Health_Controller.php): only what the server sends or takes.
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

export type CheckStatus = 'good' | 'warning' | 'critical' | 'unknown';

export type Layer = 'cdn' | 'web' | 'php' | 'wordpress' | 'database' | 'server';

export interface Evidence {
	label: string;
	value: string;
}

export interface CheckResult {
	id: string;
	layer: Layer;
	status: CheckStatus;
	title: string;
	evidence: Evidence[];
	/** Why this causes 5xx; empty when good. */
	why: string;
	/** Exact steps; empty when good. */
	fix: string;
	/** Why the check could not measure; empty unless unknown. */
	reason: string;
}

export interface LayerSummary {
	status: CheckStatus;
	problems: number;
	checks: number;
}

export type HealthSpeed = 'all' | 'fast' | 'slow';

export interface HealthReport {
	host_name: string;
	generated_at: string;
	duration_ms: number;
	layers: Record< Layer, LayerSummary >;
	checks: CheckResult[];
}
