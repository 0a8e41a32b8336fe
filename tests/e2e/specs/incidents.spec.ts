import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LAB_SITE, TRIAGE_PAGE, labWordPressVersion } from '../lab';

/**
 * Issue 12's acceptance: each failure provoked on the lab by its real mechanism (tests/lab/provoke.sh), the
 * lab recovered, then the Overview opened in Chromium: the newest incident names the cause and the fix.
 * The lab is laid out like Debian's install (tests/lab/stack.sh) and Triage is given no path by hand: it
 * finds the running nginx, PHP-FPM and their logs by itself. Where a file's mode hides the evidence
 * (php8.2-fpm.log is root 0600 as PHP-FPM creates it), the Overview must say which file and how to open it.
 */

const LAB = join( LAB_SITE, '..' );
const FPM_LOG = join( LAB, 'var', 'log', 'php8.2-fpm.log' );
const NGINX_LOG = join( LAB, 'var', 'log', 'nginx', 'error.log' );
const FIXTURE = 'triage-fixture-incidents';
// What provoke.sh sends for each death the flight recorder must see: SIGKILL (as the OOM killer does), and
// request_terminate_timeout (3 s, then SIGTERM).
const KILLED: Array< { failure: string; what: string; url: string } > = [
	{
		failure: 'sigkill',
		what: 'a SIGKILLed request',
		url: '/?triage_incident=sleep&seconds=20',
	},
	{
		failure: 'terminate',
		what: 'a request ended by request_terminate_timeout',
		url: '/?triage_incident=sleep&seconds=8',
	},
];
const LOADER = join(
	LAB_SITE,
	'wp-content',
	'mu-plugins',
	'triage-loader.php'
);
const TABLE = join(
	'artifacts',
	'e2e',
	`incidents-table-${ process.env.TRIAGE_LAB_PORT ?? '8889' }.jsonl`
);

interface Provoked {
	failure: string;
	started: number;
	ended: number;
	statuses: number[];
}

interface Incident {
	id: string;
	cause: string;
	severity: string;
	title: string;
	sentence: string;
	start: number;
	end: number;
	requests: number;
	statuses: Array< { status: number; count: number } >;
	urls: string[];
	pool: string | null;
	culprit: { type: string; slug: string; name: string } | null;
	evidence: Array< { source: string; path: string; lines: string[] } >;
	fix: { summary: string; steps: string[] };
	certainty: string;
}

interface Incidents {
	incidents: Incident[];
	sources: Array< {
		id: string;
		path: string;
		role: string;
		readable: boolean;
		fix: string | null;
	} >;
	stack: {
		found_from: string;
		web: {
			software: string | null;
			config: string | null;
			server_block: {
				file: string;
				root: string;
				fastcgi_read_timeout: number;
			} | null;
		};
		fpm: {
			config: string | null;
			pool: { name: string; file: string; listen: string } | null;
			pools: string[];
		};
	};
	blind_spots: string[];
}

/**
 * Runs a lab script (tests/lab/<name>.sh) and returns its last line, parsed.
 *
 * @param name Script name.
 * @param args Arguments.
 */
function lab< T >( name: string, ...args: string[] ): T {
	const output = execFileSync(
		'bash',
		[ join( __dirname, '..', '..', 'lab', `${ name }.sh` ), ...args ],
		{ encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'pipe' ] }
	);
	const lines = output.trim().split( '\n' );
	return JSON.parse( lines[ lines.length - 1 ] ) as T;
}

const provoke = ( failure: string ) => lab< Provoked >( 'provoke', failure );
const recover = () => lab< { recovered: number } >( 'recover' );

/**
 * GET /triage/v1/incidents from the page, with the nonce, as the Overview asks it.
 *
 * @param page A page showing the Triage screen.
 */
