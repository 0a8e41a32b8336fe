import { __, sprintf } from '@wordpress/i18n';

import type { DebugConstant } from './types';

/**
 * A countdown as h:mm:ss or m:ss.
 *
 * @param seconds Seconds left; negative counts as zero.
 */
export function formatCountdown( seconds: number ): string {
	const total = Math.max( 0, Math.floor( seconds ) );
	const hours = Math.floor( total / 3600 );
	const minutes = Math.floor( ( total % 3600 ) / 60 );
	const rest = String( total % 60 ).padStart( 2, '0' );
	return hours > 0
		? `${ hours }:${ String( minutes ).padStart( 2, '0' ) }:${ rest }`
		: `${ minutes }:${ rest }`;
}

/**
 * Where a constant's value comes from, in words.
 *
 * @param constant The constant.
 */
export function describeSource( constant: DebugConstant ): string {
	if ( constant.source === 'wp-config' ) {
		return sprintf(
			/* translators: %d: line number. */
			__( 'wp-config.php, line %d', 'triage' ),
			constant.line ?? 0
		);
	}
	if ( constant.source === 'elsewhere' ) {
		return __(
			'Outside wp-config.php (an included file, a must-use plugin or the server)',
			'triage'
		);
	}
	return constant.value === null
		? __( 'Not set (WordPress default)', 'triage' )
		: __( 'WordPress default', 'triage' );
}

/**
 * Why Triage will not edit a definition, or null when it will.
 *
 * @param status Parser status of the definition.
 */
export function describeStatus( status: string | null ): string | null {
	switch ( status ) {
		case null:
		case 'editable':
			return null;
		case 'conditional':
			return __( 'inside a condition: Triage leaves it alone', 'triage' );
		case 'nested':
			return __(
				'inside a function or class: Triage leaves it alone',
				'triage'
			);
		case 'after_settings':
			return __(
				'after wp-settings.php, where it has no effect',
				'triage'
			);
		case 'environment':
			return __( 'read from an environment variable', 'triage' );
		case 'const':
			return __(
				'declared with const: Triage leaves it alone',
				'triage'
			);
		default:
			return __( 'Triage leaves it alone', 'triage' );
	}
}
