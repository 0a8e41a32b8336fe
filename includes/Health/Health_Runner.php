<?php
/**
 * Runs health checks and summarises them by layer.
 *
 * @package Triage
 */

namespace Triage\Health;

use Triage\Incidents\Cause_Catalog;

defined( 'ABSPATH' ) || exit;

/**
 * Holds the registered checks and runs a selection of them against one shared context. A check's "good"
 * is a claim about now: when an incident of the last hour contradicts it (a saturated pool against "the
 * pool has free workers"), the result says so instead.
 */
final class Health_Runner {

	public const SPEED_ALL  = 'all';
	public const SPEED_FAST = 'fast';
	public const SPEED_SLOW = 'slow';

	/**
	 * Checks by id, built on first use so that ordinary requests load none of them.
	 *
	 * @var array<string, Check>|null
	 */
	private $checks = null;

	/**
	 * Builds the checks.
	 *
	 * @var callable(): mixed
	 */
	private $checks_factory;

	/**
	 * Builds the context for a run.
	 *
	 * @var callable(): Check_Context
	 */
	private $context_factory;

	/**
	 * Returns the incidents of a window, (int $seconds) => the GET /incidents payload; null for none.
	 *
	 * @var callable|null
	 */
	private $incidents;

	/**
	 * The incidents of the last hour, once read (or handed over by a caller that already has them).
	 *
	 * @var array<int, array<string, mixed>>|null
	 */
	private $recent_incidents = null;

	/**
	 * Takes factories for the checks and for the context of a run.
	 *
	 * @param callable      $checks_factory  Returns the checks (default_checks() in production); what is not a Check is skipped.
	 * @param callable      $context_factory Returns a fresh Check_Context.
	 * @param callable|null $incidents       Returns the incidents of a window in seconds (Incident_Service::recent()'s
	 *                                       payload); null to never read them.
	 */
	public function __construct( callable $checks_factory, callable $context_factory, ?callable $incidents = null ) {
		$this->checks_factory  = $checks_factory;
		$this->context_factory = $context_factory;
		$this->incidents       = $incidents;
	}

	/**
	 * Hands over incidents the caller already read (the support report does), so a run does not read the
	 * logs a second time. Any window of at least an hour will do: only incidents that ended within the last
	 * hour count.
	 *
	 * @param array<string, mixed> $payload Incident_Service::recent() payload (all of its incidents, not one page).
	 * @return void
	 */
	public function use_incidents( array $payload ): void {
		$this->recent_incidents = $this->within_the_hour( isset( $payload['incidents'] ) && is_array( $payload['incidents'] ) ? $payload['incidents'] : array() );
	}

	/**
	 * The default set, extensible with the triage_health_checks filter.
	 *
	 * @return mixed[] Checks, and whatever filters added (checks() keeps only Check objects).
	 */
	public static function default_checks(): array {
		$checks = array(
			new Checks\Cdn_Proxy_Check(),
			new Checks\Origin_Tls_Check(),
			new Checks\Site_Address_Check(),
			new Checks\Loopback_Check(),
			new Checks\Time_Limits_Check(),
			new Checks\Debug_Log_Exposure_Check(),
			new Checks\Fpm_Pool_Check(),
			new Checks\Memory_Limits_Check(),
			new Checks\Memory_Usage_Check(),
			new Checks\Php_Version_Check(),
			new Checks\Opcache_Check(),
			new Checks\Maintenance_Check(),
			new Checks\Cron_Check(),
			new Checks\Debug_Config_Check(),
			new Checks\External_Http_Check(),
			new Checks\Database_Check(),
			new Checks\Autoload_Check(),
			new Checks\Server_Load_Check(),
			new Checks\Server_Memory_Check(),
			new Checks\Disk_Space_Check(),
		);

		/**
		 * Filters Triage's health checks. Add objects implementing Triage\Health\Check.
		 *
		 * @param Check[] $checks Checks.
		 */
		return (array) apply_filters( 'triage_health_checks', $checks );
	}

	/**
	 * Checks by id.
	 *
	 * @return array<string, Check>
	 */
	public function checks(): array {
		if ( null === $this->checks ) {
			$this->checks = array();
			foreach ( (array) call_user_func( $this->checks_factory ) as $check ) {
				if ( $check instanceof Check ) {
					$this->checks[ $check->id() ] = $check;
				}
			}
		}
		return $this->checks;
	}

