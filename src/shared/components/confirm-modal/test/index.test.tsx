import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import ConfirmModal from '..';

describe( 'ConfirmModal', () => {
	it( 'says what will change and offers Cancel and the named action', async () => {
		const onConfirm = vi.fn();
		const onCancel = vi.fn();
		render(
			<ConfirmModal
				title="Archive this log?"
				confirmLabel="Archive and clear"
				onConfirm={ onConfirm }
				onCancel={ onCancel }
			>
				<p>debug.log will be renamed.</p>
			</ConfirmModal>
		);
		const dialog = screen.getByRole( 'dialog', {
			name: 'Archive this log?',
		} );
		expect( dialog ).toHaveTextContent( 'debug.log will be renamed.' );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Archive and clear' } )
		);
		expect( onConfirm ).toHaveBeenCalledTimes( 1 );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Cancel' } )
		);
		expect( onCancel ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'disables both buttons while busy and hides the action when impossible', () => {
		const { rerender } = render(
			<ConfirmModal
				title="T"
				confirmLabel="Go"
				onConfirm={ () => {} }
				onCancel={ () => {} }
				isBusy
			>
				<p>x</p>
			</ConfirmModal>
		);
		expect(
			screen.getByRole( 'button', { name: 'Cancel' } )
		).toBeDisabled();
		expect( screen.getByRole( 'button', { name: 'Go' } ) ).toBeDisabled();
		rerender(
			<ConfirmModal
				title="T"
				confirmLabel="Go"
				onConfirm={ () => {} }
				onCancel={ () => {} }
				canConfirm={ false }
			>
				<p>x</p>
			</ConfirmModal>
		);
		expect( screen.queryByRole( 'button', { name: 'Go' } ) ).toBeNull();
		rerender(
			<ConfirmModal
				title="T"
				confirmLabel="Go"
				onConfirm={ () => {} }
				onCancel={ () => {} }
				isWaiting
			>
				<p>x</p>
			</ConfirmModal>
		);
		expect( screen.getByRole( 'button', { name: 'Go' } ) ).toBeDisabled();
		expect(
			screen.getByRole( 'button', { name: 'Cancel' } )
		).toBeEnabled();
	} );
} );
