<?php
/**
 * /proc/meminfo, parsed.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Reads /proc/meminfo into bytes by key (MemTotal, MemAvailable, SwapTotal, SwapFree, …).
 */
final class Proc_Meminfo {

	/**
	 * Parsed values in bytes, or null when the file cannot be read or has no MemTotal.
	 *
	 * @param System_Files $files System files.
	 * @return array<string, int>|null
	 */
	public static function read( System_Files $files ): ?array {
		$content = $files->read( '/proc/meminfo', 65536 );
		if ( ! is_string( $content ) ) {
			return null;
		}
		preg_match_all( '/^(\w+):\s+(\d+)(?:\s*kB)?\s*$/m', $content, $matches, PREG_SET_ORDER );
		$values = array();
		foreach ( $matches as $match ) {
			$values[ $match[1] ] = (int) $match[2] * 1024;
		}
		return isset( $values['MemTotal'] ) ? $values : null;
	}
}
