<?php
/**
 * The bisection search, for the command line.
 *
 * @package Triage
 */

namespace Triage\Bisect;

defined( 'ABSPATH' ) || exit;

/**
 * Which candidates (plugins, and the theme) must be loaded for the symptom to appear. The PHP twin of
 * src/features/bisect/search.ts, step for step, so `wp triage bisect` and the Bisect tab ask the same probes
 * in the same order and reach the same outcome from the same verdicts.
 *
 * Pure and deterministic: the search is ordinary code that asks test( set ), replayed from the start over
 * the observations; the first set without a verdict is the next probe. Steps, for candidates C (suspects
 * first):
 * 1. confirm: C fails and {} passes, or stop (no symptom / plugins are not the cause);
 * 2. binary search for the shortest failing prefix of C; its last candidate c is needed;
 * 3. {c} alone fails: c is a culprit; otherwise ddmin on that prefix gives a minimal failing group;
 * 4. verify: C without the groups found passes; if not, search what is left for another group;
 * 5. re-check: each group alone, each group less one member and everything else, probed again as fresh
 *    requests; a verdict that now differs ends the search as flaky.
 * Disagreeing repeats, or a failing set inside a passing one, end the search as flaky, never with a culprit.
 * A culprit is "certain" only after failing on its own in CERTAIN_SEEN requests, every re-check agreeing;
 * with one verdict per set (the default) it is "seen once" until a confirmation runs the re-check again.
 */
final class Search {

	public const DEFAULT_MAX_PROBES = 200;

	private const MAX_GROUPS = 3;

	/**
	 * Requests a culprit must fail on its own, all agreeing, before it is called certain: a symptom that
	 * fails one request in two passes that with odds of 1 in 2^8.
	 */
	public const CERTAIN_SEEN = 8;

	/**
	 * Candidates in search order: suspects first, then the rest as given.
	 *
	 * @param array<string, mixed> $config candidates, suspects.
	 * @return string[]
	 */
	public static function order( array $config ): array {
		$candidates = array_values( array_unique( array_map( 'strval', (array) ( $config['candidates'] ?? array() ) ) ) );
		$suspects   = array_values( array_unique( array_intersect( array_map( 'strval', (array) ( $config['suspects'] ?? array() ) ), $candidates ) ) );
		return array_merge( $suspects, array_values( array_diff( $candidates, $suspects ) ) );
	}

	/**
	 * A rough total of probes, for the progress line.
	 *
	 * @param int $candidates Number of candidates.
	 * @param int $repeats    Verdicts per set.
	 * @param int $done       Probes done.
	 * @return int
	 */
	public static function estimate( int $candidates, int $repeats, int $done ): int {
		$single = $repeats * ( 4 + (int) ceil( log( max( $candidates, 1 ), 2 ) ) ) + 2 * self::first_recheck( $repeats );
		return max( $single, $done + $repeats );
	}

	/**
	 * Verdicts per set of the first re-check round: one at the default of one verdict per set; with repeats
	 * asked for, enough to reach certainty at once.
	 *
	 * @param int $repeats Verdicts per set of the search.
	 * @return int
	 */
	public static function first_recheck( int $repeats ): int {
		return $repeats <= 1 ? 1 : max( $repeats, self::CERTAIN_SEEN - $repeats );
	}

	/**
	 * What to do next: the set to probe, or the outcome.
	 *
	 * @param array<string, mixed>                              $config  candidates, suspects, repeats, max_probes.
	 * @param array<int, array{set: string[], verdict: string}> $history Observations, oldest first.
	 * @param bool                                              $confirm Re-check a culprit seen once until it is certain.
	 * @return array<string, mixed> kind "probe" (set, purpose, repeat, of, done, estimate) or "done" (outcome, done).
	 */
	public static function next_step( array $config, array $history, bool $confirm = false ): array {
		$repeats = max( 1, (int) floor( (float) ( $config['repeats'] ?? 1 ) ) );
		$order   = self::order( $config );
		$replay  = new Search_Replay( $history, $repeats, (int) ( $config['max_probes'] ?? self::DEFAULT_MAX_PROBES ), $order );
		try {
			return array(
				'kind'    => 'done',
				'outcome' => self::run( $config, $order, $repeats, $replay, $confirm ),
				'done'    => count( $history ),
			);
		} catch ( Search_Interrupt $interrupt ) {
			if ( null !== $interrupt->probe ) {
				return $interrupt->probe + array(
					'kind'     => 'probe',
					'done'     => count( $history ),
					'estimate' => self::estimate( count( (array) $config['candidates'] ), $repeats, count( $history ) ),
				);
			}
			return array(
				'kind'    => 'done',
				'outcome' => (array) $interrupt->outcome,
				'done'    => count( $history ),
			);
		}
	}

