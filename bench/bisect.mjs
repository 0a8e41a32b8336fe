/* eslint-disable no-console -- a benchmark prints its figures. */
/**
 * Drives automatic bisections on the lab through the REST API and prints probes and wall time per case.
 * Run by bench/bisect.sh, which brings the lab up with Triage and the 30 bisection fixtures active.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath( new URL( '..', import.meta.url ) );
const site = process.env.TRIAGE_BENCH_SITE;
const base = process.env.TRIAGE_BENCH_URL;

// The page's own search module, transpiled as is (it imports nothing).
const source = readFileSync( `${ root }src/features/bisect/search.ts`, 'utf8' );
const { outputText } = ts.transpileModule( source, {
	compilerOptions: {
		module: ts.ModuleKind.ESNext,
		target: ts.ScriptTarget.ES2020,
	},
} );
const { nextStep } = await import(
	'data:text/javascript;base64,' +
		Buffer.from( outputText ).toString( 'base64' )
);

const jar = new Map();
function remember( response ) {
	for ( const line of response.headers.getSetCookie() ) {
		const [ pair ] = line.split( ';' );
		const at = pair.indexOf( '=' );
		const name = pair.slice( 0, at );
		const value = pair.slice( at + 1 );
		if (
			/expires=Thu, 01-Jan-1970|Max-Age=0/i.test( line ) ||
			value === '' ||
			value === 'deleted'
		) {
			jar.delete( name );
		} else {
			jar.set( name, value );
		}
	}
}
const cookieHeader = () =>
	[ ...jar ]
		.map( ( [ name, value ] ) => `${ name }=${ value }` )
		.join( '; ' );

async function http( path, init = {} ) {
	const response = await fetch( base + path, {
		redirect: 'manual',
		...init,
		headers: { Cookie: cookieHeader(), ...( init.headers ?? {} ) },
	} );
	remember( response );
	return response;
}

let nonce = '';
async function rest( method, route, body ) {
	const response = await http( `/wp-json/triage/v1${ route }`, {
		method,
		headers: { 'X-WP-Nonce': nonce, 'Content-Type': 'application/json' },
		body: body ? JSON.stringify( body ) : undefined,
	} );
	const data = await response.json();
	if ( ! response.ok ) {
		throw new Error(
			`${ method } ${ route }: ${ response.status } ${ JSON.stringify( data ) }`
		);
	}
	return data;
}

function lab( ...args ) {
	execFileSync( 'php', [ `${ root }tests/lab/bisect.php`, site, ...args ] );
}

/** Empties the lab's debug.log, so no earlier fatal makes a suspect (unless a case wants one). */
function forgetFatals() {
	const log = `${ site }/wp-content/debug.log`;
	if ( existsSync( log ) ) {
		truncateSync( log );
	}
}

jar.set( 'wordpress_test_cookie', 'WP%20Cookie%20check' );
await http( '/wp-login.php', {
	method: 'POST',
	headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
	body: 'log=admin&pwd=password&wp-submit=Log+In&testcookie=1',
} );
nonce = await (
	await http( '/wp-admin/admin-ajax.php?action=rest-nonce' )
).text();
await rest( 'POST', '/safe-mode', { keep: [], expires_in: 14400 } );

const { candidates } = await rest( 'GET', '/bisect' );
const ids = candidates.map( ( candidate ) => candidate.id );
const name = ( id ) =>
	candidates.find( ( candidate ) => candidate.id === id )?.name ?? id;
const fatal = ids.find( ( id ) => id.includes( 'fatal-on-load' ) );

