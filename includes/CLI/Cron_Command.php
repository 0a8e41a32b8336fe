<?php
/**
 * `wp triage cron`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Cron\Cron_Schedule;
use Triage\Cron\Event_Remover;
use Triage\Cron\Event_Runner;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Lists, runs and deletes wp-cron events, as the Cron tab does.
 *
 * Same services as GET /triage/v1/cron, POST /cron/run and DELETE /cron/event: owners attributed,
 * overdue and orphaned events marked.
 */
final class Cron_Command {

	/**
	 * Services, built when first used: schedule, runner, remover.
	 *
	 * @var array{schedule: callable, runner: callable, remover: callable}
	 */
	private $factories;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param callable $schedule Factory of Cron_Schedule.
	 * @param callable $runner   Factory of Event_Runner.
	 * @param callable $remover  Factory of Event_Remover.
	 * @param Access   $access   Capability rule.
	 */
	public function __construct( callable $schedule, callable $runner, callable $remover, Access $access ) {
		$this->factories = array(
			'schedule' => $schedule,
			'runner'   => $runner,
			'remover'  => $remover,
		);
		$this->access    = $access;
	}

	/**
	 * Lists scheduled events with their owners, overdue and orphaned ones marked.
	 *
	 * ## OPTIONS
	 *
	 * [--hook=<text>]
	 * : Only hooks containing this text.
	 *
	 * [--overdue]
	 * : Only overdue events.
	 *
	 * [--orphan]
	 * : Only events whose hook has no callback.
	 *
	 * [--per-page=<number>]
	 * : Events to list (at most 100).
	 * ---
	 * default: 50
	 * ---
	 *
	 * [--page=<number>]
	 * : Page.
	 * ---
	 * default: 1
	 * ---
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage cron list --overdue
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function list_( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'table', 'json', 'yaml', 'csv' ) );
		$query  = array(
			'hook'     => (string) ( $assoc['hook'] ?? '' ),
			'page'     => (int) ( $assoc['page'] ?? 1 ),
			'per_page' => (int) ( $assoc['per-page'] ?? 50 ),
		);
		if ( \WP_CLI\Utils\get_flag_value( $assoc, 'overdue', false ) ) {
			$query['overdue'] = true;
		}
		if ( \WP_CLI\Utils\get_flag_value( $assoc, 'orphan', false ) ) {
			$query['orphan'] = true;
		}
		Output::result(
			'cron list',
			$this->schedule()->page( $query ),
			$format,
			static function ( array $page, string $format ) {
				$rows = array();
				foreach ( $page['events'] as $event ) {
					$owners = array();
					foreach ( $event['owners'] as $owner ) {
						$owners[] = is_array( $owner ) ? (string) ( $owner['name'] ?? $owner['slug'] ?? '' ) : (string) $owner;
					}
					$rows[] = array(
						'hook'      => $event['hook'],
						'next_run'  => $event['next_run_utc'],
						'schedule'  => (string) $event['schedule'],
						'owner'     => implode( ', ', $owners ),
						'problems'  => implode( ', ', array_merge( $event['overdue'] ? array( 'overdue' ) : array(), $event['problems'] ) ),
						'timestamp' => $event['timestamp'],
						'key'       => $event['key'],
					);
				}
				Output::rows( $format, $rows, array( 'hook', 'next_run', 'schedule', 'owner', 'problems', 'timestamp', 'key' ) );
				if ( 'table' === $format ) {
					WP_CLI::log( sprintf( '%d events, %d overdue, %d orphaned, %d duplicates.', $page['totals']['events'], $page['totals']['overdue'], $page['totals']['orphans'], $page['totals']['duplicates'] ) );
				}
			}
		);
	}

	/**
	 * Runs one event now, in this process, and reports its output, errors and time.
	 *
	 * ## OPTIONS
	 *
	 * <hook>
	 * : The event's hook.
	 *
	 * [--timestamp=<time>]
	 * : Which occurrence (Unix time, see `cron list`). Default: the soonest.
	 *
	 * [--key=<key>]
	 * : Which arguments (see `cron list`). Default: those of the soonest occurrence.
	 *
	 * [--force]
	 * : Run even while another cron run holds the lock.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: yaml
	 * options:
	 *   - yaml
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage cron run wp_version_check
	 *
	 * @param string[]             $args  The hook.
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function run( array $args, array $assoc ): void {
		$this->access->check( Capabilities::CONFIGURE );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$event  = $this->event( (string) $args[0], $assoc );
		$result = $this->runner()->run( $event['hook'], (int) $event['timestamp'], (string) $event['key'], (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'force', false ) );
		$this->print( 'cron run', $result, $format );
	}

	/**
	 * Deletes an orphaned or duplicate event (one whose hook has no callback, or an extra copy), as the
	 * Cron tab does. Events still in use are refused: deleting them would stop their plugin's work.
	 *
	 * ## OPTIONS
	 *
	 * <hook>
	 * : The event's hook.
	 *
	 * [--timestamp=<time>]
	 * : Which occurrence (Unix time, see `cron list`). Default: the soonest.
	 *
	 * [--key=<key>]
	 * : Which arguments (see `cron list`). Default: those of the soonest occurrence.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: yaml
	 * options:
	 *   - yaml
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage cron delete old_plugin_hook
	 *
	 * @param string[]             $args  The hook.
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function delete( array $args, array $assoc ): void {
		$this->access->check( Capabilities::CONFIGURE );
		$format = Output::format( $assoc, array( 'yaml', 'json' ) );
		$event  = $this->event( (string) $args[0], $assoc );
		$this->print( 'cron delete', $this->remover()->remove( $event['hook'], (int) $event['timestamp'], (string) $event['key'] ), $format );
	}

	/**
	 * The event a hook and the optional --timestamp and --key name.
	 *
	 * @param string               $hook  Hook.
	 * @param array<string, mixed> $assoc Options.
	 * @return array<string, mixed>
	 */
	private function event( string $hook, array $assoc ): array {
		if ( isset( $assoc['timestamp'], $assoc['key'] ) ) {
			return array(
				'hook'      => $hook,
				'timestamp' => (int) $assoc['timestamp'],
				'key'       => (string) $assoc['key'],
			);
		}
		$page = $this->schedule()->page(
			array(
				'hook'     => $hook,
				'per_page' => Cron_Schedule::MAX_PER_PAGE,
			)
		);
		foreach ( $page['events'] as $event ) {
			if ( $event['hook'] === $hook && ( ! isset( $assoc['timestamp'] ) || (int) $assoc['timestamp'] === $event['timestamp'] ) && ( ! isset( $assoc['key'] ) || $assoc['key'] === $event['key'] ) ) {
				return $event;
			}
		}
		WP_CLI::error( sprintf( 'No scheduled event with the hook "%s" (see `wp triage cron list`).', $hook ) );
		return array();
	}

	/**
	 * Prints a change, or fails with the service's reason.
	 *
	 * @param string                         $command Command.
	 * @param array<string, mixed>|\WP_Error $result  Result.
	 * @param string                         $format  Format.
	 * @return void
	 */
	private function print( string $command, $result, string $format ): void {
		if ( is_wp_error( $result ) ) {
			Output::fail( $result );
			return;
		}
		if ( 'json' === $format ) {
			Output::json( $command, $result );
			return;
		}
		\WP_CLI\Utils\format_items( 'yaml', array( $result ), array_keys( $result ) );
	}

	/**
	 * The event runner.
	 *
	 * @return Event_Runner
	 */
	private function runner(): Event_Runner {
		return call_user_func( $this->factories['runner'] );
	}

	/**
	 * The event remover.
	 *
	 * @return Event_Remover
	 */
	private function remover(): Event_Remover {
		return call_user_func( $this->factories['remover'] );
	}

	/**
	 * The schedule.
	 *
	 * @return Cron_Schedule
	 */
	private function schedule(): Cron_Schedule {
		return call_user_func( $this->factories['schedule'] );
	}
}
