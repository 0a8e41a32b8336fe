<?php
/**
 * `wp triage status`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Runs the health checks, as GET /triage/v1/health does, and exits with the verdict.
 */
final class Status_Command {

	/** Exit codes by worst status: scripts and monitoring read these. */
	public const EXIT_CODES = array(
		Check_Result::GOOD     => 0,
		Check_Result::UNKNOWN  => 0,
		Check_Result::WARNING  => 1,
		Check_Result::CRITICAL => 2,
	);

	/**
	 * The checks.
	 *
	 * @var Health_Runner
	 */
	private $runner;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param Health_Runner $runner Checks.
	 * @param Access        $access Capability rule.
	 */
	public function __construct( Health_Runner $runner, Access $access ) {
		$this->runner = $runner;
		$this->access = $access;
	}

	/**
	 * Runs Triage's health checks and exits 0 (good), 1 (a warning) or 2 (a critical problem).
	 *
	 * All checks run by default, the loopback requests to the site included: when the web answers 502
	 * those are the checks that say so. --speed=fast skips them (no request leaves the server).
	 * Unknown results (a check that could not measure) do not change the exit code. A failure to run
	 * at all exits 1 with an error on standard error.
	 *
	 * ## OPTIONS
	 *
	 * [--speed=<speed>]
	 * : Which checks: all, fast (no loopback requests) or slow (only loopbacks).
	 * ---
	 * default: all
	 * options:
	 *   - all
	 *   - fast
	 *   - slow
	 * ---
	 *
	 * [--check=<ids>]
	 * : Only these checks (comma-separated ids, as in the JSON output).
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
	 *     # Everything, for a person.
	 *     $ wp triage status
	 *
	 *     # Only the checks that need no web server, for a script.
	 *     $ wp triage status --speed=fast --format=json; echo "exit $?"
	 *
	 *     # Every site of a fleet (WP-CLI aliases).
	 *     $ wp @all triage status --format=json
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function __invoke( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'table', 'json', 'yaml', 'csv' ) );
		$speed  = isset( $assoc['speed'] ) ? (string) $assoc['speed'] : Health_Runner::SPEED_ALL;
		$ids    = isset( $assoc['check'] ) ? Output::list( (string) $assoc['check'] ) : array();
		$known  = array_keys( $this->runner->checks() );
		$stray  = array_diff( $ids, $known );
		if ( array() !== $stray ) {
			WP_CLI::error( sprintf( 'Unknown check: %s. Known: %s.', implode( ', ', $stray ), implode( ', ', $known ) ) );
		}

		$started = microtime( true );
		$results = $this->runner->run( $ids, $speed );
		$worst   = Check_Result::GOOD;
		$checks  = array();
		foreach ( $results as $result ) {
			$worst    = Check_Result::worst( $worst, $result->status() );
			$checks[] = $result->to_array();
		}
		$data = array(
			'status'       => $worst,
			'exit_code'    => self::EXIT_CODES[ $worst ],
			'host_name'    => (string) gethostname(),
			'site_url'     => home_url( '/' ),
			'generated_at' => gmdate( 'c' ),
			'duration_ms'  => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'layers'       => Health_Runner::summarize( $results ),
			'checks'       => $checks,
		);
		Output::result(
			'status',
			$data,
			$format,
			static function ( array $data, string $format ) {
				$rows = array();
				foreach ( $data['checks'] as $check ) {
					$rows[] = array(
						'check'  => $check['id'],
						'layer'  => $check['layer'],
						'status' => $check['status'],
						'title'  => $check['title'],
						'fix'    => $check['fix'],
					);
				}
				Output::rows( $format, $rows, array( 'check', 'layer', 'status', 'title', 'fix' ) );
				if ( 'table' === $format ) {
					WP_CLI::log( sprintf( 'Overall: %s (exit %d)', $data['status'], $data['exit_code'] ) );
				}
			}
		);
		WP_CLI::halt( self::EXIT_CODES[ $worst ] );
	}
}
