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
	/** rest_url(), for links the browser follows itself (log downloads). */
	restRoot?: string;
	/** wp_rest nonce for those links. */
	restNonce?: string;
}

declare global {
	interface Window {
		triageBoot?: BootData;
	}
}

/* Logs (includes/REST/Logs_Controller.php). */

export type LogSeverity =
	| 'fatal'
	| 'parse'
	| 'error'
	| 'database'
	| 'warning'
	| 'notice'
	| 'deprecated'
	| 'strict'
	| 'info'
	| 'other';

export type LogKind = 'php' | 'server';

export interface LogSource {
	id: string;
	label: string;
	kind: LogKind;
	origin: 'wp_debug_log' | 'php_ini' | 'detected' | 'custom';
	path: string;
	rotatable: boolean;
	exists: boolean;
	readable: boolean;
	size: number | null;
	modified: number | null;
	error: string;
}

export interface LogSources {
	host: string;
	sources: LogSource[];
}

export interface LogAttribution {
	type: 'plugin' | 'mu-plugin' | 'theme' | 'core' | 'unknown';
	slug: string;
	name: string;
	file: string;
}

export interface LogEntry {
	offset: number;
	bytes: number;
	truncated: boolean;
	time: number | null;
	severity: LogSeverity;
	message: string;
	file: string | null;
	line: number | null;
	text: string;
	attribution: LogAttribution;
}

export interface LogTail {
	source: string;
	entries: LogEntry[];
	incomplete: boolean;
	next_before: number | null;
	size: number;
}

export interface LogGroup {
	id: string;
	severity: LogSeverity;
	message: string;
	pattern: string;
	file: string | null;
	line: number | null;
	count: number;
	first_seen: number | null;
	last_seen: number | null;
	sample: string;
	truncated: boolean;
	attribution: LogAttribution;
}

export interface LogCause {
	cause: string;
	label: string;
	status: string;
	layer: string;
	fix: string;
	count: number;
	first_seen: number | null;
	last_seen: number | null;
	sample: string;
	hours: Array< { hour: string; count: number } >;
}

export interface LogSummary {
	source: string;
	kind: LogKind;
	done: boolean;
	offset: number;
	size: number;
	reset: '' | 'rotated' | 'truncated';
	partial: boolean;
	entries: number;
	dropped: number;
	groups: LogGroup[];
	causes: LogCause[];
	unmatched: number;
}

export interface LogRotateResult {
	source: string;
	dry_run: boolean;
	archived: boolean;
	archive: string;
	bytes: number;
	removed: string[];
	kept: number;
}

/* Debug mode (includes/REST/Debug_Controller.php). */

export type DebugProfileId = 'off' | 'log' | 'developer';

export interface DebugConstant {
	name: string;
	/** The value as PHP source (e.g. "true", "'/path/debug.log'"); null when not defined. */
	value: string | null;
	source: 'wp-config' | 'elsewhere' | 'default';
	/** Line in wp-config.php; null unless source is wp-config. */
	line: number | null;
	/** editable, conditional, nested, after_settings, environment, const; null unless in wp-config. */
	status: string | null;
}

export interface DebugBlocker {
	name: string;
	line: number;
	status: string;
	message: string;
}

export interface DebugProfileOption {
	id: DebugProfileId;
	label: string;
	constants: string[];
	available: boolean;
	blockers: DebugBlocker[];
	/** Lines to add to wp-config.php by hand. */
	manual: string;
}

export interface DebugState {
	file: {
		found: boolean;
		path: string;
		real_path: string;
		symlink: boolean;
		readable: boolean;
		writable: boolean;
		directory_writable: boolean;
		owner: string;
		permissions: string;
	};
	profile: DebugProfileId;
	active: {
		profile: string;
		started_at: number;
		expires_at: number;
		seconds_left: number;
		log_file: string;
		failed: string | null;
	} | null;
	constants: DebugConstant[];
	profiles: DebugProfileOption[];
	display_errors: string;
	expiry: { default: number; min: number; max: number };
}

export interface DebugLineChange {
	name: string;
	line: number;
	/** The line before; null when Triage adds it. */
	before: string | null;
	/** The line after; null when Triage removes it. */
	after: string | null;
}

export interface DebugChange {
	dry_run: boolean;
	possible: boolean;
	profile: string;
	changes: DebugLineChange[];
	loopback: { status: number | null; ms: number } | null;
	duration_ms: number;
	expires_at: number | null;
	error: { code: string; message: string } | null;
	manual: string;
}

/* Health checks (includes/REST/Health_Controller.php). */

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

/** One active plugin, as GET /triage/v1/safe-mode lists it. */
export interface SafeModePlugin {
	file: string;
	name: string;
	network: boolean;
	/** On inside the session (always true without one). */
	kept: boolean;
	/** Triage itself, which always stays on. */
	self: boolean;
}

/** GET/POST/DELETE /triage/v1/safe-mode and its sub-routes. */
export interface SafeModeState {
	active: boolean;
	expires_at: number | null;
	use_default_theme: boolean;
	default_theme: string;
	kept: number;
	total: number;
	plugins: SafeModePlugin[];
	loader: {
		installed: boolean;
		current: boolean;
		path: string;
		writable: boolean;
		manual: string;
	};
	rescue: { exists: boolean; expires_at: number | null };
	/** A newly created rescue link, present once. */
	rescue_url: string | null;
	dry_run: boolean;
}

export type BisectVerdict = 'fail' | 'pass';

export type BisectTestName =
	'no-answer' | 'status' | 'fatal' | 'time' | 'contains' | 'lacks' | 'memory';

export interface BisectSymptom {
	url: string;
	method: 'GET' | 'POST';
	body: string;
	logged_in: boolean;
	timeout: number;
	tests: {
		status: boolean;
		fatal: boolean;
		slower_than: number | null;
		contains: string;
		lacks: string;
		memory_over_mb: number | null;
	};
}

export interface BisectProbe {
	verdict: BisectVerdict;
	failed: BisectTestName[];
	status: number | null;
	time: number;
	error: string | null;
	timed_out: boolean;
	accepted: boolean;
	fatal: { message: string; file: string; line: number } | null;
	peak_memory: number | null;
	log: string[];
}

export interface BisectObservation {
	set: string[];
	verdict: BisectVerdict;
	source: 'probe' | 'admin';
	at: number;
	probe: BisectProbe | null;
}

export interface BisectSession {
	id: string;
	mode: 'auto' | 'guided';
	created_at: number;
	updated_at: number;
	expires_at: number;
	symptom: BisectSymptom | null;
	check_url: string | null;
	candidates: string[];
	suspects: string[];
	must_keep: string[];
	repeats: number;
	pending: string[] | null;
	observations: BisectObservation[];
}

export interface BisectCandidate {
	id: string;
	name: string;
	kind: 'plugin' | 'theme';
	network: boolean;
	suspect: 'fatal' | 'updated' | null;
	suspect_at: number | null;
}

export interface BisectState {
	session: BisectSession | null;
	candidates: BisectCandidate[];
	deactivated: string[];
}

export interface BisectStart {
	mode: 'auto' | 'guided';
	candidates: string[];
	must_keep: string[];
	repeats: number;
	check_url: string;
	symptom: BisectSymptom;
}
