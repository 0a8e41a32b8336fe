import { render, screen } from '@testing-library/react';

import { NowHeading, withCards } from '../with-cards';

describe( 'withCards', () => {
	it( 'shows the cards above the tab’s own panel and keeps its name and title', () => {
		const tab = withCards(
			{
				name: 'overview',
				title: 'Overview',
				Component: () => <p>Panel</p>,
			},
			[ () => <p>Card A</p>, () => null ]
		);
		expect( tab.name ).toBe( 'overview' );
		expect( tab.title ).toBe( 'Overview' );
		const { Component } = tab;
		render( <Component /> );
		const texts = screen
			.getAllByText( /Card A|Panel/ )
			.map( ( node ) => node.textContent );
		expect( texts ).toEqual( [ 'Card A', 'Panel' ] );
	} );
} );

describe( 'NowHeading', () => {
	it( 'heads the checks that say how things are now', () => {
		render( <NowHeading /> );
		expect(
			screen.getByRole( 'heading', { level: 2, name: 'Now' } )
		).toBeInTheDocument();
	} );
} );
