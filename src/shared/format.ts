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

/**
 * A Unix time as the browser's local date and time, or "unknown".
 *
 * @param time Unix time in seconds, or null when not known.
 */
export function formatTime( time: number | null ): string {
	if ( time === null ) {
		return __( 'unknown', 'triage' );
	}
	return new Date( time * 1000 ).toLocaleString();
}

/**
 * Choices for an automatic switch-off (debug mode, a safe mode session), within the route's bounds.
 *
 * @param min Shortest allowed, in seconds.
 * @param max Longest allowed, in seconds.
 */
export function expiryChoices(
	min: number,
	max: number
): Array< { label: string; value: string } > {
	const candidates: Array< [ number, string ] > = [
		[ 900, __( '15 minutes', 'triage' ) ],
		[ 3600, __( '1 hour', 'triage' ) ],
		[ 4 * 3600, __( '4 hours', 'triage' ) ],
		[ 24 * 3600, __( '24 hours', 'triage' ) ],
	];
	if ( min < 900 ) {
		candidates.unshift( [
			min,
			sprintf(
				/* translators: %d: number of seconds. */
				__( '%d seconds', 'triage' ),
				min
			),
		] );
	}
	return candidates
		.filter( ( [ value ] ) => value >= min && value <= max )
		.map( ( [ value, label ] ) => ( { label, value: String( value ) } ) );
}

/**
 * How long ago a Unix time was, for people: "just now", "23 min ago", "2 h 5 min ago", "3 days ago".
 *
 * @param time Unix time in seconds, or null when not known.
 * @param now  The current Unix time (tests pass one); the browser's clock by default.
 */
export function formatAgo(
	time: number | null,
	now: number = Math.floor( Date.now() / 1000 )
): string {
	if ( time === null ) {
		return __( 'unknown', 'triage' );
	}
	const seconds = Math.max( 0, now - time );
	if ( seconds < 60 ) {
		return __( 'just now', 'triage' );
	}
	if ( seconds >= 2 * 86400 ) {
		const days = Math.floor( seconds / 86400 );
		return sprintf(
			/* translators: %d: number of days. */
			_n( '%d day ago', '%d days ago', days, 'triage' ),
			days
		);
	}
	return sprintf(
		/* translators: %s: a duration such as "23 min" or "2 h 5 min". */
		__( '%s ago', 'triage' ),
		formatDuration( seconds )
	);
}

/**
 * A Unix time as the browser's local time of day ("00:49:43"), with the date when it is not today.
 *
 * @param time Unix time in seconds, or null when not known.
 * @param now  The current Unix time; the browser's clock by default.
 */
export function formatClock(
	time: number | null,
	now: number = Math.floor( Date.now() / 1000 )
): string {
	if ( time === null ) {
		return __( 'unknown', 'triage' );
	}
	const date = new Date( time * 1000 );
	const clock: Intl.DateTimeFormatOptions = {
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	};
	if ( date.toDateString() === new Date( now * 1000 ).toDateString() ) {
		return date.toLocaleTimeString( [], clock );
	}
	return date.toLocaleString( [], {
		...clock,
		year: 'numeric',
		month: 'short',
		day: 'numeric',
	} );
}
