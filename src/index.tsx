import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

// The shared styles first, so that a feature's own rules come after them.
import './app/style.scss';
import App from './app';
import { TABS } from './app/tabs';

domReady( () => {
	const root = document.getElementById( 'triage-root' );
	if ( root ) {
		createRoot( root ).render( <App tabs={ TABS } /> );
	}
} );
