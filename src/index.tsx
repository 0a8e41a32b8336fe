import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

import App from './app';
import { TABS } from './app/tabs';
import './app/style.scss';

domReady( () => {
	const root = document.getElementById( 'triage-root' );
	if ( root ) {
		createRoot( root ).render( <App tabs={ TABS } /> );
	}
} );
