import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { saveLogPaths } from '../../../api';
import type { LogSource } from '../../../types';
import LogPaths from '..';

vi.mock( '../../../api', () => ( { saveLogPaths: vi.fn() } ) );
const mockedSave = vi.mocked( saveLogPaths );

function source(
	id: string,
	path: string,
	origin: LogSource[ 'origin' ]
): LogSource {
	return {
		id,
		label: path,
		kind: 'server',
		origin,
		path,
		archivable: false,
		exists: true,
		readable: true,
		size: 10,
		modified: 0,
		error: '',
	};
}

const sources = [
	source( 'debug', '/var/www/wp-content/debug.log', 'wp_debug_log' ),
	source( 'custom-a', '/var/log/php-fpm/www-error.log', 'custom' ),
];

describe( 'LogPaths', () => {
	afterEach( () => mockedSave.mockReset() );

	it( 'adds a path to the ones added before', async () => {
		mockedSave.mockResolvedValue( {
			host: 'web-1',
			sources,
			problems: [],
		} );
		const onSaved = vi.fn();
		render( <LogPaths sources={ sources } onSaved={ onSaved } /> );
		await userEvent.click( screen.getByText( 'Read another log file' ) );
		await userEvent.type(
			screen.getByLabelText( 'Absolute path of a log file' ),
			'/var/log/nginx/shop-error.log'
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Add log file' } )
		);
		expect( mockedSave ).toHaveBeenCalledWith( [
			'/var/log/php-fpm/www-error.log',
			'/var/log/nginx/shop-error.log',
		] );
		await waitFor( () => expect( onSaved ).toHaveBeenCalled() );
	} );

	it( 'removes one path and keeps the others', async () => {
		mockedSave.mockResolvedValue( {
			host: 'web-1',
			sources: [],
			problems: [],
		} );
		render( <LogPaths sources={ sources } onSaved={ () => {} } /> );
		await userEvent.click( screen.getByText( 'Read another log file' ) );
		await userEvent.click(
			screen.getByRole( 'button', {
				name: 'Stop reading /var/log/php-fpm/www-error.log',
			} )
		);
		expect( mockedSave ).toHaveBeenCalledWith( [] );
	} );

	it( 'shows why the server refused a path', async () => {
		mockedSave.mockRejectedValue( {
			code: 'triage_log_invalid_path',
			message: '/etc/hostname does not look like a log.',
		} );
		const { container } = render(
			<LogPaths sources={ sources } onSaved={ () => {} } />
		);
		await userEvent.click( screen.getByText( 'Read another log file' ) );
		await userEvent.type(
			screen.getByLabelText( 'Absolute path of a log file' ),
			'/etc/hostname'
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Add log file' } )
		);
		await waitFor( () =>
			expect(
				container.querySelector(
					'.triage-log-paths .components-notice'
				)
			).toHaveTextContent( '/etc/hostname does not look like a log.' )
		);
	} );

	it( 'keeps the good paths and lists the ones the server could not take', async () => {
		mockedSave.mockResolvedValue( {
			host: 'web-1',
			sources,
			problems: [
				{
					path: '/var/log/php8.2-fpm.log',
					error: '/var/log/php8.2-fpm.log was added, but PHP cannot read it yet: php8.2-fpm.log is root:root 0600; make it 0640 root:adm and add www-data to adm',
					stored: true,
				},
			],
		} );
		const onSaved = vi.fn();
		const { container } = render(
			<LogPaths sources={ sources } onSaved={ onSaved } />
		);
		await userEvent.click( screen.getByText( 'Read another log file' ) );
		await userEvent.type(
			screen.getByLabelText( 'Absolute path of a log file' ),
			'/var/log/php8.2-fpm.log'
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Add log file' } )
		);
		await waitFor( () => expect( onSaved ).toHaveBeenCalled() );
		expect(
			container.querySelector( '.triage-log-paths .components-notice' )
		).toHaveTextContent( 'make it 0640 root:adm and add www-data to adm' );
	} );

	it( 'states the server’s rule for a log’s name: how it ends', async () => {
		render( <LogPaths sources={ sources } onSaved={ () => {} } /> );
		await userEvent.click( screen.getByText( 'Read another log file' ) );
		const rule = screen.getByText( /It must be a readable file/ );
		expect( rule ).toHaveTextContent(
			'whose name ends in .log (or .log.1, .log.2, …), .err or error_log.'
		);
		expect( rule ).not.toHaveTextContent( 'contains' );
	} );
} );