	/**
	 * Runs checks.
	 *
	 * @param string[] $ids   Ids to run; empty for all.
	 * @param string   $speed all, fast (no loopbacks) or slow (only loopbacks).
	 * @return Check_Result[]
	 */
	public function run( array $ids = array(), string $speed = self::SPEED_ALL ): array {
		$context = call_user_func( $this->context_factory );
		$results = array();
		foreach ( $this->checks() as $id => $check ) {
			if ( $ids && ! in_array( $id, $ids, true ) ) {
				continue;
			}
			if ( ( self::SPEED_FAST === $speed && $check->is_slow() ) || ( self::SPEED_SLOW === $speed && ! $check->is_slow() ) ) {
				continue;
			}
			$results[] = $this->run_one( $check, $context );
		}
		return $this->contradicted_by_incidents( $results );
	}

	/**
	 * Turns each "good" that an incident of the last hour contradicts into that incident's severity, with
	 * the incident named. The logs are read only when a good result could be contradicted, once per runner.
	 *
	 * @param Check_Result[] $results Results.
	 * @return Check_Result[]
	 */
	private function contradicted_by_incidents( array $results ): array {
		if ( null === $this->incidents && null === $this->recent_incidents ) {
			return $results;
		}
		if ( ! class_exists( Cause_Catalog::class ) ) {
			return $results;
		}
		$contradictable = array();
		foreach ( Cause_Catalog::CAUSES as $cause ) {
			foreach ( Cause_Catalog::contradicts( $cause ) as $id ) {
				$contradictable[ $id ] = true;
			}
		}
		$exposed = false;
		foreach ( $results as $result ) {
			if ( Check_Result::GOOD === $result->status() && isset( $contradictable[ $result->to_array()['id'] ] ) ) {
				$exposed = true;
				break;
			}
		}
		if ( ! $exposed ) {
			return $results;
		}
		$incidents = $this->recent_incidents();
		if ( ! $incidents ) {
			return $results;
		}
		$checks = $this->checks();
		foreach ( $results as $index => $result ) {
			$id = (string) $result->to_array()['id'];
			if ( Check_Result::GOOD !== $result->status() || ! isset( $checks[ $id ] ) ) {
				continue;
			}
			// Newest first: the first incident that contradicts the check is the one named.
			foreach ( $incidents as $incident ) {
				if ( in_array( $id, Cause_Catalog::contradicts( (string) ( $incident['cause'] ?? '' ) ), true ) ) {
					$results[ $index ] = $this->contradiction( $checks[ $id ], $result, $incident );
					break;
				}
			}
		}
		return $results;
	}

	/**
	 * The incidents of the last hour, newest first; read once. A failure to read them leaves the checks as
	 * they are (the Overview's "What happened" says what could not be read).
	 *
	 * @return array<int, array<string, mixed>>
	 */
	private function recent_incidents(): array {
		if ( null === $this->recent_incidents ) {
			$this->recent_incidents = array();
			try {
				$payload = null === $this->incidents ? array() : call_user_func( $this->incidents, HOUR_IN_SECONDS );
			} catch ( \Throwable $error ) {
				$payload = array();
			}
			$this->recent_incidents = $this->within_the_hour( (array) ( $payload['incidents'] ?? array() ) );
		}
		return $this->recent_incidents;
	}

	/**
	 * The incidents that ended within the last hour, in their order (newest first).
	 *
	 * @param array<int|string, mixed> $incidents Incidents.
	 * @return array<int, array<string, mixed>>
	 */
	private function within_the_hour( array $incidents ): array {
		$since  = time() - HOUR_IN_SECONDS;
		$recent = array();
		foreach ( $incidents as $incident ) {
			if ( is_array( $incident ) && (int) ( $incident['end'] ?? 0 ) >= $since ) {
				$recent[] = $incident;
			}
		}
		return $recent;
	}

