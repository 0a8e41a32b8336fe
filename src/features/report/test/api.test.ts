import { previewText, reportFileName } from '../api';

describe( 'reportFileName', () => {
	it( 'names the host, the time and the format', () => {
		expect(
			reportFileName(
				'shop.example.com',
				'md',
				new Date( '2026-12-02T03:04:05.678Z' )
			)
		).toBe( 'triage-report-shop.example.com-2026-12-02T030405Z.md' );
	} );

	it( 'keeps only safe characters', () => {
		expect(
			reportFileName(
				'[::1]',
				'json',
				new Date( '2026-12-02T00:00:00Z' )
			)
		).toBe( 'triage-report-1-2026-12-02T000000Z.json' );
		expect(
			reportFileName( '', 'md', new Date( '2026-12-02T00:00:00Z' ) )
		).toBe( 'triage-report-site-2026-12-02T000000Z.md' );
	} );
} );

describe( 'previewText', () => {
	it( 'shows Markdown as sent', () => {
		expect( previewText( { format: 'md', text: '# A\n' } ) ).toBe(
			'# A\n'
		);
	} );

	it( 'indents JSON, and shows text that is not JSON as it is', () => {
		expect( previewText( { format: 'json', text: '{"a":1}' } ) ).toBe(
			'{\n  "a": 1\n}'
		);
		expect( previewText( { format: 'json', text: 'oops' } ) ).toBe(
			'oops'
		);
	} );
} );
