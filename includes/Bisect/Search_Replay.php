<?php
/**
 * Answers the bisection search's questions from the observations so far.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use LogicException;

defined( 'ABSPATH' ) || exit;

/**
 * Answers test( set ) from the observations, in order, and remembers each set's verdict so that no set is
 * probed twice. The PHP twin of the Replay class in src/features/bisect/search.ts.
 */
final class Search_Replay {

	/**
	 * Next observation to read.
	 *
	 * @var int
	 */
	private $cursor = 0;

	/**
	 * Verdicts by set key.
	 *
	 * @var array<string, array{verdict: string, index: int, set: string[]}>
	 */
	private $known = array();

	/**
	 * Position of each candidate in the search order.
	 *
	 * @var array<string, int>
	 */
	private $rank;

	/**
	 * Observations, oldest first.
	 *
	 * @var array<int, array{set: string[], verdict: string}>
	 */
	private $history;

	/**
	 * Verdicts per set.
	 *
	 * @var int
	 */
	private $repeats;

	/**
	 * Probe budget.
	 *
	 * @var int
	 */
	private $max_probes;

	/**
	 * Keeps the observations.
	 *
	 * @param array<int, array{set: string[], verdict: string}> $history    Observations, oldest first.
	 * @param int                                               $repeats    Verdicts per set.
	 * @param int                                               $max_probes Probe budget.
	 * @param string[]                                          $order      Candidates in search order.
	 */
	public function __construct( array $history, int $repeats, int $max_probes, array $order ) {
		$this->history    = array_values( $history );
		$this->repeats    = $repeats;
		$this->max_probes = $max_probes;
		$this->rank       = array();
		foreach ( $order as $index => $id ) {
			if ( ! isset( $this->rank[ $id ] ) ) {
				$this->rank[ $id ] = $index;
			}
		}
	}

	/**
	 * A set in search order, without duplicates, so equal sets have equal keys. Stable for candidates
	 * outside the order (rank 0, as the TypeScript twin gives them).
	 *
	 * @param string[] $set Candidates.
	 * @return string[]
	 */
	public function normalize( array $set ): array {
		$unique = array_values( array_unique( array_map( 'strval', $set ) ) );
		$keys   = array();
		foreach ( $unique as $position => $id ) {
			$keys[] = array( $this->rank[ $id ] ?? 0, $position );
		}
		array_multisort( $keys, $unique );
		return $unique;
	}

	/**
	 * The verdict already known for a set.
	 *
	 * @param string[] $set Candidates.
	 * @return array{verdict: string, index: int, set: string[]}|null
	 */
	public function verdict( array $set ): ?array {
		return $this->known[ implode( "\n", $this->normalize( $set ) ) ] ?? null;
	}

