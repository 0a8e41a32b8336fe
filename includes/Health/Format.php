<?php
/**
 * Units for evidence.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Formats measured values with their units, the same way in every check.
 */
final class Format {

	/**
	 * Bytes in binary units: "128 MB".
	 *
	 * @param int|float $bytes Bytes.
	 * @return string
	 */
	public static function bytes( $bytes ): string {
		$units = array( 'B', 'KB', 'MB', 'GB', 'TB' );
		$value = (float) $bytes;
		$unit  = 0;
		$last  = count( $units ) - 1;
		while ( $value >= 1024 && $unit < $last ) {
			$value /= 1024;
			++$unit;
		}
		$decimals = ( 0 === $unit || $value >= 100 ) ? 0 : 1;
		$number   = number_format( $value, $decimals, '.', '' );
		if ( $decimals > 0 ) {
			$number = rtrim( rtrim( $number, '0' ), '.' );
		}
		return $number . ' ' . $units[ $unit ];
	}

	/**
	 * Seconds: "45 s", "12 min", "3 h 5 min", "2 d 4 h".
	 *
	 * @param int|float $seconds Seconds.
	 * @return string
	 */
	public static function duration( $seconds ): string {
		$seconds = (int) round( $seconds );
		if ( $seconds < 120 ) {
			/* translators: %d: seconds. */
			return sprintf( __( '%d s', 'triage' ), $seconds );
		}
		if ( $seconds < 7200 ) {
			/* translators: %d: minutes. */
			return sprintf( __( '%d min', 'triage' ), intdiv( $seconds, 60 ) );
		}
		if ( $seconds < 172800 ) {
			/* translators: 1: hours, 2: minutes. */
			return sprintf( __( '%1$d h %2$d min', 'triage' ), intdiv( $seconds, 3600 ), intdiv( $seconds % 3600, 60 ) );
		}
		/* translators: 1: days, 2: hours. */
		return sprintf( __( '%1$d d %2$d h', 'triage' ), intdiv( $seconds, 86400 ), intdiv( $seconds % 86400, 3600 ) );
	}

	/**
	 * Milliseconds: "12 ms".
	 *
	 * @param float $seconds Seconds.
	 * @return string
	 */
	public static function ms( float $seconds ): string {
		/* translators: %s: milliseconds. */
		return sprintf( __( '%s ms', 'triage' ), number_format_i18n( $seconds * 1000, $seconds < 0.01 ? 1 : 0 ) );
	}

	/**
	 * A percentage: "83%".
	 *
	 * @param float $share Share between 0 and 1 (or more).
	 * @return string
	 */
	public static function percent( float $share ): string {
		return (string) round( $share * 100 ) . '%';
	}
}
