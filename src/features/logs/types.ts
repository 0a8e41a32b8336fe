/** REST shapes of /logs (includes/REST/Logs_Controller.php): only what the server sends or takes. */

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
