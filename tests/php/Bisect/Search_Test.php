<?php
/**
 * The PHP bisection search mirrors src/features/bisect/search.ts.
 *
 * @package Triage
 */

namespace Triage\Tests\Bisect;

use LogicException;
use PHPUnit\Framework\TestCase;
use Triage\Bisect\Search;

/**
 * The key cases of src/features/bisect/test/search.test.ts, against the PHP twin.
 */
final class Search_Test extends TestCase {

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
	 * An oracle that fails when every member of one of the groups is loaded.
	 *
	 * @param string[][] $groups Culprit groups.
	 * @return callable
	 */
	private static function groups( array $groups ): callable {
		return static function ( array $set ) use ( $groups ): string {
			foreach ( $groups as $group ) {
				if ( array() === array_diff( $group, $set ) ) {
					return 'fail';
				}
			}
			return 'pass';
		};
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

	public function test_single_culprit_at_every_position_within_log2_plus_two_probes_after_confirmation_and_two_to_recheck(): void {
		for ( $n = 1; $n <= 40; $n++ ) {
			$candidates = self::names( $n );
			foreach ( $candidates as $culprit ) {
				$run = Search::run_search( array( 'candidates' => $candidates ), self::groups( array( array( $culprit ) ) ) );
				$this->assertSame( 'culprits', $run['outcome']['kind'], "n=$n culprit=$culprit" );
				$this->assertSame( array( array( $culprit ) ), $run['outcome']['groups'] );
				$this->assertLessThanOrEqual( (int) ceil( log( $n, 2 ) ) + 2, count( $run['history'] ) - 2 - 2, "n=$n culprit=$culprit" );
			}
		}
	}

	public function test_confirms_with_everything_then_nothing_and_points_at_its_evidence(): void {
		$candidates = self::names( 12 );
		$run        = Search::run_search( array( 'candidates' => $candidates ), self::groups( array( array( $candidates[7] ) ) ) );
		$this->assertSame( $candidates, $run['history'][0]['set'] );
		$this->assertSame( array(), $run['history'][1]['set'] );
		$this->assertSame(
			array(
				'set'     => array( $candidates[7] ),
				'verdict' => 'fail',
			),
			$run['history'][ $run['outcome']['failing'] ]
		);
		$passing = $run['history'][ $run['outcome']['passing'] ];
		$this->assertSame( 'pass', $passing['verdict'] );
		$this->assertSame( array_values( array_diff( $candidates, array( $candidates[7] ) ) ), $passing['set'] );
	}

	public function test_tries_suspects_first(): void {
		$candidates = self::names( 30 );
		$run        = Search::run_search(
			array(
				'candidates' => $candidates,
				'suspects'   => array( $candidates[23] ),
			),
			self::groups( array( array( $candidates[23] ) ) )
		);
		$this->assertSame( array( array( $candidates[23] ) ), $run['outcome']['groups'] );
		// Everything, nothing, the suspect alone, everything else; then the re-check of the last two.
		$this->assertCount( 6, $run['history'] );
		$this->assertSame( array( $candidates[23] ), $run['history'][2]['set'] );
		$this->assertSame( array( $candidates[23] ), $run['history'][4]['set'] );
		$this->assertSame(
			array( 'c', 'a', 'b' ),
			Search::order(
				array(
					'candidates' => array( 'a', 'b', 'c' ),
					'suspects'   => array( 'c', 'x', 'c' ),
				)
			)
		);
	}

	public function test_finds_every_pair_among_twelve(): void {
		$candidates = self::names( 12 );
		for ( $a = 0; $a < 12; $a++ ) {
			for ( $b = $a + 1; $b < 12; $b++ ) {
				$pair = array( $candidates[ $a ], $candidates[ $b ] );
				$run  = Search::run_search( array( 'candidates' => $candidates ), self::groups( array( $pair ) ) );
				$this->assertSame( 'culprits', $run['outcome']['kind'], "pair $a,$b" );
				$this->assertSame( array( $pair ), $run['outcome']['groups'], "pair $a,$b" );
			}
		}
	}

	public function test_names_independent_causes_separately(): void {
		$c   = self::names( 24 );
		$run = Search::run_search( array( 'candidates' => $c ), self::groups( array( array( $c[4] ), array( $c[10], $c[20] ) ) ) );
		$this->assertSame( array( array( $c[4] ), array( $c[10], $c[20] ) ), $run['outcome']['groups'] );
	}

	public function test_no_symptom_not_plugins_and_budget(): void {
		$run = Search::run_search(
			array( 'candidates' => self::names( 10 ) ),
			static function () {
				return 'pass';
			}
		);
		$this->assertSame(
			array(
				'kind'    => 'no-symptom',
				'passing' => 0,
			),
			$run['outcome']
		);
		$this->assertCount( 1, $run['history'] );

		$run = Search::run_search(
			array( 'candidates' => self::names( 10 ) ),
			static function () {
				return 'fail';
			}
		);
		$this->assertSame(
			array(
				'kind'    => 'not-plugins',
				'failing' => 1,
			),
			$run['outcome']
		);

		$c   = self::names( 40 );
		$run = Search::run_search(
			array(
				'candidates' => $c,
				'max_probes' => 4,
			),
			self::groups( array( array( $c[3], $c[30] ) ) )
		);
		$this->assertSame(
			array(
				'kind'   => 'inconclusive',
				'reason' => 'budget',
			),
			$run['outcome']
		);
		$this->assertCount( 4, $run['history'] );
	}

	public function test_random_verdicts_with_repeats_are_flaky_never_a_culprit(): void {
		$flaky = 0;
		foreach ( array( 2, 3 ) as $repeats ) {
			for ( $seed = 1; $seed <= 200; $seed++ ) {
				$random = self::seeded( $seed );
				$run    = Search::run_search(
					array(
						'candidates' => self::names( 20 ),
						'repeats'    => $repeats,
					),
					static function () use ( $random ) {
						return $random() < 0.5 ? 'fail' : 'pass';
					}
				);
				$this->assertNotSame( 'culprits', $run['outcome']['kind'] );
				$flaky += 'flaky' === $run['outcome']['kind'] ? 1 : 0;
			}
		}
		$this->assertGreaterThan( 300, $flaky );
	}

	public function test_a_failing_set_inside_a_passing_one_is_a_contradiction(): void {
		$c   = self::names( 8 );
		$run = Search::run_search(
			array( 'candidates' => $c ),
			static function ( array $set ) use ( $c ) {
				return 8 === count( $set ) || ( in_array( $c[0], $set, true ) && count( $set ) <= 2 ) ? 'fail' : 'pass';
			}
		);
		$this->assertSame( 'flaky', $run['outcome']['kind'] );
		$this->assertSame( 'contradiction', $run['outcome']['reason'] );
		list( $passing, $failing ) = $run['outcome']['observations'];
		$this->assertSame( 'pass', $run['history'][ $passing ]['verdict'] );
		$this->assertSame( 'fail', $run['history'][ $failing ]['verdict'] );
	}

	public function test_never_names_a_plugin_whose_removal_does_not_clear_the_symptom(): void {
		$random = self::seeded( 7 );
		for ( $round = 0; $round < 150; $round++ ) {
			$c      = self::names( 1 + (int) floor( $random() * 30 ) );
			$salt   = (int) floor( $random() * 1e9 );
			$oracle = static function ( array $set ) use ( $salt ): string {
				return 0 === crc32( $salt . '|' . implode( '|', $set ) ) % 3 ? 'pass' : 'fail';
			};
			$run    = Search::run_search( array( 'candidates' => $c ), $oracle );
			if ( 'culprits' !== $run['outcome']['kind'] ) {
				continue;
			}
			$named = array_merge( ...$run['outcome']['groups'] );
			$this->assertSame( 'pass', $oracle( array_values( array_diff( $c, $named ) ) ) );
			foreach ( $run['outcome']['groups'] as $group ) {
				$this->assertSame( 'fail', $oracle( $group ) );
			}
		}
	}

	/**
	 * Runs of the TypeScript search (fixtures/search-traces.cjs writes them).
	 *
	 * @return array<int, array{0: array<string, mixed>}>
	 */
	public function typescript_traces(): array {
		$traces = json_decode( (string) file_get_contents( __DIR__ . '/fixtures/search-traces.json' ), true );
		return array_map(
			static function ( array $trace ): array {
				return array( $trace );
			},
			$traces
		);
	}

	/**
	 * Given the same verdicts, the PHP search asks for the same sets in the same order and reaches the same
	 * outcome as the TypeScript search of the Bisect tab.
	 *
	 * @dataProvider typescript_traces
	 *
	 * @param array<string, mixed> $trace config, verdicts, history, outcome.
	 */
	public function test_replays_the_typescript_search_probe_for_probe( array $trace ): void {
		$verdicts = $trace['verdicts'];
		$next     = 0;
		$run      = Search::run_search(
			$trace['config'],
			static function () use ( $verdicts, &$next ): string {
				return $verdicts[ $next++ ] ?? 'pass';
			},
			(bool) $trace['confirm']
		);
		$this->assertSame( $trace['history'], $run['history'] );
		$this->assertSame( $trace['outcome'], $run['outcome'] );
	}

	public function test_resumes_from_any_prefix_repeats_in_a_row_and_refuses_a_foreign_history(): void {
		$config = array( 'candidates' => self::names( 17 ) );
		$run    = Search::run_search( $config, self::groups( array( array( 'plugin-11/plugin.php' ) ) ) );
		foreach ( $run['history'] as $i => $observation ) {
			$step = Search::next_step( $config, array_slice( $run['history'], 0, $i ) );
			$this->assertSame( 'probe', $step['kind'] );
			$this->assertSame( $observation['set'], $step['set'] );
			$this->assertSame( $i, $step['done'] );
			$this->assertGreaterThan( $step['done'], $step['estimate'] );
		}

		$repeated = Search::run_search(
			array(
				'candidates' => self::names( 6 ),
				'repeats'    => 3,
			),
			self::groups( array( array( 'plugin-3/plugin.php' ) ) )
		);
		// The re-check (culprit alone, everything else) takes turns: 5 rounds of 2 probes.
		$searched = count( $repeated['history'] ) - 10;
		$this->assertSame( 0, $searched % 3 );
		$this->assertSame( 'certain', $repeated['outcome']['confidence'] );
		for ( $i = 0; $i < $searched; $i += 3 ) {
			$this->assertSame( $repeated['history'][ $i ]['set'], $repeated['history'][ $i + 2 ]['set'] );
		}

		$this->expectException( LogicException::class );
		Search::next_step(
			$config,
			array(
				array(
					'set'     => array( 'plugin-1/plugin.php' ),
					'verdict' => 'fail',
				),
			)
		);
	}
}