	/**
	 * The verdict for a set: from memory, from the next observations, or an interrupt asking for a probe.
	 *
	 * @param string[] $raw_set Candidates.
	 * @param string   $purpose Why the search asks.
	 * @return string pass or fail.
	 * @throws Search_Interrupt When the set needs a probe or the search is over.
	 * @throws LogicException When an observation answers another set: the history is not this search's.
	 */
	public function test( array $raw_set, string $purpose ): string {
		$set = $this->normalize( $raw_set );
		$key = implode( "\n", $set );
		if ( isset( $this->known[ $key ] ) ) {
			return $this->known[ $key ]['verdict'];
		}
		$seen = array();
		for ( $repeat = 1; $repeat <= $this->repeats; $repeat++ ) {
			if ( $this->cursor >= count( $this->history ) ) {
				if ( $this->cursor >= $this->max_probes ) {
					throw Search_Interrupt::stop(
						array(
							'kind'   => 'inconclusive',
							'reason' => 'budget',
						)
					);
				}
				throw Search_Interrupt::need( $set, $purpose, $repeat, $this->repeats ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- control flow carrying the next probe; never printed.
			}
			$observation = $this->history[ $this->cursor ];
			if ( implode( "\n", $this->normalize( (array) $observation['set'] ) ) !== $key ) {
				throw new LogicException( esc_html( sprintf( 'Observation %d tested another set than the search asks for.', $this->cursor ) ) );
			}
			$seen[] = $this->cursor++;
		}
		$verdicts = array();
		foreach ( $seen as $index ) {
			$verdicts[ $this->history[ $index ]['verdict'] ] = true;
		}
		if ( count( $verdicts ) > 1 ) {
			$outcome = array(
				'kind'         => 'flaky',
				'reason'       => 'disagreeing-repeats',
				'observations' => $seen,
			);
			throw Search_Interrupt::stop( $outcome ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- control flow carrying the outcome; never printed.
		}
		$verdict = (string) $this->history[ $seen[0] ]['verdict'];
		$this->check_consistent( $set, $verdict, $seen[0] );
		$this->known[ $key ] = array(
			'verdict' => $verdict,
			'index'   => $seen[0],
			'set'     => $set,
		);
		return $verdict;
	}

	/**
	 * Whether observations are left that the search has not read yet.
	 *
	 * @return bool
	 */
	public function more(): bool {
		return $this->cursor < count( $this->history );
	}

	/**
	 * A fresh verdict for a set the search has judged already (never answered from memory): it must agree
	 * with the first one, or the symptom comes and goes.
	 *
	 * @param string[] $raw_set Candidates.
	 * @param string   $purpose Why it is asked.
	 * @param int      $repeat  Repeat in this round, from 1.
	 * @param int      $of      Repeats in this round.
	 * @return string pass or fail.
	 * @throws Search_Interrupt When the set needs a probe, or the verdict differs (flaky).
	 * @throws LogicException When an observation answers another set: the history is not this search's.
	 */
	public function recheck( array $raw_set, string $purpose, int $repeat, int $of ): string {
		$set = $this->normalize( $raw_set );
		$key = implode( "\n", $set );
		if ( $this->cursor >= count( $this->history ) ) {
			throw Search_Interrupt::need( $set, $purpose, $repeat, $of ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- control flow carrying the next probe; never printed.
		}
		$observation = $this->history[ $this->cursor ];
		if ( implode( "\n", $this->normalize( (array) $observation['set'] ) ) !== $key ) {
			throw new LogicException( esc_html( sprintf( 'Observation %d tested another set than the search asks for.', $this->cursor ) ) );
		}
		$index   = $this->cursor++;
		$verdict = (string) $observation['verdict'];
		$first   = $this->known[ $key ] ?? null;
		if ( null !== $first && $first['verdict'] !== $verdict ) {
			$outcome = array(
				'kind'         => 'flaky',
				'reason'       => 'recheck',
				'observations' => array( $first['index'], $index ),
			);
			throw Search_Interrupt::stop( $outcome ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- control flow carrying the outcome; never printed.
		}
		return $verdict;
	}

	/**
	 * Loading more candidates can only add causes: a failing set inside a passing one means the symptom
	 * comes and goes on its own.
	 *
	 * @param string[] $set     Set just observed.
	 * @param string   $verdict Its verdict.
	 * @param int      $index   Its first observation.
	 * @return void
	 * @throws Search_Interrupt On a contradiction.
	 */
	private function check_consistent( array $set, string $verdict, int $index ): void {
		foreach ( $this->known as $other ) {
			if ( $other['verdict'] === $verdict ) {
				continue;
			}
			list( $failing, $passing ) = 'fail' === $verdict ? array( $set, $other['set'] ) : array( $other['set'], $set );
			if ( array() === array_diff( $failing, $passing ) ) {
				$indexes = array( $other['index'], $index );
				sort( $indexes );
				$outcome = array(
					'kind'         => 'flaky',
					'reason'       => 'contradiction',
					'observations' => $indexes,
				);
				throw Search_Interrupt::stop( $outcome ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- control flow carrying the outcome; never printed.
			}
		}
	}
}
