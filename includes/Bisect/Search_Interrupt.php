<?php
/**
 * Ends a replay of the bisection search early.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use RuntimeException;

defined( 'ABSPATH' ) || exit;

/**
 * Thrown by Search_Replay when the search asks for a set no observation answers yet (that set is the next
 * probe), or when the observations end the search (flaky, out of budget). Control flow, never an error.
 */
final class Search_Interrupt extends RuntimeException {

	/**
	 * The next probe: set, purpose, repeat (from 1) of how many in its round; null when the search is over.
	 *
	 * @var array{set: string[], purpose: string, repeat: int, of: int}|null
	 */
	public $probe;

	/**
	 * The outcome, when the search is over.
	 *
	 * @var array<string, mixed>|null
	 */
	public $outcome;

	/**
	 * The next probe.
	 *
	 * @param string[] $set     Candidates to load.
	 * @param string   $purpose confirm-all, confirm-none, search, verify-alone, minimize, verify-without,
	 *                          recheck-group, recheck-member, recheck-without.
	 * @param int      $repeat  Which verdict of this set, from 1.
	 * @param int      $of      Verdicts of this set wanted in this round.
	 * @return self
	 */
	public static function need( array $set, string $purpose, int $repeat, int $of ): self {
		$interrupt        = new self( 'probe' );
		$interrupt->probe = array(
			'set'     => $set,
			'purpose' => $purpose,
			'repeat'  => $repeat,
			'of'      => $of,
		);
		return $interrupt;
	}

	/**
	 * The end of the search.
	 *
	 * @param array<string, mixed> $outcome Outcome.
	 * @return self
	 */
	public static function stop( array $outcome ): self {
		$interrupt          = new self( 'stop' );
		$interrupt->outcome = $outcome;
		return $interrupt;
	}
}