	/**
	 * Runs a whole search against an oracle (the tests use this; the command probes step by step).
	 *
	 * @param array<string, mixed> $config  Search configuration.
	 * @param callable             $oracle  ( string[] $set ): string, pass or fail.
	 * @param bool                 $confirm Re-check a culprit seen once until it is certain.
	 * @return array{outcome: array<string, mixed>, history: array<int, array{set: string[], verdict: string}>}
	 */
	public static function run_search( array $config, callable $oracle, bool $confirm = false ): array {
		$history = array();
		for ( ;; ) {
			$step = self::next_step( $config, $history, $confirm );
			if ( 'done' === $step['kind'] ) {
				return array(
					'outcome' => $step['outcome'],
					'history' => $history,
				);
			}
			$history[] = array(
				'set'     => $step['set'],
				'verdict' => (string) call_user_func( $oracle, $step['set'] ),
			);
		}
	}

	/**
	 * The search itself.
	 *
	 * @param array<string, mixed> $config  Configuration.
	 * @param string[]             $order   Candidates in search order.
	 * @param int                  $repeats Verdicts per set.
	 * @param Search_Replay        $replay  Verdicts.
	 * @param bool                 $confirm Re-check a culprit seen once until it is certain.
	 * @return array<string, mixed> Outcome.
	 */
	private static function run( array $config, array $order, int $repeats, Search_Replay $replay, bool $confirm ): array {
		if ( 'pass' === $replay->test( $order, 'confirm-all' ) ) {
			return array(
				'kind'    => 'no-symptom',
				'passing' => $replay->verdict( $order )['index'] ?? 0,
			);
		}
		if ( 'fail' === $replay->test( array(), 'confirm-none' ) ) {
			return array(
				'kind'    => 'not-plugins',
				'failing' => $replay->verdict( array() )['index'] ?? 0,
			);
		}
		$suspects = count( array_unique( array_intersect( array_map( 'strval', (array) ( $config['suspects'] ?? array() ) ), $order ) ) );
		$groups   = array();
		$rest     = $order;
		for ( $round = 0; ; $round++ ) {
			$groups[] = self::minimal_group( $replay, $rest, 0 === $round ? $suspects : 0 );
			$named    = array_merge( ...$groups );
			$rest     = array_values( array_diff( $order, $named ) );
			if ( 'pass' === $replay->test( $rest, 'verify-without' ) ) {
				break;
			}
			if ( count( $groups ) >= self::MAX_GROUPS ) {
				return array(
					'kind'   => 'inconclusive',
					'reason' => 'too-many-groups',
				);
			}
		}
		$checks = self::recheck_sets( $groups, $rest );
		$first  = self::first_recheck( $repeats );
		self::recheck_round( $replay, $checks, $first );
		$seen = $repeats + $first;
		if ( $seen < self::CERTAIN_SEEN && ( $confirm || $replay->more() ) ) {
			self::recheck_round( $replay, $checks, self::CERTAIN_SEEN - $seen );
			$seen = self::CERTAIN_SEEN;
		}
		return array(
			'kind'       => 'culprits',
			'groups'     => $groups,
			'confidence' => $seen >= self::CERTAIN_SEEN ? 'certain' : 'seen-once',
			'seen'       => $seen,
			'failing'    => $replay->verdict( $groups[0] )['index'] ?? 0,
			'passing'    => $replay->verdict( $rest )['index'] ?? 0,
		);
	}

