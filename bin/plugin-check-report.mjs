/**
 * Judges Plugin Check's output (`wp plugin check --format=json`: a "FILE: <path>" line, then a JSON array of
 * findings, per file) against the reviewed allow-list. Prints every finding, the allow-list entries with
 * their reasons, and a one-line result; exits 1 on any error or warning the list does not name, and on
 * list entries that no longer match anything (so the list cannot silently outgrow the code).
 *
 * Usage: node bin/plugin-check-report.mjs <plugin-check output> <allow-list.json>
 */
import { readFileSync } from 'node:fs';

const [ outputPath, allowlistPath ] = process.argv.slice( 2 );
if ( ! outputPath || ! allowlistPath ) {
	console.error(
		'usage: plugin-check-report.mjs <plugin-check output> <allow-list.json>'
	);
	process.exit( 2 );
}

/**
 * Findings from Plugin Check's CLI output, each with its file.
 *
 * @param {string} text The command's standard output.
 * @return {Array<{file: string, line: number, type: string, code: string, message: string}>} Findings.
 */
function parse( text ) {
	const findings = [];
	let file = null;
	for ( const line of text.split( '\n' ) ) {
		if (
			line.trim() &&
			! line.startsWith( 'FILE: ' ) &&
			! line.startsWith( '[' )
		) {
			// Plugin Check's own words: runtime set-up, "Success: Checks complete. No errors found."
			console.log( line );
		}
		if ( line.startsWith( 'FILE: ' ) ) {
			file = line.slice( 'FILE: '.length ).trim();
		} else if ( file && line.startsWith( '[' ) ) {
			for ( const finding of JSON.parse( line ) ) {
				findings.push( { file, ...finding } );
			}
			file = null;
		}
	}
	return findings;
}

const output = readFileSync( outputPath, 'utf8' );
const findings = parse( output );
const { entries = [] } = JSON.parse( readFileSync( allowlistPath, 'utf8' ) );

const problems = [];
for ( const entry of entries ) {
	if ( ! entry.file || ! entry.code || ! entry.reason?.trim() ) {
		problems.push(
			`allow-list entry ${ JSON.stringify(
				entry
			) } needs a file, a code and a reason`
		);
	}
}
const allowedBy = ( finding ) =>
	entries.find(
		( entry ) =>
			entry.file === finding.file &&
			entry.code === finding.code &&
			( entry.line === undefined || entry.line === finding.line )
	);

let unexpected = 0;
for ( const finding of findings ) {
	const entry = allowedBy( finding );
	if ( entry ) {
		entry.matched = ( entry.matched ?? 0 ) + 1;
	} else {
		unexpected++;
	}
	console.log(
		`${ entry ? 'allowed' : 'FAIL   ' } ${ finding.type.padEnd( 7 ) } ${
			finding.file
		}:${ finding.line } ${ finding.code }\n        ${ finding.message }`
	);
}
for ( const entry of entries ) {
	if ( entry.file && entry.code && ! entry.matched ) {
		problems.push(
			`allow-list entry ${ entry.file } ${ entry.code } matches nothing: remove it`
		);
	}
}

const count = ( type, allowed ) =>
	findings.filter(
		( finding ) =>
			finding.type === type && Boolean( allowedBy( finding ) ) === allowed
	).length;
console.log( `allow-list (${ allowlistPath }): ${ entries.length } entries` );
for ( const entry of entries ) {
	console.log(
		`  ${ entry.file }${ entry.line ? ':' + entry.line : '' } ${
			entry.code
		}\n    reason: ${ entry.reason }`
	);
}
for ( const problem of problems ) {
	console.log( `FAIL ${ problem }` );
}
// Plugin Check prints this only when it found nothing at all; without it an empty parse means a broken run.
const clean = /Success: Checks complete\. No errors found\./.test( output );
if ( findings.length === 0 && ! clean ) {
	problems.push(
		'no findings and no success line: Plugin Check did not run'
	);
	console.log( `FAIL ${ problems.at( -1 ) }` );
}
console.log(
	`plugin check: ${ count( 'ERROR', false ) } errors, ${ count(
		'WARNING',
		false
	) } warnings outside the allow-list; ${ count( 'ERROR', true ) } errors, ${ count(
		'WARNING',
		true
	) } warnings allowed`
);
process.exit( unexpected > 0 || problems.length > 0 ? 1 : 0 );
