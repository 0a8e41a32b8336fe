import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import type { LogSummary } from '../../../types';
import LogGroupedView, { percent, windowLabel } from '..';

describe( 'LogGroupedView helpers', () => {
	it( 'shows reading progress as a whole percentage, full for an empty log', () => {
		expect( percent( 0, 1000 ) ).toBe( 0 );
		expect( percent( 333, 1000 ) ).toBe( 33 );
		expect( percent( 2000, 1000 ) ).toBe( 100 );
		expect( percent( 0, 0 ) ).toBe( 100 );
	} );

	it( 'names time windows', () => {
		expect( windowLabel( 0 ) ).toBe( 'Whole log' );
		expect( windowLabel( 1 ) ).toBe( 'Last 1 hour' );
		expect( windowLabel( 24 ) ).toBe( 'Last 1 day' );
		expect( windowLabel( 168 ) ).toBe( 'Last 7 days' );
	} );
} );

describe( 'LogGroupedView', () => {
	it( 'offers a time window for a server log’s causes too', async () => {
		const summary: LogSummary = {
			source: 'nginx',
			kind: 'server',
			done: true,
			offset: 10,
			size: 10,
			reset: '',
			partial: false,
			entries: 0,
			dropped: 0,
			groups: [],
			causes: [],
			unmatched: 0,
		};
		const onWindowChange = vi.fn();
		render(
			<LogGroupedView
				kind="server"
				summary={ {
					summary,
					error: null,
					isRunning: false,
					refresh: () => {},
					restart: () => {},
				} }
				windowHours={ 0 }
				selected={ null }
				onWindowChange={ onWindowChange }
				onSelect={ () => {} }
			/>
		);
		await userEvent.selectOptions(
			screen.getByRole( 'combobox', { name: 'Time window' } ),
			'Last 1 hour'
		);
		expect( onWindowChange ).toHaveBeenCalledWith( 1 );
	} );
} );
