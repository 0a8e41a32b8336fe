import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import type { LogEntry } from '../../../types';
import LogTail from '..';

const entry: LogEntry = {
	offset: 10,
	bytes: 200,
	truncated: false,
	time: 1763632800,
	severity: 'fatal',
	message: 'Uncaught Error: boom',
	file: '/srv/wp-content/plugins/shop/shop.php',
	line: 4,
	text: '[20-Nov-2025 10:00:00 UTC] PHP Fatal error:  Uncaught Error: boom\nStack trace:\n#0 {main}',
	attribution: {
		type: 'plugin',
		slug: 'shop',
		name: 'Shop',
		file: 'shop/shop.php',
	},
};

function renderTail( overrides = {} ) {
	const props = {
		entries: [ entry ],
		isLoading: false,
		incomplete: false,
		hasOlder: true,
		live: false,
		severity: 'all' as const,
		search: '',
		liveInterval: 5,
		onLiveChange: vi.fn(),
		onSeverityChange: vi.fn(),
		onSearchChange: vi.fn(),
		onLoadOlder: vi.fn(),
		...overrides,
	};
	render( <LogTail { ...props } /> );
	return props;
}

describe( 'LogTail', () => {
	it( 'shows each entry with its full text and attribution', () => {
		renderTail();
		expect(
			screen.getByText( 'Uncaught Error: boom' )
		).toBeInTheDocument();
		expect( screen.getByText( /Stack trace:/ ) ).toBeInTheDocument();
		expect( screen.getByText( 'Plugin: Shop' ) ).toBeInTheDocument();
	} );

	it( 'switches live tail with a visible toggle and loads older entries', async () => {
		const props = renderTail();
		await userEvent.click(
			screen.getByRole( 'checkbox', {
				name: 'Live tail (refreshes every 5 s)',
			} )
		);
		expect( props.onLiveChange ).toHaveBeenCalledWith( true );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Load older entries' } )
		);
		expect( props.onLoadOlder ).toHaveBeenCalled();
	} );

	it( 'says when a scan bound stopped the read', () => {
		renderTail( { incomplete: true, entries: [] } );
		expect(
			screen.getByText( /Reading stopped at its limit/ )
		).toBeInTheDocument();
		expect( screen.getByText( 'No entries to show.' ) ).toBeInTheDocument();
	} );
} );
