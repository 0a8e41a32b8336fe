import { __, _n, sprintf } from '@wordpress/i18n';

const UNITS = [ 'B', 'KB', 'MB', 'GB', 'TB' ];

/**
 * Formats a byte count in binary units, as PHP's memory settings are meant ("128M" = 128 × 1024²).
 *
 * @param bytes Byte count.
 */
export function formatBytes( bytes: number ): string {
	if ( ! Number.isFinite( bytes ) || bytes < 0 ) {
		return __( 'unknown', 'triage' );
	}
	let value = bytes;
	let unit = 0;
	while ( value >= 1024 && unit < UNITS.length - 1 ) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : 1;
	const rounded = Number( value.toFixed( digits ) );
	return `${ rounded } ${ UNITS[ unit ] }`;
}

/**
 * Formats a duration in seconds for people: "45 s", "12 min", "3 h 5 min".
 *
 * @param seconds Whole seconds.
 */
export function formatDuration( seconds: number ): string {
	if ( ! Number.isFinite( seconds ) || seconds < 0 ) {
		return __( 'unknown', 'triage' );
	}
	if ( seconds < 60 ) {
		/* translators: %d: number of seconds. */
		return sprintf( __( '%d s', 'triage' ), Math.round( seconds ) );
	}
	const minutes = Math.floor( seconds / 60 );
	if ( minutes < 60 ) {
		/* translators: %d: number of minutes. */
		return sprintf( __( '%d min', 'triage' ), minutes );
	}
	const hours = Math.floor( minutes / 60 );
	const rest = minutes % 60;
	return rest
		? /* translators: 1: hours, 2: minutes. */
			sprintf( __( '%1$d h %2$d min', 'triage' ), hours, rest )
		: sprintf(
				/* translators: %d: number of hours. */
				_n( '%d hour', '%d hours', hours, 'triage' ),
				hours
			);
}

/**
 * A share of a limit as a whole percentage, or null when there is no finite limit.
 *
 * @param used  Amount used.
 * @param limit Limit, or null when unlimited or unknown.
 */
export function percentOf( used: number, limit: number | null ): number | null {
	if ( limit === null || limit <= 0 ) {
		return null;
	}
	return Math.round( ( used / limit ) * 100 );
}
