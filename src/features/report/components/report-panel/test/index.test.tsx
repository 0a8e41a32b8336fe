import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';

import { saveFile } from '../../../../../shared/save-file';
import { fetchReport } from '../../../api';
import ReportPanel from '..';

vi.mock( '../../../api', async ( importOriginal ) => ( {
	...( await importOriginal< typeof import( '../../../api' ) >() ),
	fetchReport: vi.fn(),
} ) );
vi.mock( '../../../../../shared/save-file', () => ( { saveFile: vi.fn() } ) );

const markdown = '# Triage support report\n\n| Field | Value |\n';

function readBlob( blob: Blob ): Promise< string > {
	return new Promise( ( resolve ) => {
		const reader = new FileReader();
		reader.onload = () => resolve( String( reader.result ) );
		reader.readAsText( blob );
	} );
}

describe( 'ReportPanel', () => {
	beforeEach( () => {
		vi.mocked( fetchReport ).mockReset();
		vi.mocked( saveFile ).mockReset();
		vi.mocked( fetchReport ).mockImplementation( async ( format ) => ( {
			format,
			text: format === 'md' ? markdown : '{"version":1}',
		} ) );
	} );

	it( 'previews the Markdown the server sent', async () => {
		render( <ReportPanel /> );
		const preview = await screen.findByLabelText( 'Report preview' );
		expect( preview.textContent ).toBe( markdown );
		expect( fetchReport ).toHaveBeenCalledWith( 'md', false );
	} );

	it( 'downloads exactly the previewed answer', async () => {
		const user = userEvent.setup();
		render( <ReportPanel /> );
		await screen.findByLabelText( 'Report preview' );
		await user.click( screen.getByRole( 'button', { name: 'Download' } ) );
		expect( saveFile ).toHaveBeenCalledTimes( 1 );
		const [ blob, name ] = vi.mocked( saveFile ).mock.calls[ 0 ];
		expect( await readBlob( blob ) ).toBe( markdown );
		expect( name ).toMatch( /^triage-report-.*\.md$/ );
	} );

	it( 'asks again for JSON and for full paths', async () => {
		const user = userEvent.setup();
		render( <ReportPanel /> );
		await screen.findByLabelText( 'Report preview' );
		await user.selectOptions( screen.getByLabelText( 'Format' ), 'json' );
		await waitFor( () =>
			expect( fetchReport ).toHaveBeenLastCalledWith( 'json', false )
		);
		expect(
			( await screen.findByLabelText( 'Report preview' ) ).textContent
		).toBe( '{\n  "version": 1\n}' );
		await user.click(
			screen.getByLabelText(
				'Show full paths (otherwise relative to the site root)'
			)
		);
		await waitFor( () =>
			expect( fetchReport ).toHaveBeenLastCalledWith( 'json', true )
		);
	} );

	it( 'shows a refusal as an error notice', async () => {
		vi.mocked( fetchReport ).mockRejectedValue( {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to view Triage diagnostics.',
		} );
		render( <ReportPanel /> );
		expect(
			await screen.findByText(
				'Sorry, you are not allowed to view Triage diagnostics.'
			)
		).toBeTruthy();
		expect(
			screen.getByRole( 'button', { name: 'Download' } )
		).toBeDisabled();
	} );
} );
