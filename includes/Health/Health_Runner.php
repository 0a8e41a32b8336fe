<?php
/**
 * Runs health checks and summarises them by layer.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Holds the registered checks and runs a selection of them against one shared context.
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
	 * Takes factories for the checks and for the context of a run.
	 *
	 * @param callable $checks_factory  Returns the checks (default_checks() in production); what is not a Check is skipped.
	 * @param callable $context_factory Returns a fresh Check_Context.
	 */
	public function __construct( callable $checks_factory, callable $context_factory ) {
		$this->checks_factory  = $checks_factory;
		$this->context_factory = $context_factory;
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
		return $results;
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
