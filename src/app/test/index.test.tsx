import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { TABS } from '../tabs';
import App from '..';

const tabs = [
	{
		name: 'overview',
		title: 'Overview',
		Component: () => <p>overview body</p>,
	},
	{ name: 'logs', title: 'Logs', Component: () => <p>logs body</p> },
];

describe( 'App', () => {
	it( 'opens the tab named in the address bar', () => {
		window.location.hash = '#/logs?source=debug';
		render( <App tabs={ tabs } /> );
		expect( screen.getByRole( 'tabpanel' ) ).toHaveTextContent(
			'logs body'
		);
		expect( screen.getByRole( 'tabpanel' ) ).toHaveAccessibleName( 'Logs' );
	} );

	it( 'falls back to the first tab for an unknown name', () => {
		window.location.hash = '#/nothing-here';
		render( <App tabs={ tabs } /> );
		expect( screen.getByRole( 'tabpanel' ) ).toHaveTextContent(
			'overview body'
		);
	} );

	it( 'switches panels and the address bar together', async () => {
		render( <App tabs={ tabs } /> );
		await userEvent.click( screen.getByRole( 'tab', { name: 'Logs' } ) );
		expect( screen.getByRole( 'tabpanel' ) ).toHaveTextContent(
			'logs body'
		);
		expect( window.location.hash ).toBe( '#/logs' );
	} );
} );

describe( 'TABS', () => {
	it( 'lists each feature’s tab once, Overview first', () => {
		expect( TABS.map( ( tab ) => tab.name ) ).toEqual( [
			'overview',
			'incidents',
			'logs',
			'cron',
			'debug',
			'safe-mode',
			'bisect',
			'report',
		] );
	} );
} );
