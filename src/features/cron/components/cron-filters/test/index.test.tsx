import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from '@wordpress/element';
import { vi } from 'vitest';

import { EMPTY_FILTERS, type CronFilters as Filters } from '../../../model';
import CronFilters from '..';

function Harness( { onChange }: { onChange: ( filters: Filters ) => void } ) {
	const [ filters, setFilters ] = useState( EMPTY_FILTERS );
	return (
		<CronFilters
			filters={ filters }
			onChange={ ( next ) => {
				setFilters( next );
				onChange( next );
			} }
		/>
	);
}

describe( 'CronFilters', () => {
	it( 'has a labelled control for each filter and reports each change', async () => {
		const onChange = vi.fn();
		render( <Harness onChange={ onChange } /> );

		await userEvent.type(
			screen.getByRole( 'textbox', { name: 'Hook contains' } ),
			'sync'
		);
		expect( onChange ).toHaveBeenLastCalledWith( {
			...EMPTY_FILTERS,
			hook: 'sync',
		} );

		await userEvent.selectOptions(
			screen.getByRole( 'combobox', { name: 'Overdue' } ),
			'yes'
		);
		await userEvent.selectOptions(
			screen.getByRole( 'combobox', { name: 'Callback' } ),
			'yes'
		);
		await userEvent.type(
			screen.getByRole( 'textbox', { name: 'Owner' } ),
			'acme-sync'
		);
		expect( onChange ).toHaveBeenLastCalledWith( {
			hook: 'sync',
			overdue: 'yes',
			orphan: 'yes',
			owner: 'acme-sync',
		} );
	} );
} );
