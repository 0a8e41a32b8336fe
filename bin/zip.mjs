/**
 * Packs the runtime files into triage.zip (folder triage/ inside), the file users upload to WordPress.
 * Only an allowlist goes in: no sources, tests, or dev configuration. Node-only, so `npm run build`
 * needs no zip tool on the machine.
 */
/* eslint-disable no-bitwise -- the zip format packs dates and modes into bit fields. */
import { deflateRawSync, crc32 } from 'node:zlib';
import {
	readFileSync,
	readdirSync,
	statSync,
	writeFileSync,
	existsSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join( fileURLToPath( import.meta.url ), '..', '..' );
const RUNTIME = [
	'plugin.php',
	'uninstall.php',
	'readme.txt',
	'includes',
	'build',
	'assets',
	'mu-plugin',
	// The stand-in theme bisection probes and safe mode load when no other theme can replace the active one.
	'themes',
	'languages',
];
const output = join( root, 'triage.zip' );

function collect( path ) {
	if ( ! existsSync( path ) ) {
		return [];
	}
	if ( statSync( path ).isDirectory() ) {
		return readdirSync( path )
			.sort()
			.flatMap( ( name ) => collect( join( path, name ) ) );
	}
	return [ path ];
}

// DOS date and time, as the zip format stores them.
function dosDateTime( date ) {
	return {
		time:
			( date.getHours() << 11 ) |
			( date.getMinutes() << 5 ) |
			Math.floor( date.getSeconds() / 2 ),
		date:
			( ( date.getFullYear() - 1980 ) << 9 ) |
			( ( date.getMonth() + 1 ) << 5 ) |
			date.getDate(),
	};
}

const files = RUNTIME.flatMap( ( entry ) => collect( join( root, entry ) ) );
if ( ! files.some( ( file ) => file.endsWith( `build${ sep }index.js` ) ) ) {
	console.error( 'build/index.js is missing: run wp-scripts build first.' );
	process.exit( 1 );
}

const locals = [];
const centrals = [];
let offset = 0;
for ( const file of files ) {
	const name = Buffer.from(
		'triage/' + relative( root, file ).split( sep ).join( '/' )
	);
	const data = readFileSync( file );
	const packed = deflateRawSync( data, { level: 9 } );
	const checksum = crc32( data );
	const { time, date } = dosDateTime( statSync( file ).mtime );

	const local = Buffer.alloc( 30 );
	local.writeUInt32LE( 0x04034b50, 0 );
	local.writeUInt16LE( 20, 4 ); // version needed
	local.writeUInt16LE( 0x0800, 6 ); // UTF-8 names
	local.writeUInt16LE( 8, 8 ); // deflate
	local.writeUInt16LE( time, 10 );
	local.writeUInt16LE( date, 12 );
	local.writeUInt32LE( checksum, 14 );
	local.writeUInt32LE( packed.length, 18 );
	local.writeUInt32LE( data.length, 22 );
	local.writeUInt16LE( name.length, 26 );
	locals.push( local, name, packed );

	const central = Buffer.alloc( 46 );
	central.writeUInt32LE( 0x02014b50, 0 );
	central.writeUInt16LE( 0x0314, 4 ); // made by: Unix, 2.0
	central.writeUInt16LE( 20, 6 );
	central.writeUInt16LE( 0x0800, 8 );
	central.writeUInt16LE( 8, 10 );
	central.writeUInt16LE( time, 12 );
	central.writeUInt16LE( date, 14 );
	central.writeUInt32LE( checksum, 16 );
	central.writeUInt32LE( packed.length, 20 );
	central.writeUInt32LE( data.length, 24 );
	central.writeUInt16LE( name.length, 28 );
	central.writeUInt32LE( ( 0o100644 << 16 ) >>> 0, 38 ); // -rw-r--r--
	central.writeUInt32LE( offset, 42 );
	centrals.push( central, name );

	offset += local.length + name.length + packed.length;
}

const directory = Buffer.concat( centrals );
const end = Buffer.alloc( 22 );
end.writeUInt32LE( 0x06054b50, 0 );
end.writeUInt16LE( files.length, 8 );
end.writeUInt16LE( files.length, 10 );
end.writeUInt32LE( directory.length, 12 );
end.writeUInt32LE( offset, 16 );

writeFileSync( output, Buffer.concat( [ ...locals, directory, end ] ) );
console.log(
	`triage.zip: ${ files.length } files, ${ Math.round(
		( offset + directory.length + 22 ) / 1024
	) } KB`
);
