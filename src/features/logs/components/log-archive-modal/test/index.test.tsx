import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import type { LogSource } from '../../../types';
import LogArchiveModal from '..';

const source: LogSource = {
	id: 'debug',
	label: 'WordPress debug log',
	kind: 'php',
	origin: 'wp_debug_log',
	path: '/srv/wp-content/debug.log',
	archivable: true,
	exists: true,
	readable: true,
	size: 2048,
	modified: 1000,
	error: '',
};

describe( 'LogArchiveModal', () => {
	it( 'waits for the plan before allowing the archive', () => {
		render(
			<LogArchiveModal
				source={ source }
				plan={ null }
				error={ null }
				isBusy={ false }
				onConfirm={ () => {} }
				onCancel={ () => {} }
			/>
		);
		expect(
			screen.getByRole( 'button', { name: 'Archive and clear' } )
		).toBeDisabled();
	} );

	it( 'says exactly what will change and confirms', async () => {
		const onConfirm = vi.fn();
		const onCancel = vi.fn();
		render(
			<LogArchiveModal
				source={ source }
				plan={ {
					source: 'debug',
					dry_run: true,
					archived: false,
					archive: 'debug.log.20261120-100000-abcdef01',
					bytes: 2048,
					removed: [ 'debug.log.20260101-000000-00000001' ],
					kept: 5,
				} }
				error={ null }
				isBusy={ false }
				onConfirm={ onConfirm }
				onCancel={ onCancel }
			/>
		);
		expect( screen.getByRole( 'dialog' ) ).toHaveTextContent(
			'/srv/wp-content/debug.log (2 KB) will be renamed to debug.log.20261120-100000-abcdef01 in the same folder'
		);
		expect( screen.getByRole( 'dialog' ) ).toHaveTextContent(
			'these older archives will be deleted: debug.log.20260101-000000-00000001.'
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Archive and clear' } )
		);
		expect( onConfirm ).toHaveBeenCalledTimes( 1 );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Cancel' } )
		);
		expect( onCancel ).toHaveBeenCalled();
	} );

	it( 'shows a failure', () => {
		render(
			<LogArchiveModal
				source={ source }
				plan={ null }
				error={ {
					code: 'triage_log_dir_read_only',
					message: 'Read-only.',
				} }
				isBusy={ false }
				onConfirm={ () => {} }
				onCancel={ () => {} }
			/>
		);
		expect( screen.getByRole( 'dialog' ) ).toHaveTextContent(
			'Read-only.'
		);
	} );
	it( 'explains a refusal on a hardened site with what to do by hand', () => {
		render(
			<LogArchiveModal
				source={ source }
				plan={ null }
				error={ {
					code: 'triage_file_mods_disallowed',
					message:
						'This site does not let administrators change its files (DISALLOW_FILE_MODS is set), so Triage does not archive or clear the log. Nothing was changed. To clear it by hand on the server:',
					data: {
						status: 409,
						manual: 'Rename /srv/wp-content/debug.log (for example by adding the date to its name), then create an empty file with its name, owner and permissions.',
					},
				} }
				isBusy={ false }
				onConfirm={ () => {} }
				onCancel={ () => {} }
			/>
		);
		const dialog = screen.getByRole( 'dialog' );
		expect( dialog ).toHaveTextContent( 'DISALLOW_FILE_MODS is set' );
		expect( dialog ).toHaveTextContent(
			'Rename /srv/wp-content/debug.log (for example'
		);
		expect( dialog ).toHaveTextContent(
			'Error code: triage_file_mods_disallowed'
		);
		expect(
			screen.getByRole( 'button', { name: 'Archive and clear' } )
		).toBeDisabled();
	} );
} );
