import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import TabNavigation from '..';

const tabs = [
	{ name: 'overview', title: 'Overview' },
	{ name: 'logs', title: 'Logs' },
	{ name: 'debug', title: 'Debug' },
];

describe( 'TabNavigation', () => {
	it( 'marks the selected tab and keeps only it in the tab order', () => {
		render(
			<TabNavigation
				tabs={ tabs }
				selected="logs"
				onSelect={ () => {} }
				idPrefix="t"
			/>
		);
		const logs = screen.getByRole( 'tab', { name: 'Logs' } );
		expect( logs ).toHaveAttribute( 'aria-selected', 'true' );
		expect( logs ).toHaveAttribute( 'tabindex', '0' );
		expect( logs ).toHaveAttribute( 'aria-controls', 't-panel-logs' );
		expect( screen.getByRole( 'tab', { name: 'Debug' } ) ).toHaveAttribute(
			'tabindex',
			'-1'
		);
	} );

	it( 'moves with arrow keys, wrapping, and Home/End', async () => {
		const onSelect = vi.fn();
		render(
			<TabNavigation
				tabs={ tabs }
				selected="overview"
				onSelect={ onSelect }
				idPrefix="t"
			/>
		);
		screen.getByRole( 'tab', { name: 'Overview' } ).focus();
		await userEvent.keyboard( '{ArrowLeft}' );
		expect( onSelect ).toHaveBeenLastCalledWith( 'debug' );
		expect( screen.getByRole( 'tab', { name: 'Debug' } ) ).toHaveFocus();
		await userEvent.keyboard( '{ArrowRight}' );
		expect( onSelect ).toHaveBeenLastCalledWith( 'overview' );
		await userEvent.keyboard( '{End}' );
		expect( onSelect ).toHaveBeenLastCalledWith( 'debug' );
		await userEvent.keyboard( '{Home}' );
		expect( onSelect ).toHaveBeenLastCalledWith( 'overview' );
	} );

	it( 'selects on click', async () => {
		const onSelect = vi.fn();
		render(
			<TabNavigation
				tabs={ tabs }
				selected="overview"
				onSelect={ onSelect }
				idPrefix="t"
			/>
		);
		await userEvent.click( screen.getByRole( 'tab', { name: 'Logs' } ) );
		expect( onSelect ).toHaveBeenCalledWith( 'logs' );
	} );
} );
