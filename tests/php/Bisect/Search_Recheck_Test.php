<?php
/**
 * The re-check before certainty, in the PHP search (the twin of src/features/bisect/test/search-recheck.test.ts).
 *
 * @package Triage
 */

namespace Triage\Tests\Bisect;

use PHPUnit\Framework\TestCase;
use Triage\Bisect\Search;

/**
 * A culprit is probed again before it is named, and called certain only after failing alone in
 * Search::CERTAIN_SEEN requests.
 */
final class Search_Recheck_Test extends TestCase {

	/**
	 * Candidate names.
	 *
	 * @param int $n How many.
	 * @return string[]
	 */
	private static function names( int $n ): array {
		$names = array();
		for ( $i = 1; $i <= $n; $i++ ) {
			$names[] = "plugin-$i/plugin.php";
		}
		return $names;
	}

	/**
	 * Park and Miller's generator, seeded, as the TypeScript tests use it.
	 *
	 * @param int $seed Seed.
	 * @return callable(): float
	 */
	private static function seeded( int $seed ): callable {
		$state = $seed % 2147483647;
		return static function () use ( &$state ): float {
			$state = ( $state * 48271 ) % 2147483647;
			return ( $state - 1 ) / 2147483646;
		};
	}

	/**
	 * The purpose of each observation.
	 *
	 * @param array<string, mixed>                              $config  Configuration.
	 * @param array<int, array{set: string[], verdict: string}> $history Observations.
	 * @return string[]
	 */
	private static function purposes( array $config, array $history ): array {
		$purposes = array();
		foreach ( array_keys( $history ) as $i ) {
			$step       = Search::next_step( $config, array_slice( $history, 0, $i ), true );
			$purposes[] = 'probe' === $step['kind'] ? $step['purpose'] : 'done';
		}
		return $purposes;
	}

	public function test_probes_the_culprit_alone_and_everything_else_once_more_and_says_seen_once(): void {
		$c       = self::names( 12 );
		$config  = array( 'candidates' => $c );
		$culprit = $c[7];
		$run     = Search::run_search(
			$config,
			static function ( array $set ) use ( $culprit ): string {
				return in_array( $culprit, $set, true ) ? 'fail' : 'pass';
			}
		);
		$this->assertSame( 'seen-once', $run['outcome']['confidence'] );
		$this->assertSame( 2, $run['outcome']['seen'] );
		$this->assertSame( array( 'recheck-group', 'recheck-without' ), array_slice( self::purposes( $config, $run['history'] ), -2 ) );
		$this->assertSame( array( $culprit ), $run['history'][ count( $run['history'] ) - 2 ]['set'] );
	}

	public function test_a_culprit_that_passes_alone_on_the_recheck_is_flaky_and_named_nowhere(): void {
		$c       = self::names( 12 );
		$culprit = $c[3];
		$alone   = 0;
		$run     = Search::run_search(
			array( 'candidates' => $c ),
			static function ( array $set ) use ( $culprit, &$alone ): string {
				if ( array( $culprit ) === $set ) {
					++$alone;
					return 1 === $alone ? 'fail' : 'pass';
				}
				return in_array( $culprit, $set, true ) ? 'fail' : 'pass';
			}
		);
		$this->assertSame( 'flaky', $run['outcome']['kind'] );
		$this->assertSame( 'recheck', $run['outcome']['reason'] );
		list( $first, $again ) = $run['outcome']['observations'];
		$this->assertSame( 'fail', $run['history'][ $first ]['verdict'] );
		$this->assertSame( 'pass', $run['history'][ $again ]['verdict'] );
		$this->assertSame( count( $run['history'] ) - 1, $again );
	}

	public function test_a_pair_is_rechecked_with_each_member_alone(): void {
		$c      = self::names( 12 );
		$config = array( 'candidates' => $c );
		$pair   = array( $c[2], $c[9] );
		$oracle = static function ( array $set ) use ( $pair ): string {
			return array() === array_diff( $pair, $set ) ? 'fail' : 'pass';
		};
		$run    = Search::run_search( $config, $oracle );
		$this->assertSame( array( $pair ), $run['outcome']['groups'] );
		$this->assertSame(
			array( 'recheck-group', 'recheck-member', 'recheck-member', 'recheck-without' ),
			array_slice( self::purposes( $config, $run['history'] ), -4 )
		);
		$this->assertSame(
			array( $pair, array( $pair[1] ), array( $pair[0] ) ),
			array_column( array_slice( $run['history'], -4, 3 ), 'set' )
		);
	}

	public function test_a_confirmation_rechecks_until_eight_requests_failed_alone_then_says_certain(): void {
		$c       = self::names( 10 );
		$config  = array( 'candidates' => $c );
		$culprit = $c[4];
		$oracle  = static function ( array $set ) use ( $culprit ): string {
			return in_array( $culprit, $set, true ) ? 'fail' : 'pass';
		};
		$once    = Search::run_search( $config, $oracle );
		$step    = Search::next_step( $config, $once['history'], true );
		$this->assertSame( 'probe', $step['kind'] );
		$this->assertSame( array( $culprit ), $step['set'] );
		$this->assertSame( 'recheck-group', $step['purpose'] );
		$this->assertSame( Search::CERTAIN_SEEN - 2, $step['of'] );

		$sure = Search::run_search( $config, $oracle, true );
		$this->assertSame( 'certain', $sure['outcome']['confidence'] );
		$this->assertSame( Search::CERTAIN_SEEN, $sure['outcome']['seen'] );
		$this->assertCount( count( $once['history'] ) + 2 * ( Search::CERTAIN_SEEN - 2 ), $sure['history'] );
		// A history that goes on past "seen once" is a confirmation under way: it resumes without the flag.
		$resumed = Search::next_step( $config, array_slice( $sure['history'], 0, count( $once['history'] ) + 1 ) );
		$this->assertSame( 'recheck-without', $resumed['purpose'] );
	}

	/**
	 * The acceptance simulation: 20 seeded runs at the default settings, a culprit failing half of the
	 * requests it is loaded in among 30 plugins. The same seeds and generator as the TypeScript test, so
	 * the figures are the same.
	 */
	public function test_an_intermittent_culprit_is_never_certain_and_rarely_misnamed_over_20_seeded_runs(): void {
		$c     = self::names( 30 );
		$tally = array(
			'wrong'     => 0,
			'seen-once' => 0,
			'certain'   => 0,
			'right'     => 0,
		);
		for ( $seed = 1; $seed <= 20; $seed++ ) {
			$random  = self::seeded( $seed );
			$culprit = $c[ (int) floor( $random() * 30 ) ];
			$run     = Search::run_search(
				array( 'candidates' => $c ),
				static function ( array $set ) use ( $culprit, $random ): string {
					return in_array( $culprit, $set, true ) && $random() < 0.5 ? 'fail' : 'pass';
				}
			);
			$outcome = $run['outcome'];
			if ( 'culprits' !== $outcome['kind'] ) {
				continue;
			}
			$named             = array_merge( ...$outcome['groups'] );
			$tally['certain'] += 'certain' === $outcome['confidence'] ? 1 : 0;
			if ( array( $culprit ) === $named ) {
				++$tally['right'];
			} else {
				++$tally['wrong'];
				$tally['seen-once'] += 'seen-once' === $outcome['confidence'] ? 1 : 0;
			}
		}
		$figures = wp_json_encode( $tally );
		$this->assertSame( 0, $tally['certain'], (string) $figures );
		$this->assertLessThanOrEqual( 1, $tally['wrong'], (string) $figures );
		$this->assertSame( $tally['wrong'], $tally['seen-once'], (string) $figures );
	}
}
