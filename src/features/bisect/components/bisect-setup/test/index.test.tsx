import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { CANDIDATES } from '../../../test/fixtures';
import BisectSetup from '..';

describe( 'BisectSetup', () => {
	it( 'starts an automatic bisection with the symptom, the candidates and the must-keep list', async () => {
		const onStart = vi.fn( () => Promise.resolve() );
		render( <BisectSetup candidates={ CANDIDATES } onStart={ onStart } /> );
		await userEvent.clear(
			screen.getByLabelText( 'Page that shows the problem' )
		);
		await userEvent.type(
			screen.getByLabelText( 'Page that shows the problem' ),
			'/wp-admin/'
		);
		await userEvent.click(
			screen.getByLabelText( 'Send the test requests logged in as me' )
		);
		await userEvent.type(
			screen.getByLabelText( 'it takes longer than (seconds)' ),
			'5'
		);
		await userEvent.selectOptions(
			screen.getByLabelText( 'Role of Seo' ),
			'keep'
		);
		expect(
			screen.getByText( 'Candidates: 3 of 4 tested' )
		).toBeInTheDocument();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Start automatic bisection' } )
		);
		expect( onStart ).toHaveBeenCalledWith(
			expect.objectContaining( {
				mode: 'auto',
				candidates: [
					'shop/shop.php',
					'cache/cache.php',
					'forms/forms.php',
				],
				must_keep: [ 'seo/seo.php' ],
				symptom: expect.objectContaining( {
					url: '/wp-admin/',
					method: 'GET',
					logged_in: true,
					tests: expect.objectContaining( {
						status: true,
						fatal: true,
						slower_than: 5,
					} ),
				} ),
			} )
		);
	} );

	it( 'needs at least one failure test in automatic mode', async () => {
		render( <BisectSetup candidates={ CANDIDATES } onStart={ vi.fn() } /> );
		await userEvent.click(
			screen.getByLabelText( 'it answers HTTP 500 or more' )
		);
		await userEvent.click(
			screen.getByLabelText( 'a PHP fatal error is logged' )
		);
		expect(
			screen.getByRole( 'button', { name: 'Start automatic bisection' } )
		).toBeDisabled();
	} );

	it( 'says when there is nothing to bisect', () => {
		render( <BisectSetup candidates={ [] } onStart={ vi.fn() } /> );
		expect(
			screen.getAllByText( /nothing to bisect/ )[ 0 ]
		).toBeInTheDocument();
	} );

	it( 'tells two installs with the same name apart by their folder', () => {
		const twin = ( id: string ) => ( {
			...CANDIDATES[ 0 ],
			id,
			name: 'User Switching',
		} );
		render(
			<BisectSetup
				candidates={ [
					twin( 'user-switching/user-switching.php' ),
					twin( 'user-switching-old/user-switching.php' ),
				] }
				onStart={ vi.fn( () => Promise.resolve() ) }
			/>
		);
		expect(
			screen.getByLabelText( 'Role of User Switching (user-switching/)' )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'User Switching (user-switching-old/)' )
		).toBeInTheDocument();
	} );
} );
