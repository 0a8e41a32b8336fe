<?php
/**
 * `wp triage incidents`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Incidents\Incident_Service;

defined( 'ABSPATH' ) || exit;

/**
 * What happened lately: the incidents GET /triage/v1/incidents answers, from the same service, for any
 * window. Works while PHP-FPM is down: WP-CLI runs without it and nothing here requests the site.
 */
final class Incidents_Command {

	/** What the answer is built from: incidents joined from every readable log (the REST API's shape). */
	public const BASIS = 'incidents';

	/**
	 * Returns the incident service.
	 *
	 * @var callable(): Incident_Service
	 */
	private $service;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param callable $service Returns the Incident_Service.
	 * @param Access   $access  Capability rule.
	 */
	public function __construct( callable $service, Access $access ) {
		$this->service = $service;
		$this->access  = $access;
	}

	/**
	 * Lists what happened lately, newest first: each incident with its cause, requests, evidence and fix.
	 *
	 * Reads the recent part of every readable log (web server, PHP-FPM and its slow log, PHP's error log,
	 * the database's) backwards by time, joins the events of the same time into incidents, and adds what
	 * WordPress knows (a stuck .maintenance, piled-up cron events, failing external calls). The JSON is
	 * the REST API's answer (GET /triage/v1/incidents) with "basis": "incidents". Works while PHP-FPM is
	 * down.
	 *
	 * ## OPTIONS
	 *
	 * [--since=<duration>]
	 * : How far back, e.g. 30m, 24h, 7d.
	 * ---
	 * default: 24h
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
	 *     $ wp triage incidents --since=6h
	 *     $ wp triage incidents --format=json
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function __invoke( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'table', 'json', 'yaml', 'csv' ) );
		$window = Output::duration( (string) ( $assoc['since'] ?? '24h' ), 'since' );
		/**
		 * The service.
		 *
		 * @var Incident_Service $service
		 */
		$service = call_user_func( $this->service );
		Output::result(
			'incidents',
			array( 'basis' => self::BASIS ) + $service->recent( $window, 1, 100 ),
			$format,
			static function ( array $data, string $format ) {
				$rows = array();
				foreach ( $data['incidents'] as $incident ) {
					$statuses = array();
					foreach ( $incident['statuses'] as $status ) {
						$statuses[] = $status['status'] . ' x' . $status['count'];
					}
					$rows[] = array(
						'start_utc' => gmdate( 'Y-m-d H:i:s', (int) $incident['start'] ),
						'cause'     => $incident['cause'],
						'requests'  => $incident['requests'],
						'statuses'  => implode( ', ', $statuses ),
						'certainty' => $incident['certainty'],
						'sentence'  => $incident['sentence'],
						'fix'       => $incident['fix']['summary'],
					);
				}
				Output::rows( $format, $rows, array( 'start_utc', 'cause', 'requests', 'statuses', 'certainty', 'sentence', 'fix' ) );
				if ( 'table' === $format ) {
					foreach ( $data['blind_spots'] as $spot ) {
						\WP_CLI::log( 'Not seen: ' . $spot );
					}
				}
			}
		);
	}
}