function incidentsFromPage( page: Page ): Promise< Incidents > {
	return page.evaluate( async () => {
		const nonce = await (
			await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
		).text();
		const response = await fetch(
			'/wp-json/triage/v1/incidents?window=3600&per_page=50',
			{ headers: { 'X-WP-Nonce': nonce } }
		);
		if ( ! response.ok ) {
			throw new Error(
				`GET /triage/v1/incidents answered ${
					response.status
				}: ${ await response.text() }`
			);
		}
		return response.json();
	} );
}

interface Recorder {
	on: boolean;
	until: number | null;
	markers: number;
}

/**
 * POST /triage/v1/incidents/recorder from the page, with the nonce, as the Incidents tab does.
 *
 * @param page         A page showing the Triage screen.
 * @param body         What to do.
 * @param body.action  Start or stop.
 * @param body.minutes For how long (start only).
 */
function recorderFromPage(
	page: Page,
	body: { action: 'start' | 'stop'; minutes?: number }
): Promise< Recorder > {
	return page.evaluate( async ( request ) => {
		const nonce = await (
			await fetch( '/wp-admin/admin-ajax.php?action=rest-nonce' )
		).text();
		const response = await fetch( '/wp-json/triage/v1/incidents/recorder', {
			method: 'POST',
			headers: {
				'X-WP-Nonce': nonce,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( request ),
		} );
		if ( ! response.ok ) {
			throw new Error(
				`POST /triage/v1/incidents/recorder answered ${
					response.status
				}: ${ await response.text() }`
			);
		}
		return response.json();
	}, body );
}

/**
 * Opens the Overview and returns "What happened" once it has read the logs.
 *
 * @param page Page.
 */
async function openOverview( page: Page ) {
	await page.goto( TRIAGE_PAGE );
	const card = page.locator( '.triage-incidents' ).first();
	await expect(
		card.getByRole( 'heading', { name: 'What happened' } )
	).toBeVisible();
	await expect( card.locator( '.triage-incidents__loading' ) ).toHaveCount(
		0
	);
	return card;
}

/**
 * The incident of the provocation: among those whose time overlaps it, the one that names the expected
 * cause, else the latest; and the newest of all (the server lists the latest end first, as the Overview does).
 *
 * @param data     The REST answer.
 * @param provoked What provoke.sh reported.
 * @param cause    The cause expected.
 */
function incidentOf( data: Incidents, provoked: Provoked, cause: string ) {
	const overlapping = data.incidents
		.filter(
			( incident ) =>
				incident.end >= provoked.started - 1 &&
				incident.start <= provoked.ended + 2
		)
		.sort( ( a, b ) => b.start - a.start || b.end - a.end );
	return {
		incident:
			overlapping.find( ( incident ) => incident.cause === cause ) ??
			overlapping[ 0 ],
		newest: data.incidents[ 0 ],
	};
}

/**
 * The sentence as a pattern whose numbers may differ: an ongoing incident's start ("Since 04:47:27", now minus
 * the file's age) is computed again by the page's own request a second later.
 *
 * @param sentence The sentence from the REST answer.
 */
function loosely( sentence: string ): RegExp {
	return new RegExp(
		sentence
			.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' )
			.replace( /\d+/g, '\\d+' )
	);
}

/**
 * Records what the Overview said, for the closing note's table (artifacts/e2e/incidents-table-<port>.jsonl).
 *
 * @param row The row.
 */
function record( row: Record< string, unknown > ) {
	mkdirSync( join( 'artifacts', 'e2e' ), { recursive: true } );
	appendFileSync(
		TABLE,
		JSON.stringify( {
			wordpress: labWordPressVersion(),
			at: new Date().toISOString(),
			...row,
		} ) + '\n'
	);
}

interface Case {
	/** The tests/lab/provoke.sh argument. */
	failure: string;
	/** What happens, for the test title. */
	what: string;
	/** The cause the newest incident must name. */
	cause: string;
	/** At least one request got one of these. */
	statuses: number[];
	/** The fix (summary and steps) names this. */
	fix: RegExp;
	/** The culprit plugin, when the evidence names it. */
	culprit?: string;
	/** Open the Overview before recover.sh: the site works again while the setting that caused it stays. */
	overviewBeforeRecovery?: boolean;
}

/**
 * Provokes the case, recovers, opens the Overview and checks the newest incident there and in the REST answer.
 *
 * @param page A page.
 * @param c    The case.
 */
async function provokeAndRead( page: Page, c: Case ) {
	const provoked = provoke( c.failure );
	expect(
		provoked.statuses.some( ( status ) => c.statuses.includes( status ) ),
		`${ c.failure }: the site answered ${ provoked.statuses.join( ', ' ) }`
	).toBe( true );
	if ( ! c.overviewBeforeRecovery ) {
		recover();
	}
	const card = await openOverview( page );
	const data = await incidentsFromPage( page );
	const { incident, newest } = incidentOf( data, provoked, c.cause );
	record( {
		failure: c.failure,
		statuses: provoked.statuses,
		cause: incident?.cause ?? null,
		title: incident?.title ?? null,
		sentence: incident?.sentence ?? null,
		fix: incident?.fix.summary ?? null,
		culprit: incident?.culprit?.slug ?? null,
		certainty: incident?.certainty ?? null,
		newest_cause: newest?.cause ?? null,
		newest_sentence: newest?.sentence ?? null,
		blind_spots: data.blind_spots,
	} );
	expect(
		incident,
		`${ c.failure }: no incident between ${ provoked.started } and ${ provoked.ended }`
	).toBeTruthy();
	expect( incident.cause, incident.sentence ).toBe( c.cause );
	expect(
		[ incident.fix.summary, ...incident.fix.steps ].join( '\n' )
	).toMatch( c.fix );
	if ( c.culprit ) {
		expect( incident.culprit?.slug ).toBe( c.culprit );
	}
	// The Overview shows it first (newest first), with its sentence and the fix one click away.
	expect( newest.id, `the newest incident is "${ newest.sentence }"` ).toBe(
		incident.id
	);
	const item = card.locator( 'li.triage-incident' ).first();
	await expect( item ).toHaveAttribute( 'data-cause', c.cause );
	await expect( item ).toContainText( loosely( incident.sentence ) );
	await item.getByRole( 'button', { name: 'How to fix it' } ).click();
	await expect( item ).toContainText( incident.fix.summary );
	if ( c.overviewBeforeRecovery ) {
		recover();
	}
	return { incident, data, card, provoked };
}

const RECOVERED_FIRST: Case[] = [
	{
		failure: 'fpm-stopped',
		what: 'PHP-FPM stopped (socket removed)',
		cause: 'fpm_stopped',
		statuses: [ 502 ],
		fix: /PHP-FPM|php-fpm/,
	},
	{
		failure: 'fpm-crashed',
		what: 'PHP-FPM killed, its socket left behind',
		cause: 'fpm_not_listening',
		statuses: [ 502 ],
		fix: /PHP-FPM|php-fpm/,
	},
	{
		failure: 'saturated-unix',
		what: 'a static pool of one worker with listen.backlog = 1 on a unix socket, under a burst',
		cause: 'pool_saturated',
		statuses: [ 502 ],
		fix: /pm\.max_children/,
	},
	{
		failure: 'saturated-tcp',
		what: 'the same pool over TCP',
		cause: 'pool_saturated',
		statuses: [ 504 ],
		fix: /pm\.max_children/,
	},
	{
		failure: 'header',
		what: 'a response header over the fastcgi buffer',
		cause: 'header_too_big',
		statuses: [ 502 ],
		fix: /fastcgi_buffer/,
	},
	{
		failure: 'memory',
		what: 'memory_limit exhausted by a plugin',
		cause: 'memory_limit',
		statuses: [ 500 ],
		fix: /memory/i,
		culprit: FIXTURE,
	},
	{
		failure: 'fatal',
		what: 'a plugin fatal error',
		cause: 'plugin_fatal',
		statuses: [ 500 ],
		fix: /deactivate|plugin/i,
		culprit: FIXTURE,
	},
	{
		failure: 'database',
		what: 'MariaDB stopped and started',
		cause: 'database_unreachable',
		statuses: [ 500 ],
		fix: /database|MariaDB|MySQL/i,
	},
	{
		failure: 'external',
		what: 'a plugin calling a service that never answers',
		cause: 'external_service',
		statuses: [ 200 ],
		fix: /time-?out|service|plugin/i,
		culprit: FIXTURE,
	},
];

const SETTING_STAYS: Case[] = [
	{
		failure: 'read-timeout',
		what: "nginx's fastcgi_read_timeout shorter than the script",
		cause: 'web_read_timeout',
		statuses: [ 504 ],
		fix: /fastcgi_read_timeout/,
		overviewBeforeRecovery: true,
	},
	{
		failure: 'max-execution',
		what: 'max_execution_time',
		cause: 'max_execution_time',
		statuses: [ 500 ],
		fix: /max_execution_time/,
		overviewBeforeRecovery: true,
	},
	{
		failure: 'maintenance',
		what: 'a stale .maintenance',
		cause: 'maintenance_stuck',
		statuses: [ 200, 503 ],
		fix: /\.maintenance/,
		overviewBeforeRecovery: true,
	},
	{
		failure: 'cron',
		what: 'cron disabled with overdue events',
		cause: 'cron_pileup',
		statuses: [ 200 ],
		fix: /DISABLE_WP_CRON|cron/i,
		overviewBeforeRecovery: true,
	},
];

// PHP-FPM's own log tells these apart; nginx logs the same "104: Connection reset by peer" for all three.
const WORKER_DEATHS: Case[] = [
	{
		failure: 'terminate',
		what: 'request_terminate_timeout',
		cause: 'request_terminate_timeout',
		statuses: [ 502 ],
		fix: /request_terminate_timeout/,
		overviewBeforeRecovery: true,
	},
	{
		failure: 'segfault',
		what: 'a worker that segfaults (C stack overflow)',
		cause: 'worker_segfault',
		statuses: [ 502 ],
		fix: /core dump|extension|OPcache|JIT/i,
	},
	{
		failure: 'sigkill',
		what: 'a worker killed with SIGKILL',
		cause: 'worker_killed',
		statuses: [ 502 ],
		fix: /memory|OOM|pm\.max_children/i,
	},
];

test.describe( 'Incidents on the lab, each provoked for real', () => {
	test.describe.configure( { timeout: 120_000 } );

	test.afterEach( () => {
		recover();
	} );

	test( 'finds the running stack from its processes, not /etc', async ( {
		page,
	} ) => {
		await openOverview( page );
		const { stack, sources } = await incidentsFromPage( page );
		expect( stack.found_from ).toBe( 'proc' );
		expect( stack.web.software ).toBe( 'nginx' );
		expect( stack.web.config ).toBe(
			join( LAB, 'etc', 'nginx', 'nginx.conf' )
		);
		// The block that serves this site among three on the same port.
		expect( stack.web.server_block?.root.replace( /\/$/, '' ) ).toBe(
			LAB_SITE
		);
		expect( stack.web.server_block?.file ).toMatch(
			/\/etc\/nginx\/sites-(available|enabled)\/wordpress$/
		);
		expect( stack.web.server_block?.fastcgi_read_timeout ).toBe( 120 );
		expect( stack.fpm.config ).toBe(
			join( LAB, 'etc', 'php', '8.2', 'fpm', 'php-fpm.conf' )
		);
		expect( stack.fpm.pool?.name ).toBe( 'wordpress' );
		expect( stack.fpm.pools ).toEqual(
			expect.arrayContaining( [ 'www', 'wordpress' ] )
		);
		// nginx's log is read from where the running master writes it; the distribution's stays unused.
		const nginx = sources.find( ( source ) => source.path === NGINX_LOG );
		expect( nginx?.readable ).toBe( true );
		expect(
			sources.some(
				( source ) => source.path === '/var/log/nginx/error.log'
			)
		).toBe( false );
	} );

	test( 'says which file hides the evidence of a dead worker, and how to open it', async ( {
		page,
	} ) => {
		const provoked = provoke( 'segfault' );
		expect( provoked.statuses ).toContain( 502 );
		recover();
		const card = await openOverview( page );
		const data = await incidentsFromPage( page );
		const { incident } = incidentOf( data, provoked, 'unknown' );
		record( {
			failure: 'segfault (php8.2-fpm.log root 0600)',
			statuses: provoked.statuses,
			cause: incident?.cause ?? null,
			sentence: incident?.sentence ?? null,
			fix: incident?.fix.summary ?? null,
			blind_spots: data.blind_spots,
		} );
		// The 502 is there from nginx's log even though PHP-FPM's cannot be read.
		expect( incident ).toBeTruthy();
		expect( incident.statuses.map( ( s ) => s.status ) ).toContain( 502 );
		const spot = data.blind_spots.find( ( text ) =>
			text.includes( 'php8.2-fpm.log' )
		);
		expect( spot, data.blind_spots.join( '\n' ) ).toBeTruthy();
		expect( spot ).toMatch( /root:root/ );
		expect( spot ).toMatch( /0600/ );
		expect( spot ).toMatch( /0640|chmod|adm|error_log/ );
		await expect( card ).toContainText( 'php8.2-fpm.log' );
		await expect( card ).toContainText( /0600/ );
	} );

	for ( const c of [ ...RECOVERED_FIRST, ...SETTING_STAYS ] ) {
		test( `${ c.what }: names ${ c.cause } and its fix`, async ( {
			page,
		} ) => {
			const { incident } = await provokeAndRead( page, c );
			expect( incident.fix.summary ).not.toBe( '' );
		} );
	}

	test.describe( 'with php8.2-fpm.log opened to the PHP user, as Triage advises', () => {
		test.beforeAll( () => {
			lab( 'fpm-log', 'open' );
		} );

		test.afterAll( () => {
			lab( 'fpm-log', 'close' );
		} );

		for ( const c of WORKER_DEATHS ) {
			test( `${ c.what }: names ${ c.cause } and its fix`, async ( {
				page,
			} ) => {
				const { incident, data, provoked } = await provokeAndRead(
					page,
					c
				);
				// nginx's "104: Connection reset by peer" joined to PHP-FPM's line of the same second.
				const paths = incident.evidence.map( ( item ) => item.path );
				expect( paths ).toEqual(
					expect.arrayContaining( [ NGINX_LOG, FPM_LOG ] )
				);
				// One event: the SIGTERM exit after "execution timed out" is not a second incident.
				const deaths = [
					'request_terminate_timeout',
					'worker_segfault',
					'worker_killed',
					'killed_requests',
					'unknown',
				];
				expect(
					data.incidents.filter(
						( other ) =>
							deaths.includes( other.cause ) &&
							other.end >= provoked.started - 1 &&
							other.start <= provoked.ended + 2
					)
				).toHaveLength( 1 );
			} );
		}
	} );

	// Where PHP-FPM's log cannot be read, the recorder is what names a killed request (issue 12, Deliver 4).
	test.describe( 'with php8.2-fpm.log closed and the flight recorder on', () => {
		test.beforeAll( () => {
			lab( 'fpm-log', 'close' );
		} );

		// Whatever the test did, the loader stops recording: it would otherwise mark every later request.
		test.afterEach( async ( { page } ) => {
			recover();
			await page.goto( TRIAGE_PAGE );
			const state = await recorderFromPage( page, { action: 'stop' } );
			expect( state.on ).toBe( false );
			expect( readFileSync( LOADER, 'utf8' ) ).toMatch(
				/const UNTIL = 0;/
			);
		} );

		for ( const k of KILLED ) {
			test( `${ k.what }: the recorder names it, PHP-FPM's log unread`, async ( {
				page,
			} ) => {
				await page.goto( TRIAGE_PAGE );
				await page.getByRole( 'tab', { name: 'Incidents' } ).click();
				const recorder = page.locator( '.triage-recorder' );
				await recorder
					.getByRole( 'button', { name: 'Record for 1 hour' } )
					.click();
				await expect(
					recorder.locator( '.triage-recorder__state' )
				).toContainText( /in flight/ );
				await expect(
					recorder.getByRole( 'button', { name: 'Stop recording' } )
				).toBeVisible();

				// The installed loader now records until an hour from now.
				expect( readFileSync( LOADER, 'utf8' ) ).toMatch(
					/const UNTIL = [1-9]\d*;/
				);

				const provoked = provoke( k.failure );
				expect( provoked.statuses ).toContain( 502 );
				recover();
				const card = await openOverview( page );
				const data = await incidentsFromPage( page );
				const { incident, newest } = incidentOf(
					data,
					provoked,
					'killed_requests'
				);
				record( {
					failure: `${ k.failure } (php8.2-fpm.log root 0600, flight recorder on)`,
					statuses: provoked.statuses,
					cause: incident?.cause ?? null,
					title: incident?.title ?? null,
					sentence: incident?.sentence ?? null,
					fix: incident?.fix.summary ?? null,
					certainty: incident?.certainty ?? null,
					evidence: incident?.evidence ?? null,
					urls: incident?.urls ?? null,
					newest_cause: newest?.cause ?? null,
					newest_sentence: newest?.sentence ?? null,
					blind_spots: data.blind_spots,
				} );
				// The killed request is one incident, first on the Overview, named from the recorder's marker.
				expect(
					incident,
					`no incident between ${ provoked.started } and ${ provoked.ended }`
				).toBeTruthy();
				expect( incident.cause, incident.sentence ).toBe(
					'killed_requests'
				);
				expect(
					newest.id,
					`the newest incident is "${ newest.sentence }"`
				).toBe( incident.id );
				expect( incident.sentence ).toMatch( /^1 request got 502 at / );
				expect( incident.sentence ).toMatch( /flight recorder/ );
				expect( incident.urls ).toContain( k.url );
				const marker = incident.evidence.find(
					( item ) => item.source === 'recorder'
				);
				expect( marker?.lines.join( '\n' ) ).toContain(
					`GET ${ k.url } (worker `
				);
				expect( marker?.lines.join( '\n' ) ).toMatch(
					/never finished/
				);
				// PHP-FPM's log stayed unread: no evidence from it, and the fix says to open it.
				expect(
					incident.evidence.map( ( item ) => item.path )
				).not.toContain( FPM_LOG );
				expect(
					[ incident.fix.summary, ...incident.fix.steps ].join( '\n' )
				).toMatch( /out-of-memory|signal 9/ );
				// No second incident for the same death (no "unknown" 502 from nginx's log beside it).
				expect(
					data.incidents.filter(
						( other ) =>
							[
								'killed_requests',
								'worker_killed',
								'unknown',
							].includes( other.cause ) &&
							other.end >= provoked.started - 1 &&
							other.start <= provoked.ended + 2
					)
				).toHaveLength( 1 );

				const item = card.locator( 'li.triage-incident' ).first();
				await expect( item ).toHaveAttribute(
					'data-cause',
					'killed_requests'
				);
				await expect( item ).toContainText(
					loosely( incident.sentence )
				);
				await expect( item ).toContainText( k.url );
				await item.getByRole( 'button', { name: /^Evidence/ } ).click();
				await expect( item ).toContainText( 'Flight recorder' );
				await expect( item ).toContainText( /never finished/ );

				// Stopped from the Incidents tab as it was started; afterEach stops it again if this fails.
				await page.getByRole( 'tab', { name: 'Incidents' } ).click();
				const stop = page
					.locator( '.triage-recorder' )
					.getByRole( 'button', { name: 'Stop recording' } );
				await stop.click();
				await expect( stop ).toHaveCount( 0 );
				await expect(
					page
						.locator( '.triage-recorder' )
						.getByRole( 'button', { name: 'Record for 1 hour' } )
				).toBeVisible();
				expect( readFileSync( LOADER, 'utf8' ) ).toMatch(
					/const UNTIL = 0;/
				);
			} );
		}
	} );
} );
