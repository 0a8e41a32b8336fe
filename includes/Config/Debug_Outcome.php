<?php
/**
 * What a debug-mode switch reports back.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * Shapes the answer of a switch (apply or revert) and the by-hand instructions shown when the site refuses
 * file edits. Kept apart from Debug_Mode, which decides and writes.
 */
final class Debug_Outcome {

	/**
	 * What to change by hand to switch the profile off: each line Triage wrote and what replaces it.
	 *
	 * @param array<int, array{name: string, line: int, before: string|null, after: string|null}> $changes Changes of a revert.
	 * @return string
	 */
	public static function revert_manual( array $changes ): string {
		$lines = array();
		foreach ( $changes as $change ) {
			$lines[] = null === $change['after']
				/* translators: 1: line number, 2: PHP line. */
				? sprintf( __( 'Line %1$d: remove %2$s', 'triage' ), $change['line'], (string) $change['before'] )
				/* translators: 1: line number, 2: PHP line, 3: PHP line. */
				: sprintf( __( 'Line %1$d: replace %2$s with %3$s', 'triage' ), $change['line'], (string) $change['before'], $change['after'] );
		}
		return implode( "\n", $lines );
	}

	/**
	 * The result of a switch.
	 *
	 * @param bool                                                                        $dry_run    Whether nothing was written.
	 * @param string                                                                      $profile    Profile.
	 * @param array<int, array{name: string, line: int, before: ?string, after: ?string}> $changes    Changed lines.
	 * @param array<string, mixed>|null                                                   $loopback   Loopback result.
	 * @param float                                                                       $started    microtime() at the start.
	 * @param int|null                                                                    $expires_at Expiry.
	 * @return array<string, mixed>
	 */
	public static function result( bool $dry_run, string $profile, array $changes, ?array $loopback, float $started, ?int $expires_at ): array {
		return array(
			'dry_run'     => $dry_run,
			'profile'     => $profile,
			'changes'     => $changes,
			'loopback'    => null === $loopback ? null : array(
				'status' => isset( $loopback['status'] ) ? $loopback['status'] : null,
				'ms'     => isset( $loopback['ms'] ) ? (int) $loopback['ms'] : 0,
			),
			'duration_ms' => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'expires_at'  => $expires_at,
		);
	}
}
