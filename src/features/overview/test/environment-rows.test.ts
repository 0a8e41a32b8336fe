import { environmentGroups, groupsToText } from '../environment-rows';
import { environmentFixture } from './environment-fixture';

function value( env: ReturnType< typeof environmentFixture >, id: string ) {
	const row = environmentGroups( env )
		.flatMap( ( group ) => group.rows )
		.find( ( candidate ) => candidate.id === id );
	if ( ! row ) {
		throw new Error( `no row ${ id }` );
	}
	return row;
}

describe( 'environmentGroups', () => {
	it( 'shows PHP with its SAPI and limits in readable units', () => {
		const env = environmentFixture();
		expect( value( env, 'php_version' ).value ).toBe( '8.2.36 (fpm-fcgi)' );
		expect( value( env, 'memory_limit' ).value ).toBe( '256 MB (256M)' );
		expect( value( env, 'peak_memory' ).value ).toBe(
			'4 MB (2% of memory_limit)'
		);
		expect( value( env, 'max_execution_time' ).value ).toBe( '30 s' );
	} );

	it( 'names unlimited settings instead of showing -1 bytes', () => {
		const env = environmentFixture( {
			memory_limit: { value: '-1', bytes: null, unlimited: true },
			max_execution_time: 0,
		} );
		expect( value( env, 'memory_limit' ).value ).toBe( 'no limit (-1)' );
		expect( value( env, 'peak_memory' ).value ).toBe( '4 MB' );
		expect( value( env, 'max_execution_time' ).value ).toBe(
			'no limit (0)'
		);
	} );

	it( 'explains a locked error_log that overrides WP_DEBUG_LOG', () => {
		const env = environmentFixture( {
			debug: {
				...environmentFixture().debug,
				log_file: '/var/log/php-fpm/www-error.log',
				log_file_source: 'overridden',
			},
		} );
		const row = value( env, 'log_file' );
		expect( row.value ).toBe( '/var/log/php-fpm/www-error.log' );
		expect( row.note ).toMatch( /php_admin_value/ );
	} );

	it( 'says errors go to the server log when there is no file', () => {
		const env = environmentFixture( {
			debug: {
				...environmentFixture().debug,
				log_file: null,
				log_file_source: 'server',
			},
		} );
		expect( value( env, 'log_file' ).value ).toBe( 'the server log' );
	} );

	it( 'shows a custom WP_DEBUG_LOG path and a default WP_DEBUG_DISPLAY', () => {
		const env = environmentFixture( {
			debug: {
				...environmentFixture().debug,
				wp_debug_log: '/srv/logs/wp.log',
				wp_debug_display: null,
			},
		} );
		expect( value( env, 'wp_debug_log' ).value ).toBe( '/srv/logs/wp.log' );
		expect( value( env, 'wp_debug_display' ).value ).toBe( 'default' );
	} );

	it( 'reports a maintenance file with its age', () => {
		const env = environmentFixture( {
			maintenance: { exists: true, age_seconds: 900 },
		} );
		expect( value( env, 'maintenance' ).value ).toBe(
			'present, 15 min old'
		);
	} );

	it( 'marks multisite and a missing server name', () => {
		const env = environmentFixture( {
			is_multisite: true,
			server_software: '',
		} );
		expect( value( env, 'wordpress_version' ).value ).toBe(
			'6.5.5 (multisite)'
		);
		expect( value( env, 'server_software' ).value ).toBe( 'not reported' );
	} );
} );

describe( 'groupsToText', () => {
	it( 'renders one heading per group and one line per fact', () => {
		const text = groupsToText( environmentGroups( environmentFixture() ) );
		expect( text ).toContain( '## Software\nWordPress: 6.5.5\n' );
		expect( text ).toContain( 'PHP memory_limit: 256 MB (256M)' );
		expect( text.split( '## ' ) ).toHaveLength( 5 );
	} );
} );
