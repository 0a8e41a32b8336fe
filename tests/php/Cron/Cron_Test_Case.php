<?php
/**
 * Builds the cron services over a fixed clock and the fixture site's attribution.
 *
 * @package Triage
 */

use Triage\Cron\Callback_Owner;
use Triage\Cron\Cron_Events;
use Triage\Cron\Cron_Lock;
use Triage\Cron\Cron_Schedule;
use Triage\Logs\Log_Attributor;

/**
 * Base for cron tests.
 */
abstract class Cron_Test_Case extends WP_UnitTestCase {

	/** 2026-11-23 12:00 UTC. */
	public const NOW = 1795435200;

	/**
	 * Loads the fixture plugin's callbacks.
	 *
	 * @return void
	 */
	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		require_once __DIR__ . '/fixtures/site/wp-content/plugins/acme-sync/acme-sync.php';
		require_once __DIR__ . '/fixtures/site/wp-content/themes/acme-theme/functions.php';
	}

	/**
	 * The lock on the fixed clock.
	 *
	 * @return Cron_Lock
	 */
	protected function lock() {
		return new Cron_Lock(
			static function () {
				return (float) self::NOW;
			}
		);
	}

	/**
	 * The schedule on the fixed clock, attributing to the fixture site.
	 *
	 * @return Cron_Schedule
	 */
	protected function schedule() {
		$root = __DIR__ . '/fixtures/site';
		return new Cron_Schedule(
			new Cron_Events(),
			new Callback_Owner( new Log_Attributor( $root . '/wp-content/plugins', $root . '/wp-content/mu-plugins', array( $root . '/wp-content/themes' ), $root . '/' ), $root . '/' ),
			$this->lock(),
			static function () {
				return self::NOW;
			}
		);
	}

	/**
	 * Stores a cron option built from events.
	 *
	 * @param array<int, array{0: int, 1: string, 2?: array, 3?: string|false, 4?: int}> $events Time, hook, args, schedule, interval.
	 * @return void
	 */
	protected function set_events( array $events ) {
		$cron = array();
		foreach ( $events as $event ) {
			$args = $event[2] ?? array();
			$item = array(
				'schedule' => $event[3] ?? false,
				'args'     => $args,
			);
			if ( ! empty( $event[3] ) ) {
				$item['interval'] = $event[4] ?? 3600;
			}
			$cron[ $event[0] ][ $event[1] ][ Cron_Events::key_of( $args ) ] = $item;
		}
		ksort( $cron );
		$cron['version'] = 2;
		update_option( 'cron', $cron );
	}

	/**
	 * Errors of a value against a REST schema ('' when valid), after a JSON round trip as in a response.
	 *
	 * @param mixed  $value Value.
	 * @param string $name  Schema name, e.g. cron/cron-run.
	 * @return string
	 */
	protected function schema_errors( $value, $name ) {
		$value  = json_decode( (string) wp_json_encode( $value ), true );
		$result = rest_validate_value_from_schema( $value, \Triage\REST\Schemas::get( $name ), $name );
		return is_wp_error( $result ) ? $result->get_error_message() : '';
	}
}
