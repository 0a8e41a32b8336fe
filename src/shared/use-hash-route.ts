import { useCallback, useEffect, useState } from '@wordpress/element';

export interface HashRoute {
	/** First path segment, e.g. "logs" for "#/logs?source=debug". */
	tab: string;
	/** Query parameters after the path. */
	params: URLSearchParams;
}

/**
 * Parses "#/tab?key=value" deep links, so support can send a URL that opens a given view.
 *
 * @param hash location.hash, with or without the leading "#".
 */
export function parseHashRoute( hash: string ): HashRoute {
	const trimmed = hash.replace( /^#\/?/, '' );
	const [ path = '', query = '' ] = trimmed.split( '?', 2 );
	const tab = path.split( '/' )[ 0 ] ?? '';
	return {
		tab: decodeURIComponent( tab ),
		params: new URLSearchParams( query ),
	};
}

/**
 * Builds the hash for a tab (and optional parameters).
 *
 * @param tab    Tab name.
 * @param params Query parameters.
 */
export function buildHashRoute(
	tab: string,
	params?: Record< string, string >
): string {
	const query = params ? new URLSearchParams( params ).toString() : '';
	return `#/${ encodeURIComponent( tab ) }${ query ? `?${ query }` : '' }`;
}

/** The current hash route, kept in sync with the address bar. */
export function useHashRoute(): [ HashRoute, ( tab: string ) => void ] {
	const [ route, setRoute ] = useState< HashRoute >( () =>
		parseHashRoute( window.location.hash )
	);

	useEffect( () => {
		const onHashChange = () =>
			setRoute( parseHashRoute( window.location.hash ) );
		window.addEventListener( 'hashchange', onHashChange );
		return () => window.removeEventListener( 'hashchange', onHashChange );
	}, [] );

	const navigate = useCallback( ( tab: string ) => {
		const hash = buildHashRoute( tab );
		if ( window.location.hash !== hash ) {
			// replaceState keeps the back button for leaving the page, not for every tab click.
			window.history.replaceState( null, '', hash );
		}
		setRoute( parseHashRoute( hash ) );
	}, [] );

	return [ route, navigate ];
}
