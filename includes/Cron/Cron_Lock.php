<?php
/**
 * The doing_cron lock: who holds it, since when, and releasing it.
 *
 * @package Triage
 */

namespace Triage\Cron;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * WordPress's wp-cron.php stores its start time (microtime as a string) in the doing_cron transient and checks it
 * between events; spawn_cron() starts no new run while it is younger than WP_CRON_LOCK_TIMEOUT. A lock
 * in the future (clock moved) blocks spawning until core notices it ten minutes later.
 */
final class Cron_Lock {

	/** Core's lock timeout when WP_CRON_LOCK_TIMEOUT is not defined. */
	private const DEFAULT_TIMEOUT = 60;

	/** A lock this old belongs to a run that died, or to one that takes far longer than it should. */
	private const STUCK_AFTER = 600;

	/**
	 * Current time, injectable for tests.
	 *
	 * @var callable(): float
	 */
	private $clock;

	/**
	 * Takes an optional clock.
	 *
	 * @param callable|null $clock Returns the current Unix time as a float.
	 */
	public function __construct( ?callable $clock = null ) {
		$this->clock = $clock ?? static function (): float {
			return microtime( true );
		};
	}

	/**
	 * Core's lock timeout in seconds.
	 *
	 * @return int
	 */
	public static function timeout(): int {
		return defined( 'WP_CRON_LOCK_TIMEOUT' ) && is_numeric( WP_CRON_LOCK_TIMEOUT ) ? (int) WP_CRON_LOCK_TIMEOUT : self::DEFAULT_TIMEOUT;
	}

	/**
	 * The lock's state.
	 *
	 * @return array{held: bool, state: string, value: string|null, since: int|null, age: int|null, timeout: int}
	 */
	public function read(): array {
		$value = get_transient( 'doing_cron' );
		$state = array(
			'held'    => false,
			'state'   => 'none',
			'value'   => null,
			'since'   => null,
			'age'     => null,
			'timeout' => self::timeout(),
		);
		if ( false === $value || '' === $value || ! is_scalar( $value ) ) {
			return $state;
		}
		$state['value'] = (string) $value;
		if ( ! is_numeric( $value ) ) {
			// Not a time: wp-cron.php would never match it, so it blocks nothing but looks odd.
			$state['state'] = 'invalid';
			return $state;
		}
		$age            = (int) floor( call_user_func( $this->clock ) - (float) $value );
		$state['since'] = (int) $value;
		$state['age']   = $age;
		if ( $age < -10 * MINUTE_IN_SECONDS ) {
			$state['state'] = 'future';
		} elseif ( $age < self::timeout() ) {
			$state['state'] = 'held';
			$state['held']  = true;
		} elseif ( $age < self::STUCK_AFTER ) {
			$state['state'] = 'expired';
		} else {
			$state['state'] = 'stuck';
		}
		return $state;
	}

	/**
	 * Deletes the lock. A lock younger than core's timeout belongs to a run in progress: refused unless forced.
	 *
	 * @param bool $force Release even a lock a run may still hold.
	 * @return array{released: bool, previous: array<string, mixed>}|WP_Error
	 */
	public function release( bool $force = false ) {
		$before = $this->read();
		if ( 'none' === $before['state'] ) {
			return array(
				'released' => false,
				'previous' => $before,
			);
		}
		if ( $before['held'] && ! $force ) {
			return new WP_Error(
				'triage_cron_lock_held',
				sprintf(
					/* translators: 1: seconds, 2: seconds. */
					__( 'A cron run took the lock %1$d seconds ago and may still be running (core keeps it for %2$d seconds). Wait, or force the release.', 'triage' ),
					(int) $before['age'],
					self::timeout()
				),
				array(
					'status' => 409,
					'lock'   => $before,
				)
			);
		}
		delete_transient( 'doing_cron' );
		return array(
			'released' => false === get_transient( 'doing_cron' ),
			'previous' => $before,
		);
	}

	/**
	 * Takes the lock for a run started by Triage, as wp-cron.php does.
	 *
	 * @return string The lock value, to hand back to give_back().
	 */
	public function take(): string {
		$value = sprintf( '%.22F', call_user_func( $this->clock ) );
		set_transient( 'doing_cron', $value );
		return $value;
	}

	/**
	 * Releases a lock taken by take(), unless another run has taken it since.
	 *
	 * @param string $value The value take() returned.
	 * @return void
	 */
	public function give_back( string $value ): void {
		if ( get_transient( 'doing_cron' ) === $value ) {
			delete_transient( 'doing_cron' );
		}
	}
}
