import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { summarizeLayers } from '../../../health';
import {
	CRON_WARNING,
	FPM_CRITICAL,
	checkFixture,
} from '../../../test/health-fixtures';
import HealthChain from '..';

describe( 'HealthChain', () => {
	const layers = summarizeLayers( [
		checkFixture(),
		FPM_CRITICAL,
		CRON_WARNING,
		checkFixture( { id: 'db', layer: 'database' } ),
	] );

	it( 'draws every hop in request order with its status in words', () => {
		render(
			<HealthChain
				layers={ layers }
				selected={ null }
				onSelect={ () => {} }
			/>
		);
		const path = screen.getByRole( 'navigation', {
			name: 'Request path, from browser to database',
		} );
		expect( path.textContent ).toMatch(
			/Browser.*CDN \/ proxy.*Web server.*PHP \/ PHP-FPM.*WordPress.*Database.*Server resources/
		);
		expect(
			screen.getByRole( 'button', { name: /PHP \/ PHP-FPM/ } )
		).toHaveTextContent( '1 problem' );
		expect(
			screen.getByRole( 'button', { name: /Database/ } )
		).toHaveTextContent( 'OK' );
		expect(
			screen.getByRole( 'button', { name: /CDN/ } )
		).toHaveTextContent( 'Unknown' );
		expect(
			screen.getByRole( 'button', { name: /PHP \/ PHP-FPM/ } )
		).toHaveClass( 'is-critical' );
	} );

	it( 'selects a hop and marks it pressed', async () => {
		const onSelect = vi.fn();
		const { rerender } = render(
			<HealthChain
				layers={ layers }
				selected={ null }
				onSelect={ onSelect }
			/>
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: /WordPress/ } )
		);
		expect( onSelect ).toHaveBeenCalledWith( 'wordpress' );
		rerender(
			<HealthChain
				layers={ layers }
				selected="wordpress"
				onSelect={ onSelect }
			/>
		);
		expect(
			screen.getByRole( 'button', { name: /WordPress/ } )
		).toHaveAttribute( 'aria-pressed', 'true' );
	} );
} );
