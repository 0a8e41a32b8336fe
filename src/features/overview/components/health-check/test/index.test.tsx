import { render, screen } from '@testing-library/react';

import {
	FPM_CRITICAL,
	LOOPBACK_UNKNOWN,
	checkFixture,
} from '../../../test/health-fixtures';
import HealthCheck from '..';

describe( 'HealthCheck', () => {
	it( 'shows a problem open with evidence, why and fix', () => {
		const { container } = render(
			<HealthCheck check={ FPM_CRITICAL } showLayer />
		);
		expect(
			screen.getByRole( 'article', {
				name: /PHP \/ PHP-FPM: The PHP-FPM pool ran out/,
			} )
		).toBeInTheDocument();
		expect( screen.getByText( 'Critical' ) ).toHaveClass( 'is-critical' );
		expect( container.querySelector( 'details' ) ).toHaveAttribute(
			'open'
		);
		expect(
			screen.getByText( '9 now, 40 at most since start' )
		).toBeInTheDocument();
		expect(
			screen.getByText( /pm.max_children = 87/ )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Copy this finding' } )
		).toBeInTheDocument();
	} );

	it( 'folds a good check away unless a deep link opens it', () => {
		const { container, rerender } = render(
			<HealthCheck check={ checkFixture() } />
		);
		expect( container.querySelector( 'details' ) ).not.toHaveAttribute(
			'open'
		);
		rerender( <HealthCheck check={ checkFixture() } open /> );
		expect( container.querySelector( 'details' ) ).toHaveAttribute(
			'open'
		);
	} );

	it( 'shows measured values as code and long explanations as text', () => {
		const sides =
			"Cloudflare's own pages carry codes 520–527 and name Cloudflare with a Ray ID; a plain 502/504 page naming nginx or Apache comes from the origin.";
		render(
			<HealthCheck
				check={ checkFixture( {
					evidence: [
						{ label: 'CF-Ray', value: '8c1f2a3b4c5d6e7f-AMS' },
						{ label: 'Who produced an error page', value: sides },
					],
				} ) }
				open
			/>
		);
		expect( screen.getByText( '8c1f2a3b4c5d6e7f-AMS' ).tagName ).toBe(
			'CODE'
		);
		expect( screen.getByText( sides ).tagName ).toBe( 'DD' );
	} );

	it( 'says why an unknown check could not measure', () => {
		render( <HealthCheck check={ LOOPBACK_UNKNOWN } /> );
		expect(
			screen.getByText( 'Requests to the site itself are blocked.' )
		).toBeInTheDocument();
	} );
} );
