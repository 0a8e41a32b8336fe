/** Data printed by PHP before the app loads (Admin_Page::boot_data). */
export interface BootData {
	/** The REST namespace as a path, e.g. "/triage/v1". */
	restPath: string;
	/** What the current user may do beyond viewing; controls they may not use are not shown. */
	capabilities?: {
		/** May change the site through Triage (triage_configure_capability). */
		configure: boolean;
	};
}

declare global {
	interface Window {
		triageBoot?: BootData;
	}
}

/**
 * The boot data. The admin page always prints it before the app; without it (a page that loads the
 * script by itself) nothing can reach the REST API, so this throws, and the API client turns the throw
 * into an error notice.
 */
export function bootData(): BootData {
	const boot = window.triageBoot;
	if ( ! boot ) {
		throw new Error( 'Triage: the boot data is missing from this page.' );
	}
	return boot;
}
