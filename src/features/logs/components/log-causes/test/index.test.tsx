import { render, screen, within } from '@testing-library/react';

import type { LogCause } from '../../../types';
import LogCauses, { byLastSeen } from '..';

const NOW = 1795435200;

function cause( overrides: Partial< LogCause > ): LogCause {
	return {
		cause: 'worker_killed',
		label: 'A PHP worker died while answering',
		status: '502',
		layer: 'php',
		fix: 'Read PHP-FPM’s log.',
		count: 1,
		first_seen: NOW - 60,
		last_seen: NOW - 60,
		sample: 'recv() failed (104: Connection reset by peer)',
		hours: [ { hour: '2026-11-23T00:00:00Z', count: 1 } ],
		...overrides,
	};
}

describe( 'LogCauses', () => {
	const old = cause( {
		cause: 'memory_exhausted',
		label: 'PHP ran out of memory',
		status: '500',
		count: 480,
		first_seen: NOW - 5 * 86400,
		last_seen: NOW - 3600,
		sample: 'Allowed memory size of 134217728 bytes exhausted (newest)',
	} );
	const fresh = cause( {
		cause: 'pool_saturated',
		label: 'PHP-FPM pool saturated: every worker busy',
		status: '502/504',
		count: 1,
		first_seen: NOW - 1380,
		last_seen: NOW - 1380,
		sample: 'connect() failed (11: Resource temporarily unavailable)',
	} );

	it( 'puts the newest cause first, however often an older one was seen', () => {
		expect( byLastSeen( [ old, fresh ] ).map( ( c ) => c.cause ) ).toEqual(
			[ 'pool_saturated', 'memory_exhausted' ]
		);
		expect(
			byLastSeen( [
				cause( { cause: 'a', last_seen: null, count: 9 } ),
				cause( { cause: 'b', last_seen: NOW, count: 1 } ),
			] ).map( ( c ) => c.cause )
		).toEqual( [ 'b', 'a' ] );
	} );

	it( 'dates each cause and shows its newest line and fix', () => {
		render(
			<LogCauses
				causes={ [ old, fresh ] }
				partial={ false }
				now={ NOW }
			/>
		);
		const items = screen.getAllByRole( 'listitem' );
		expect(
			within( items[ 0 ] ).getByRole( 'heading', {
				name: 'PHP-FPM pool saturated: every worker busy (502/504)',
			} )
		).toBeInTheDocument();
		expect(
			within( items[ 0 ] ).getByText( /^1 time, 23 min ago \(/ )
		).toBeInTheDocument();
		expect(
			within( items[ 1 ] ).getByText(
				/^480 times, last 1 hour ago \(.+\), first 5 days ago$/
			)
		).toBeInTheDocument();
		expect(
			within( items[ 1 ] ).getByRole( 'heading', { name: 'Newest line' } )
		).toBeInTheDocument();
		expect(
			within( items[ 1 ] ).getByText( /exhausted \(newest\)/ )
		).toBeInTheDocument();
	} );

	it( 'says when nothing in the window matches', () => {
		render(
			<LogCauses causes={ [] } partial={ false } windowHours={ 1 } />
		);
		expect(
			screen.getByText(
				'No line of this log in this time window matches a known cause of 502 or 504 errors.'
			)
		).toBeInTheDocument();
	} );
} );
