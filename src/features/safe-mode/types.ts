/**
 * REST shapes of /safe-mode (includes/REST/Safe_Mode_Controller.php): only what the server sends or takes.
 */

/** One active plugin, as GET /safe-mode lists it. */
export interface SafeModePlugin {
	file: string;
	name: string;
	network: boolean;
	/** On inside the session (always true without one). */
	kept: boolean;
	/** Triage itself, which always stays on. */
	self: boolean;
}

/** GET/POST/DELETE /safe-mode and its sub-routes. */
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
