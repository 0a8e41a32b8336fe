<?php
/**
 * `wp triage incidents`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;

defined( 'ABSPATH' ) || exit;

/**
 * What went wrong lately. Until incident recording lands, an incident here is a cause of 5xx answers
 * counted in the server logs (the Logs tab's server summary), and every answer says so in "basis".
 */
final class Incidents_Command {

	/** What the answer is built from, so a collector can tell it from recorded incidents later. */
	public const BASIS = 'server-log-causes';

	/**
	 * The logs.
	 *
	 * @var Log_Service
	 */
	private $logs;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param Log_Service $logs   Logs.
	 * @param Access      $access Capability rule.
	 */
	public function __construct( Log_Service $logs, Access $access ) {
		$this->logs   = $logs;
		$this->access = $access;
	}

	/**
	 * Lists recent incidents: the causes of 5xx answers in the server logs (default: the last 24 hours).
	 *
	 * Triage does not record incidents yet: this lists the causes the web server and PHP-FPM logs show
	 * (upstream timeouts, workers exhausted, crashed children, …), counted by the hour, newest source
	 * window only (the last 8 MB of each log). The JSON says so in "basis": "server-log-causes".
	 * Works while PHP-FPM is down.
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
		$since  = time() - $window;
		Output::result(
			'incidents',
			array(
				'basis'     => self::BASIS,
				'note'      => 'Incident recording has not landed: these are the causes of 5xx answers found in the server logs.',
				'since'     => $since,
				'until'     => time(),
				'sources'   => $this->server_sources(),
				'incidents' => $this->incidents( $since ),
			),
			$format,
			static function ( array $data, string $format ) {
				Output::rows( $format, $data['incidents'], array( 'source', 'cause', 'status', 'layer', 'count', 'last_seen_utc', 'label' ) );
				if ( 'table' === $format ) {
					\WP_CLI::log( 'Basis: causes of 5xx answers in the server logs (incident recording has not landed).' );
				}
			}
		);
	}

	/**
	 * The server log sources read.
	 *
	 * @return string[]
	 */
	private function server_sources(): array {
		$ids = array();
		foreach ( $this->logs->sources()->all() as $source ) {
			if ( Log_Sources::KIND_SERVER === $source['kind'] ) {
				$ids[] = $source['id'];
			}
		}
		return $ids;
	}

	/**
	 * Each source's causes seen since a time, counted by the hour.
	 *
	 * @param int $since Unix time.
	 * @return array<int, array<string, mixed>>
	 */
	private function incidents( int $since ): array {
		$from      = gmdate( 'Y-m-d\TH:00:00\Z', $since );
		$incidents = array();
		foreach ( $this->server_sources() as $id ) {
			$summary = $this->logs->summary( $id, array() );
			if ( is_wp_error( $summary ) ) {
				continue;
			}
			foreach ( $summary['causes'] as $cause ) {
				if ( null === $cause['last_seen'] || (int) $cause['last_seen'] < $since ) {
					continue;
				}
				$count = 0;
				foreach ( $cause['hours'] as $hour ) {
					// ISO hours sort as strings; the window's first hour counts whole.
					$count += 'unknown' !== $hour['hour'] && strcmp( $hour['hour'], $from ) >= 0 ? (int) $hour['count'] : 0;
				}
				$incidents[] = array(
					'source'        => $id,
					'cause'         => $cause['cause'],
					'label'         => $cause['label'],
					'status'        => $cause['status'],
					'layer'         => $cause['layer'],
					'count'         => $count,
					'first_seen'    => $cause['first_seen'],
					'last_seen'     => $cause['last_seen'],
					'last_seen_utc' => gmdate( 'Y-m-d H:i:s', (int) $cause['last_seen'] ),
					'fix'           => $cause['fix'],
					'sample'        => $cause['sample'],
				);
			}//end foreach
		}//end foreach
		usort(
			$incidents,
			static function ( array $a, array $b ) {
				return (int) $b['last_seen'] <=> (int) $a['last_seen'];
			}
		);
		return $incidents;
	}
}
