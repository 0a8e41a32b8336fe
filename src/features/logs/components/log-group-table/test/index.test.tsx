import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import type { LogGroup } from '../../../types';
import LogGroupTable from '..';

function group( overrides: Partial< LogGroup > ): LogGroup {
	return {
		id: 'g',
		severity: 'warning',
		message: 'Undefined variable $x',
		pattern: 'Undefined variable $x',
		file: '/srv/wp-content/plugins/shop/shop.php',
		line: 3,
		count: 1,
		first_seen: 1000,
		last_seen: 2000,
		sample: 'sample',
		truncated: false,
		attribution: {
			type: 'plugin',
			slug: 'shop',
			name: 'Shop',
			file: 'shop/shop.php',
		},
		cause: null,
		...overrides,
	};
}

const groups = [
	group( { id: 'a', message: 'Warning A', count: 3 } ),
	group( {
		id: 'b',
		severity: 'fatal',
		message: 'Fatal B',
		count: 1,
		attribution: {
			type: 'theme',
			slug: 'shiny',
			name: 'Shiny',
			file: 'shiny/functions.php',
		},
	} ),
	group( {
		id: 'c',
		severity: 'deprecated',
		message: 'Deprecated C',
		count: 7,
	} ),
];

const messages = () =>
	screen
		.getAllByRole( 'row' )
		.slice( 1 )
		.map(
			( row ) => within( row ).getAllByRole( 'button' )[ 0 ].textContent
		);

describe( 'LogGroupTable', () => {
	it( 'lists groups most frequent first, with their source', () => {
		render(
			<LogGroupTable
				groups={ groups }
				selectedId={ null }
				onSelect={ () => {} }
			/>
		);
		expect( messages() ).toEqual( [
			'Deprecated C',
			'Warning A',
			'Fatal B',
		] );
		expect(
			screen.getByRole( 'columnheader', { name: /Count/ } )
		).toHaveAttribute( 'aria-sort', 'descending' );
		expect( screen.getByText( 'Theme: Shiny' ) ).toBeInTheDocument();
		expect( screen.getByText( '3 of 3 groups shown' ) ).toBeInTheDocument();
	} );

	it( 'sorts by a column header and flips on a second click', async () => {
		render(
			<LogGroupTable
				groups={ groups }
				selectedId={ null }
				onSelect={ () => {} }
			/>
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Severity' } )
		);
		expect( messages() ).toEqual( [
			'Fatal B',
			'Warning A',
			'Deprecated C',
		] );
		expect(
			screen.getByRole( 'columnheader', { name: /Severity/ } )
		).toHaveAttribute( 'aria-sort', 'descending' );
		expect(
			screen.getByRole( 'columnheader', { name: /Count/ } )
		).toHaveAttribute( 'aria-sort', 'none' );
		await userEvent.click(
			screen.getByRole( 'button', { name: /Severity/ } )
		);
		expect( messages() ).toEqual( [
			'Deprecated C',
			'Warning A',
			'Fatal B',
		] );
	} );

	it( 'filters by severity and text, and says when nothing matches', async () => {
		render(
			<LogGroupTable
				groups={ groups }
				selectedId={ null }
				onSelect={ () => {} }
			/>
		);
		await userEvent.selectOptions(
			screen.getByRole( 'combobox', { name: 'Severity' } ),
			'fatal'
		);
		expect( messages() ).toEqual( [ 'Fatal B' ] );
		expect( screen.getByText( '1 of 3 groups shown' ) ).toBeInTheDocument();
		await userEvent.type(
			screen.getByRole( 'textbox', { name: 'Filter by text' } ),
			'nothing like this'
		);
		expect(
			screen.getByText( 'No groups match these filters.' )
		).toBeInTheDocument();
		expect( screen.queryByRole( 'table' ) ).toBeNull();
	} );

	it( 'opens a group', async () => {
		const onSelect = vi.fn();
		render(
			<LogGroupTable
				groups={ groups }
				selectedId="a"
				onSelect={ onSelect }
			/>
		);
		expect(
			screen.getByRole( 'button', { name: 'Warning A' } )
		).toHaveAttribute( 'aria-pressed', 'true' );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Fatal B' } )
		);
		expect( onSelect ).toHaveBeenCalledWith( groups[ 1 ] );
	} );

	it( 'says when the log has no errors', () => {
		render(
			<LogGroupTable
				groups={ [] }
				selectedId={ null }
				onSelect={ () => {} }
			/>
		);
		expect(
			screen.getByText( 'No errors in this log.' )
		).toBeInTheDocument();
	} );
} );

describe( 'LogGroupTable causes', () => {
	it( 'names the cause of 5xx a message stands for', () => {
		render(
			<LogGroupTable
				groups={ [
					group( {
						id: 'db',
						severity: 'warning',
						message:
							'mysqli_real_connect(): (HY000/2002): No such file or directory',
						attribution: {
							type: 'core',
							slug: 'wordpress',
							name: 'WordPress',
							file: 'wp-includes/class-wpdb.php',
						},
						cause: {
							cause: 'database_unreachable',
							label: 'WordPress could not reach the database',
							fix: 'Check that the database server runs.',
						},
					} ),
				] }
				selectedId={ null }
				onSelect={ () => {} }
			/>
		);
		expect(
			screen.getByText( 'WordPress could not reach the database' )
		).toBeInTheDocument();
	} );
} );
