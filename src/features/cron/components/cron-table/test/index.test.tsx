import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { DEFAULT_SORT } from '../../../model';
import { cronEvent } from '../../../test/fixtures';
import CronTable from '..';

const events = [
	cronEvent( { hook: 'acme_sync' } ),
	cronEvent( {
		hook: 'gone_hook',
		orphan: true,
		owners: [],
		overdue: false,
		late: 0,
		timestamp: 1795440000,
	} ),
	cronEvent( {
		hook: 'twice',
		duplicate: true,
		copies: 2,
		owners: [ 'theme:shiny' ],
		timestamp: 1795430000,
	} ),
];

function renderTable( overrides = {} ) {
	const props = {
		events,
		sort: DEFAULT_SORT,
		onSort: vi.fn(),
		onRun: vi.fn(),
		onDelete: vi.fn(),
		...overrides,
	};
	render( <CronTable { ...props } /> );
	return props;
}

function row( hook: string ) {
	return screen.getByText( hook ).closest( 'tr' ) as HTMLElement;
}

describe( 'CronTable', () => {
	it( 'marks overdue rows in words and shows each owner', () => {
		renderTable();
		expect( row( 'acme_sync' ) ).toHaveClass( 'is-overdue' );
		expect(
			within( row( 'acme_sync' ) ).getByText( '1 hour late' )
		).toBeInTheDocument();
		expect(
			within( row( 'acme_sync' ) ).getByText( 'Plugin: acme-sync' )
		).toBeInTheDocument();
		expect( row( 'gone_hook' ) ).not.toHaveClass( 'is-overdue' );
		expect(
			within( row( 'gone_hook' ) ).getByText( 'No callback' )
		).toBeInTheDocument();
		expect(
			within( row( 'gone_hook' ) ).getByText( 'Orphan' )
		).toBeInTheDocument();
		expect(
			within( row( 'twice' ) ).getByText( 'Theme: shiny' )
		).toBeInTheDocument();
	} );

	it( 'offers Delete only for orphans and duplicates, with names per row', async () => {
		const props = renderTable();
		expect(
			screen.queryByRole( 'button', { name: 'Delete: acme_sync' } )
		).not.toBeInTheDocument();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Delete: gone_hook' } )
		);
		expect( props.onDelete ).toHaveBeenCalledWith( events[ 1 ] );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Run now: acme_sync' } )
		);
		expect( props.onRun ).toHaveBeenCalledWith( events[ 0 ] );
		expect(
			screen.getByRole( 'button', { name: 'Delete: twice' } )
		).toBeInTheDocument();
	} );

	it( 'sorts from the column headers and says which column sorts', async () => {
		const props = renderTable();
		const late = screen.getByRole( 'columnheader', { name: /Late/ } );
		expect( late ).toHaveAttribute( 'aria-sort', 'descending' );
		expect(
			screen.getByRole( 'columnheader', { name: /Hook/ } )
		).toHaveAttribute( 'aria-sort', 'none' );
		await userEvent.click( screen.getByRole( 'button', { name: /Hook/ } ) );
		expect( props.onSort ).toHaveBeenCalledWith( {
			key: 'hook',
			order: 'asc',
		} );
		await userEvent.click( within( late ).getByRole( 'button' ) );
		expect( props.onSort ).toHaveBeenLastCalledWith( {
			key: 'late',
			order: 'asc',
		} );
	} );

	it( 'hides the actions for users who may only look', () => {
		renderTable( { canChange: false } );
		expect(
			screen.queryByRole( 'button', { name: /now/ } )
		).not.toBeInTheDocument();
	} );
} );