	/**
	 * What the re-check probes again: each group alone (it must fail), each group less one member (it must
	 * pass: the group needs every member) and everything but the groups (it must pass).
	 *
	 * @param string[][] $groups Groups found.
	 * @param string[]   $rest   Every other candidate.
	 * @return array<int, array{set: string[], purpose: string}>
	 */
	private static function recheck_sets( array $groups, array $rest ): array {
		$checks = array();
		foreach ( $groups as $group ) {
			$checks[] = array(
				'set'     => $group,
				'purpose' => 'recheck-group',
			);
			if ( count( $group ) > 1 ) {
				foreach ( $group as $member ) {
					$checks[] = array(
						'set'     => array_values( array_diff( $group, array( $member ) ) ),
						'purpose' => 'recheck-member',
					);
				}
			}
		}
		$checks[] = array(
			'set'     => $rest,
			'purpose' => 'recheck-without',
		);
		return $checks;
	}

	/**
	 * One round of the re-check: every set once per repeat, in turns (a symptom that starts or stops
	 * half-way shows as a disagreement rather than a run of equal verdicts).
	 *
	 * @param Search_Replay                                     $replay  Verdicts.
	 * @param array<int, array{set: string[], purpose: string}> $checks  Sets to probe again.
	 * @param int                                               $repeats Verdicts per set in this round.
	 * @return void
	 */
	private static function recheck_round( Search_Replay $replay, array $checks, int $repeats ): void {
		for ( $repeat = 1; $repeat <= $repeats; $repeat++ ) {
			foreach ( $checks as $check ) {
				$replay->recheck( $check['set'], $check['purpose'], $repeat, $repeats );
			}
		}
	}

	/**
	 * A minimal group of candidates that fails on its own, in a set that fails while {} passes.
	 *
	 * @param Search_Replay $replay      Verdicts.
	 * @param string[]      $failing     A set known to fail, in search order.
	 * @param int           $first_pivot Where to split first (the number of suspects), or 0 for the middle.
	 * @return string[]
	 */
	private static function minimal_group( Search_Replay $replay, array $failing, int $first_pivot ): array {
		// Shortest failing prefix: prefix(lo) passes, prefix(hi) fails.
		$lo    = 0;
		$hi    = count( $failing );
		$pivot = $first_pivot > 0 && $first_pivot < $hi ? $first_pivot : 0;
		while ( $hi - $lo > 1 ) {
			$mid   = 0 !== $pivot ? $pivot : intdiv( $lo + $hi, 2 );
			$pivot = 0;
			if ( 'fail' === $replay->test( array_slice( $failing, 0, $mid ), 'search' ) ) {
				$hi = $mid;
			} else {
				$lo = $mid;
			}
		}
		$needed = $failing[ $hi - 1 ];
		if ( 'fail' === $replay->test( array( $needed ), 'verify-alone' ) ) {
			return array( $needed );
		}
		return self::ddmin( $replay, array_slice( $failing, 0, $hi ) );
	}

	/**
	 * Zeller's ddmin: a 1-minimal failing subset of a failing set.
	 *
	 * @param Search_Replay $replay  Verdicts.
	 * @param string[]      $failing A set known to fail.
	 * @return string[]
	 */
	private static function ddmin( Search_Replay $replay, array $failing ): array {
		$current = $failing;
		$parts   = 2;
		// Two members at least (the lists are indexed from 0).
		while ( isset( $current[1] ) ) {
			// @phpstan-ignore argument.type (at least two items over at least two parts: each chunk holds one item or more)
			$subsets = array_chunk( $current, (int) ceil( count( $current ) / $parts ) );
			$found   = self::first_failing( $replay, $subsets );
			if ( null !== $found ) {
				$current = $found;
				$parts   = 2;
				continue;
			}
			$complements = array();
			if ( count( $subsets ) > 2 ) {
				foreach ( $subsets as $subset ) {
					$complements[] = array_values( array_diff( $current, $subset ) );
				}
			}
			$found = self::first_failing( $replay, $complements );
			if ( null !== $found ) {
				$current = $found;
				$parts   = max( $parts - 1, 2 );
				continue;
			}
			if ( $parts >= count( $current ) ) {
				break;
			}
			$parts = min( $parts * 2, count( $current ) );
		}//end while
		return $current;
	}

	/**
	 * The first of some sets that fails, testing them in order and stopping there.
	 *
	 * @param Search_Replay $replay Verdicts.
	 * @param string[][]    $sets   Sets.
	 * @return string[]|null
	 */
	private static function first_failing( Search_Replay $replay, array $sets ): ?array {
		foreach ( $sets as $set ) {
			if ( 'fail' === $replay->test( $set, 'minimize' ) ) {
				return $set;
			}
		}
		return null;
	}
}