	/**
	 * A good result rewritten by the incident that contradicts it: its severity, a title naming it
	 * ("A 502 at 00:49:43 contradicts this: …"), what the check measured kept as evidence, the incident's fix.
	 *
	 * @param Check                $check    The check.
	 * @param Check_Result         $result   Its good result.
	 * @param array<string, mixed> $incident The incident (includes/REST/schemas/incidents/incident.json).
	 * @return Check_Result
	 */
	private function contradiction( Check $check, Check_Result $result, array $incident ): Check_Result {
		$fields = $result->to_array();
		$start  = (int) ( $incident['start'] ?? 0 );
		$at     = (string) wp_date( 'H:i:s', $start );
		$status = isset( $incident['statuses'][0]['status'] ) ? (int) $incident['statuses'][0]['status'] : 0;
		$what   = (string) ( $incident['title'] ?? '' );
		$title  = $status > 0
			/* translators: 1: HTTP status such as 502, 2: time of day, 3: what happened, e.g. "Every PHP worker was busy". */
			? sprintf( __( 'A %1$d at %2$s contradicts this: %3$s', 'triage' ), $status, $at, $what )
			/* translators: 1: time of day, 2: what happened, e.g. "A request ran out of memory". */
			: sprintf( __( 'An incident at %1$s contradicts this: %2$s', 'triage' ), $at, $what );

		$evidence = array_merge(
			array(
				Check_Result::evidence( __( 'Incident', 'triage' ), (string) ( $incident['sentence'] ?? $what ) ),
				Check_Result::evidence( __( 'What the check measured alone', 'triage' ), (string) $fields['title'] ),
			),
			(array) $fields['evidence']
		);
		$fix      = isset( $incident['fix'] ) && is_array( $incident['fix'] ) ? $incident['fix'] : array();
		$steps    = array_map( 'strval', (array) ( $fix['steps'] ?? array() ) );
		$critical = isset( $incident['severity'] ) && 'critical' === $incident['severity'];
		return Check_Result::measured(
			$check,
			$critical ? Check_Result::CRITICAL : Check_Result::WARNING,
			$title,
			$evidence,
			sprintf(
				/* translators: %s: how long ago, e.g. "23 mins". */
				__( 'This check measures the present moment, which looks fine; the logs show it failed %s ago. A saturation, a timeout or an outage that already passed is invisible to a measurement of now, and it can come back.', 'triage' ),
				human_time_diff( $start, time() )
			),
			trim( (string) ( $fix['summary'] ?? '' ) . ( $steps ? "\n" . implode( "\n", $steps ) : '' ) )
		);
	}

	/**
	 * Runs one check; an exception or error becomes an `unknown` result rather than a failed request.
	 *
	 * @param Check         $check   Check.
	 * @param Check_Context $context Context.
	 * @return Check_Result
	 */
	private function run_one( Check $check, Check_Context $context ): Check_Result {
		try {
			return $check->run( $context );
		} catch ( \Throwable $error ) {
			return Check_Result::unknown(
				$check,
				__( 'This check failed to run', 'triage' ),
				/* translators: %s: error message. */
				sprintf( __( 'The check stopped with an error: %s', 'triage' ), $error->getMessage() )
			);
		}
	}

	/**
	 * Worst status and number of problems per layer, every layer present.
	 *
	 * @param Check_Result[] $results Results.
	 * @return array<string, array{status: string, problems: int, checks: int}>
	 */
	public static function summarize( array $results ): array {
		$layers = array();
		foreach ( Check_Result::LAYERS as $layer ) {
			$layers[ $layer ] = array(
				'status'   => Check_Result::GOOD,
				'problems' => 0,
				'checks'   => 0,
			);
		}
		foreach ( $results as $result ) {
			$layer = $result->layer();
			if ( ! isset( $layers[ $layer ] ) ) {
				continue;
			}
			++$layers[ $layer ]['checks'];
			$layers[ $layer ]['status'] = Check_Result::worst( $layers[ $layer ]['status'], $result->status() );
			if ( in_array( $result->status(), array( Check_Result::WARNING, Check_Result::CRITICAL ), true ) ) {
				++$layers[ $layer ]['problems'];
			}
		}
		foreach ( $layers as $layer => $summary ) {
			if ( 0 === $summary['checks'] ) {
				$layers[ $layer ]['status'] = Check_Result::UNKNOWN;
			}
		}
		return $layers;
	}
}
