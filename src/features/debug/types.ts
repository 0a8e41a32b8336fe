/** REST shapes of /debug (includes/REST/Debug_Controller.php): only what the server sends or takes. */

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
