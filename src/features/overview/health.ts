import { __ } from '@wordpress/i18n';

import type { CheckResult, CheckStatus, Layer, LayerSummary } from './types';

/** The request path from the browser inwards, then the host's resources. */
export const LAYERS: Layer[] = [
	'cdn',
	'web',
	'php',
	'wordpress',
	'database',
	'server',
];

/** Best to worst; unknown ranks below warning so a real problem always shows. */
const RANK: CheckStatus[] = [ 'good', 'unknown', 'warning', 'critical' ];

/**
 * The worse of two statuses.
 *
 * @param a Status.
 * @param b Status.
 */
export function worst( a: CheckStatus, b: CheckStatus ): CheckStatus {
	return RANK.indexOf( a ) >= RANK.indexOf( b ) ? a : b;
}

/**
 * Worst status, problem count and check count per layer (mirrors Health_Runner::summarize in PHP).
 *
 * @param checks Results.
 */
export function summarizeLayers(
	checks: CheckResult[]
): Record< Layer, LayerSummary > {
	const layers = Object.fromEntries(
		LAYERS.map( ( layer ) => [
			layer,
			{ status: 'good', problems: 0, checks: 0 },
		] )
	) as Record< Layer, LayerSummary >;
	for ( const check of checks ) {
		const summary = layers[ check.layer ];
		if ( ! summary ) {
			continue;
		}
		summary.checks++;
		summary.status = worst( summary.status, check.status );
		if ( check.status === 'warning' || check.status === 'critical' ) {
			summary.problems++;
		}
	}
	for ( const layer of LAYERS ) {
		if ( layers[ layer ].checks === 0 ) {
			layers[ layer ].status = 'unknown';
		}
	}
	return layers;
}

/**
 * Problems, critical first, then warnings, in request-path order.
 *
 * @param checks Results.
 */
export function topFindings( checks: CheckResult[] ): CheckResult[] {
	return checks
		.filter(
			( check ) =>
				check.status === 'critical' || check.status === 'warning'
		)
		.sort(
			( a, b ) =>
				RANK.indexOf( b.status ) - RANK.indexOf( a.status ) ||
				LAYERS.indexOf( a.layer ) - LAYERS.indexOf( b.layer )
		);
}

/**
 * Replaces results by id, keeping the order of first appearance; new ids are appended.
 *
 * @param current Results so far.
 * @param next    Newer results.
 */
export function mergeResults(
	current: CheckResult[],
	next: CheckResult[]
): CheckResult[] {
	const byId = new Map( next.map( ( check ) => [ check.id, check ] ) );
	const merged = current.map( ( check ) => byId.get( check.id ) ?? check );
	const known = new Set( current.map( ( check ) => check.id ) );
	return [
		...merged,
		...next.filter( ( check ) => ! known.has( check.id ) ),
	];
}

/** A layer's name for people. */
export function layerLabel( layer: Layer ): string {
	const labels: Record< Layer, string > = {
		cdn: __( 'CDN / proxy', 'triage' ),
		web: __( 'Web server', 'triage' ),
		php: __( 'PHP / PHP-FPM', 'triage' ),
		wordpress: __( 'WordPress', 'triage' ),
		database: __( 'Database', 'triage' ),
		server: __( 'Server resources', 'triage' ),
	};
	return labels[ layer ];
}

/** A status in words, so colour is never the only signal. */
export function statusLabel( status: CheckStatus ): string {
	const labels: Record< CheckStatus, string > = {
		good: __( 'OK', 'triage' ),
		warning: __( 'Warning', 'triage' ),
		critical: __( 'Critical', 'triage' ),
		unknown: __( 'Unknown', 'triage' ),
	};
	return labels[ status ];
}

/**
 * A check as plain text for a support ticket.
 *
 * @param check Result.
 */
export function checkToText( check: CheckResult ): string {
	const lines = [
		`[${ statusLabel( check.status ) }] ${ layerLabel( check.layer ) }: ${
			check.title
		}`,
		...check.evidence.map(
			( item ) => `  ${ item.label }: ${ item.value }`
		),
	];
	if ( check.reason ) {
		lines.push(
			`  ${ __( 'Not measured because', 'triage' ) }: ${ check.reason }`
		);
	}
	if ( check.why ) {
		lines.push( `  ${ __( 'Why it matters', 'triage' ) }: ${ check.why }` );
	}
	if ( check.fix ) {
		lines.push( `  ${ __( 'Fix', 'triage' ) }: ${ check.fix }` );
	}
	return lines.join( '\n' );
}
