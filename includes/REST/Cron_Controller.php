<?php
/**
 * REST resource: the wp-cron schedule, the heartbeat, and the actions on events and the lock.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Cron\Cron_Fix;
use Triage\Cron\Cron_Heartbeat;
use Triage\Cron\Cron_Lock;
use Triage\Cron\Cron_Schedule;
use Triage\Cron\Event_Remover;
use Triage\Cron\Event_Runner;
use Triage\Cron\Spawn_Tester;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Reads (viewers): GET /triage/v1/cron (a page of the schedule), /cron/heartbeat (is cron running, and
 * run by what), /cron/fix (this site's system cron lines) and /cron/spawn-test (a timed request to
 * wp-cron.php that runs no event, so it changes nothing and stays a GET).
 *
 * Changes (configure, each with `confirm: true`): POST /cron/run runs one event now, DELETE /cron/event
 * removes an orphaned or duplicate event, DELETE /cron/lock releases the doing_cron lock. Refusals the
 * user can override (a held lock) are 409s that carry the lock, so the confirmation can say what forcing
 * does.
 */
final class Cron_Controller extends Controller {

	/**
	 * Builds the schedule reader.
	 *
	 * @var callable(): Cron_Schedule
	 */
	private $schedule_factory;

	/**
	 * Builds the event runner.
	 *
	 * @var callable(): Event_Runner
	 */
	private $runner_factory;

	/**
	 * Builds the event remover.
	 *
	 * @var callable(): Event_Remover
	 */
	private $remover_factory;

	/**
	 * The doing_cron lock.
	 *
	 * @var Cron_Lock
	 */
	private $lock;

	/**
	 * Triage's own recurring event and its verdict.
	 *
	 * @var Cron_Heartbeat
	 */
	private $heartbeat;

	/**
	 * Sends the timed spawn request.
	 *
	 * @var Spawn_Tester
	 */
	private $spawn_tester;

	/**
	 * Takes its collaborators; the schedule, runner and remover are built on first use.
	 *
	 * @param callable       $schedule_factory Returns Cron_Schedule.
	 * @param callable       $runner_factory   Returns Event_Runner.
	 * @param callable       $remover_factory  Returns Event_Remover.
	 * @param Cron_Lock      $lock             The lock.
	 * @param Cron_Heartbeat $heartbeat        The heartbeat.
	 * @param Spawn_Tester   $spawn_tester     The spawn test.
	 * @param Capabilities   $capabilities     Capability policy.
	 */
	public function __construct( callable $schedule_factory, callable $runner_factory, callable $remover_factory, Cron_Lock $lock, Cron_Heartbeat $heartbeat, Spawn_Tester $spawn_tester, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'cron' );
		$this->schedule_factory = $schedule_factory;
		$this->runner_factory   = $runner_factory;
		$this->remover_factory  = $remover_factory;
		$this->lock             = $lock;
		$this->heartbeat        = $heartbeat;
		$this->spawn_tester     = $spawn_tester;
	}

	/**
	 * The routes. Reading is for viewers; running, deleting and releasing change the site (configure).
	 *
	 * @return array<int, array{path: string, methods: string, callback: string, action: string, args?: string|array<string, mixed>, schema: string}>
	 */
	public function routes(): array {
		return array(
			array(
				'path'     => '',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_items',
				'action'   => Capabilities::VIEW,
				'args'     => 'cron/cron-query',
				'schema'   => 'cron/cron-schedule',
			),
			array(
				'path'     => '/heartbeat',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_heartbeat',
				'action'   => Capabilities::VIEW,
				'schema'   => 'cron/cron-heartbeat',
			),
			array(
				'path'     => '/fix',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_fix',
				'action'   => Capabilities::VIEW,
				'schema'   => 'cron/cron-fix',
			),
			array(
				'path'     => '/spawn-test',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'spawn_test',
				'action'   => Capabilities::VIEW,
				'schema'   => 'cron/cron-spawn-test',
			),
			array(
				'path'     => '/run',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'run_event',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'cron/cron-run-request',
				'schema'   => 'cron/cron-run',
			),
			array(
				'path'     => '/event',
				'methods'  => WP_REST_Server::DELETABLE,
				'callback' => 'delete_event',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'cron/cron-delete-request',
				'schema'   => 'cron/cron-delete',
			),
			array(
				'path'     => '/lock',
				'methods'  => WP_REST_Server::DELETABLE,
				'callback' => 'release_lock',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'cron/cron-lock-release-request',
				'schema'   => 'cron/cron-lock-release',
			),
		);
	}

	/**
	 * One page of the schedule.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$query = array();
		foreach ( array_keys( Cron_Schedule::defaults() ) as $name ) {
			if ( null !== $request[ $name ] ) {
				$query[ $name ] = $request[ $name ];
			}
		}
		return rest_ensure_response( $this->schedule()->page( $query ) );
	}

	/**
	 * The heartbeat's verdict.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_heartbeat( $request ) {
		return rest_ensure_response( $this->heartbeat->verdict() );
	}

	/**
	 * This site's system cron set-up.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_fix( $request ) {
		return rest_ensure_response( Cron_Fix::for_this_site()->commands() );
	}

	/**
	 * The timed spawn request.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function spawn_test( $request ) {
		return rest_ensure_response( $this->spawn_tester->test() );
	}

	/**
	 * Runs one event now. A fatal error in the event ends PHP: the runner then answers the result itself
	 * (Event_Runner::emit_json), with status 200, from its shutdown function.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function run_event( $request ) {
		if ( true !== $request['confirm'] ) {
			return $this->confirmation_error( __( 'Running an event needs an explicit confirmation (confirm: true): its callbacks run now, in this request.', 'triage' ) );
		}
		$runner = ( $this->runner_factory )();
		$result = $runner->run( (string) $request['hook'], (int) $request['timestamp'], (string) $request['key'], (bool) $request['force'], array( Event_Runner::class, 'emit_json' ) );
		return rest_ensure_response( $result );
	}

	/**
	 * Deletes an orphaned or duplicate event.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_event( $request ) {
		if ( true !== $request['confirm'] ) {
			return $this->confirmation_error( __( 'Deleting an event needs an explicit confirmation (confirm: true): it leaves the schedule for good.', 'triage' ) );
		}
		$remover = ( $this->remover_factory )();
		return rest_ensure_response( $remover->remove( (string) $request['hook'], (int) $request['timestamp'], (string) $request['key'] ) );
	}

	/**
	 * Releases the doing_cron lock.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function release_lock( $request ) {
		if ( true !== $request['confirm'] ) {
			return $this->confirmation_error( __( 'Releasing the cron lock needs an explicit confirmation (confirm: true).', 'triage' ) );
		}
		return rest_ensure_response( $this->lock->release( (bool) $request['force'] ) );
	}

	/**
	 * The schedule reader.
	 *
	 * @return Cron_Schedule
	 */
	private function schedule(): Cron_Schedule {
		return ( $this->schedule_factory )();
	}

	/**
	 * Refusal for a change without confirm: true.
	 *
	 * @param string $message What the confirmation is about.
	 * @return WP_Error
	 */
	private function confirmation_error( string $message ): WP_Error {
		return new WP_Error( 'triage_confirmation_required', $message, array( 'status' => 400 ) );
	}
}
