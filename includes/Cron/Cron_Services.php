<?php
/**
 * The wp-cron tools, built once each and shared by the REST API, WP-CLI and the support report.
 *
 * @package Triage
 */

namespace Triage\Cron;

use Triage\Logs\Log_Service;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the cron services when first needed and keeps them: one of each per request. Only the heartbeat is
 * built up front, because it registers its recurrence and callback on every request.
 */
final class Cron_Services {

	/**
	 * Returns the log service, whose attributor names the owner of each callback.
	 *
	 * @var callable(): Log_Service
	 */
	private $log_service;

	/**
	 * Triage's own recurring event.
	 *
	 * @var Cron_Heartbeat
	 */
	private $heartbeat;

	/**
	 * The doing_cron lock, shared by the schedule, the runner and the lock route.
	 *
	 * @var Cron_Lock|null
	 */
	private $lock;

	/**
	 * Built when first needed.
	 *
	 * @var Cron_Schedule|null
	 */
	private $schedule;

	/**
	 * Built when first needed; keeps its shutdown guard for the request.
	 *
	 * @var Event_Runner|null
	 */
	private $runner;

	/**
	 * Builds the heartbeat; everything else waits until asked for.
	 *
	 * @param callable(): Log_Service $log_service Returns the log service.
	 */
	public function __construct( callable $log_service ) {
		$this->log_service = $log_service;
		$this->heartbeat   = new Cron_Heartbeat();
	}

	/**
	 * Triage's own recurring event.
	 *
	 * @return Cron_Heartbeat
	 */
	public function heartbeat(): Cron_Heartbeat {
		return $this->heartbeat;
	}

	/**
	 * The doing_cron lock.
	 *
	 * @return Cron_Lock
	 */
	public function lock(): Cron_Lock {
		return $this->lock ??= new Cron_Lock();
	}

	/**
	 * The wp-cron schedule, with callbacks attributed as the Logs tab attributes errors.
	 *
	 * @return Cron_Schedule
	 */
	public function cron_schedule(): Cron_Schedule {
		if ( null === $this->schedule ) {
			$logs           = ( $this->log_service )();
			$this->schedule = new Cron_Schedule( new Cron_Events(), new Callback_Owner( $logs->attributor(), ABSPATH ), $this->lock() );
		}
		return $this->schedule;
	}

	/**
	 * Runs one event now.
	 *
	 * @return Event_Runner
	 */
	public function event_runner(): Event_Runner {
		return $this->runner ??= new Event_Runner( $this->cron_schedule(), $this->lock() );
	}

	/**
	 * Deletes orphaned and duplicate events.
	 *
	 * @return Event_Remover
	 */
	public function event_remover(): Event_Remover {
		return new Event_Remover( $this->cron_schedule() );
	}
}
