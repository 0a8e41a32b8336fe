import { render, screen } from '@testing-library/react';
import { vi } from 'vitest';

import { TABS } from '../tabs';

// Every request stays pending: only the order of what the Overview shows first is under test.
vi.mock( '@wordpress/api-fetch', () => ( {
	default: vi.fn( () => new Promise( () => {} ) ),
} ) );

describe( 'The Overview', () => {
	it( 'answers what happened first, then how things are now', () => {
		const { Component } = TABS[ 0 ];
		render( <Component /> );
		const headings = screen
			.getAllByRole( 'heading', { level: 2 } )
			.map( ( heading ) => heading.textContent );
		expect( headings.slice( 0, 3 ) ).toEqual( [
			'What happened',
			'Now',
			'Request path',
		] );
	} );
} );
