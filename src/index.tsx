import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

import App from './components/app';
import { getTabs } from './tabs';
import './style.scss';

domReady( () => {
	const root = document.getElementById( 'triage-root' );
	if ( root ) {
		createRoot( root ).render( <App tabs={ getTabs() } /> );
	}
} );