async function bisect(
	label,
	scenario,
	order,
	symptom,
	repeats = 1,
	suspect = false
) {
	if ( ! suspect ) {
		forgetFatals();
	}
	lab( 'scenario', scenario );
	const started = performance.now();
	let state = await rest( 'POST', '/bisect', {
		mode: 'auto',
		candidates: order,
		repeats,
		symptom: {
			url: '/',
			timeout: 15,
			tests: { status: true, fatal: true },
			...symptom,
		},
	} );
	let step;
	for (;;) {
		const session = state.session;
		step = nextStep(
			{
				candidates: session.candidates,
				suspects: session.suspects,
				repeats: session.repeats,
			},
			session.observations
		);
		if ( step.kind === 'done' ) {
			break;
		}
		state = await rest( 'POST', '/bisect/probe', {
			set: step.set,
			expected: session.observations.length,
		} );
	}
	const seconds = ( performance.now() - started ) / 1000;
	const observations = state.session.observations;
	const probeTimes = observations
		.map( ( o ) => o.probe.time )
		.sort( ( a, b ) => a - b );
	const outcome = step.outcome;
	const named =
		outcome.kind === 'culprits'
			? outcome.groups
					.map( ( group ) => group.map( name ).join( ' + ' ) )
					.join( '; ' )
			: outcome.kind;
	await rest( 'DELETE', '/bisect' );
	lab( 'scenario', 'off' );
	const row = {
		label,
		candidates: order.length,
		suspects: state.session.suspects.length,
		probes: observations.length,
		afterConfirmation: observations.length - 2,
		seconds: Number( seconds.toFixed( 2 ) ),
		medianProbe: probeTimes[ Math.floor( probeTimes.length / 2 ) ],
		result: named,
	};
	console.log(
		`${ label.padEnd( 44 ) } n=${ row.candidates } probes=${ String( row.probes ).padStart( 2 ) } (after confirmation ${ row.afterConfirmation }) wall=${ row.seconds.toFixed( 2 ) } s median probe=${ row.medianProbe.toFixed( 3 ) } s → ${ named }`
	);
	return row;
}

console.log(
	`Bisection benchmark: ${ ids.length } candidates on ${ base } (nginx + PHP-FPM 8.2 + MariaDB)`
);
const rows = [];
// The culprit at five positions of the search order (first, early, middle, late, last).
for ( const position of [ 0, 7, 15, 22, ids.length - 1 ] ) {
	const others = ids.filter( ( id ) => id !== fatal );
	const order = [
		...others.slice( 0, position ),
		fatal,
		...others.slice( position ),
	];
	rows.push(
		await bisect(
			`one culprit (fatal on load) at position ${ position + 1 }`,
			'fatal',
			order,
			{}
		)
	);
}
rows.push(
	await bisect(
		'one culprit, every verdict repeated twice',
		'fatal',
		ids,
		{},
		2
	)
);
// A visitor's request logs the fatal error first: the plugin it names is a suspect and is tested first.
forgetFatals();
lab( 'scenario', 'fatal' );
await fetch( base + '/' );
rows.push(
	await bisect(
		'one culprit named in a recent fatal (suspect)',
		'fatal',
		ids,
		{},
		1,
		true
	)
);
rows.push( await bisect( 'one culprit (exhausts memory)', 'memory', ids, {} ) );
rows.push(
	await bisect(
		'one culprit that hangs (broken: slower than 3 s)',
		'sleep',
		ids,
		{
			tests: { status: true, fatal: true, slower_than: 3 },
		}
	)
);
rows.push( await bisect( 'a pair that fails only together', 'pair', ids, {} ) );
rows.push( await bisect( 'no culprit (no symptom)', 'off', ids, {} ) );
rows.push(
	await bisect( 'a symptom plugins do not cause', 'off', ids, {
		tests: {
			status: false,
			fatal: false,
			lacks: 'text no page of this site contains',
		},
	} )
);
const single = rows.slice( 0, 5 );
console.log(
	`\nOne culprit among ${ ids.length }: probes max ${ Math.max( ...single.map( ( r ) => r.probes ) ) }, mean ${ (
		single.reduce( ( sum, r ) => sum + r.probes, 0 ) / single.length
	).toFixed(
		1
	) }; wall time max ${ Math.max( ...single.map( ( r ) => r.seconds ) ).toFixed( 2 ) } s (goal: ≤ 8 probes, < 60 s).`
);
