<?php
/**
 * `wp triage logs`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the PHP and server logs, as the Logs tab does.
 *
 * Same service as GET /triage/v1/logs…; works while PHP-FPM is down: nothing here needs the web server.
 */
final class Logs_Command {

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
	 * Lists the log sources Triage found (WordPress debug log, PHP error log, web server and PHP-FPM logs).
	 *
	 * ## OPTIONS
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
	 *     $ wp triage logs list
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
		Output::result(
			'logs list',
			array(
				'host'    => (string) gethostname(),
				'sources' => $this->sources(),
			),
			$format,
			static function ( array $data, string $format ) {
				Output::rows( $format, $data['sources'], array( 'id', 'kind', 'label', 'path', 'readable', 'size' ) );
			}
		);
	}

	/**
	 * Shows the newest entries of a log.
	 *
	 * ## OPTIONS
	 *
	 * [--source=<id>]
	 * : Log source id (see `wp triage logs list`). Default: the first PHP log.
	 *
	 * [--limit=<number>]
	 * : Entries to show, newest last.
	 * ---
	 * default: 20
	 * ---
	 *
	 * [--since=<duration>]
	 * : Only entries from this long ago, e.g. 30m, 24h, 7d.
	 *
	 * [--severity=<list>]
	 * : Only these severities (comma-separated: fatal, error, warning, notice, deprecated, …).
	 *
	 * [--search=<text>]
	 * : Only entries containing this text.
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
	 *     $ wp triage logs tail --severity=fatal --limit=5
	 *     $ wp triage logs tail --source=nginx --since=1h --format=json
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function tail( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'table', 'json', 'yaml', 'csv' ) );
		$source = $this->source_id( $assoc, Log_Sources::KIND_PHP );
		$limit  = max( 1, min( 500, (int) ( $assoc['limit'] ?? 20 ) ) );
		$since  = isset( $assoc['since'] ) ? time() - Output::duration( (string) $assoc['since'], 'since' ) : null;
		$result = $this->logs->tail(
			$source,
			array(
				'limit'    => $limit,
				'severity' => isset( $assoc['severity'] ) ? Output::list( (string) $assoc['severity'] ) : array(),
				'search'   => isset( $assoc['search'] ) ? sanitize_text_field( (string) $assoc['search'] ) : '',
			)
		);
		if ( is_wp_error( $result ) ) {
			Output::fail( $result );
			return;
		}
		$entries = array_values(
			array_filter(
				$result['entries'],
				static function ( array $entry ) use ( $since ) {
					return null === $since || ( null !== $entry['time'] && $entry['time'] >= $since );
				}
			)
		);
		Output::result(
			'logs tail',
			array(
				'source'      => $source,
				'since'       => $since,
				'entries'     => $entries,
				'incomplete'  => $result['incomplete'],
				'next_before' => $result['next_before'],
				'size'        => $result['size'],
			),
			$format,
			static function ( array $data, string $format ) {
				$rows = array();
				foreach ( $data['entries'] as $entry ) {
					$rows[] = array(
						'time'     => null === $entry['time'] ? '' : gmdate( 'Y-m-d H:i:s', (int) $entry['time'] ),
						'severity' => $entry['severity'],
						'from'     => is_array( $entry['attribution'] ) ? ( $entry['attribution']['name'] ?? $entry['attribution']['slug'] ?? '' ) : '',
						'message'  => $entry['message'],
					);
				}
				Output::rows( $format, $rows, array( 'time', 'severity', 'from', 'message' ) );
			}
		);
	}

	/**
	 * Groups a log's entries by error (PHP logs) or counts the causes of 5xx answers (server logs).
	 *
	 * Reads the whole PHP log in time-boxed slices, as the Logs tab does, until it is done.
	 *
	 * ## OPTIONS
	 *
	 * [--source=<id>]
	 * : Log source id (see `wp triage logs list`). Default: the first PHP log.
	 *
	 * [--since=<duration>]
	 * : Only entries from this long ago (PHP logs), e.g. 24h.
	 *
	 * [--limit=<number>]
	 * : Groups to show, most frequent first.
	 * ---
	 * default: 20
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
	 *     $ wp triage logs summary --since=24h
	 *     $ wp triage logs summary --source=nginx --format=json
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function summary( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'table', 'json', 'yaml', 'csv' ) );
		$source = $this->source_id( $assoc, Log_Sources::KIND_PHP );
		$since  = isset( $assoc['since'] ) ? time() - Output::duration( (string) $assoc['since'], 'since' ) : null;
		$result = $this->summarize( $source, $since );
		$limit  = max( 1, (int) ( $assoc['limit'] ?? 20 ) );
		usort(
			$result['groups'],
			static function ( array $a, array $b ) {
				return (int) $b['count'] <=> (int) $a['count'];
			}
		);
		$result['groups'] = array_slice( $result['groups'], 0, $limit );
		Output::result(
			'logs summary',
			$result,
			$format,
			static function ( array $data, string $format ) {
				if ( Log_Sources::KIND_SERVER === $data['kind'] ) {
					Output::rows( $format, $data['causes'], array( 'cause', 'status', 'layer', 'count', 'label', 'fix' ) );
					return;
				}
				$rows = array();
				foreach ( $data['groups'] as $group ) {
					$rows[] = array(
						'count'    => $group['count'],
						'severity' => $group['severity'] ?? '',
						'from'     => is_array( $group['attribution'] ) ? ( $group['attribution']['name'] ?? $group['attribution']['slug'] ?? '' ) : '',
						'message'  => $group['message'],
					);
				}
				Output::rows( $format, $rows, array( 'count', 'severity', 'from', 'message' ) );
			}
		);
	}

	/**
	 * The whole summary of a source, looping over the service's time-boxed slices.
	 *
	 * @param string   $source Source id.
	 * @param int|null $since  Unix time.
	 * @return array<string, mixed>
	 */
	private function summarize( string $source, ?int $since ): array {
		$args = array(
			'restart' => true,
			'since'   => $since,
		);
		for ( $slice = 0; $slice < 10000; $slice++ ) {
			$result = $this->logs->summary( $source, $args );
			if ( is_wp_error( $result ) ) {
				Output::fail( $result );
				return array();
			}
			if ( $result['done'] ) {
				return $result;
			}
			$args['restart'] = false;
		}
		return $result;
	}

	/**
	 * The sources, as GET /logs lists them.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	private function sources(): array {
		return $this->logs->listed_sources();
	}

	/**
	 * The --source argument, or the first source of a kind.
	 *
	 * @param array<string, mixed> $assoc Options.
	 * @param string               $kind  Preferred kind.
	 * @return string
	 */
	private function source_id( array $assoc, string $kind ): string {
		if ( isset( $assoc['source'] ) ) {
			return (string) $assoc['source'];
		}
		$all = $this->logs->sources()->all();
		foreach ( $all as $source ) {
			if ( $kind === $source['kind'] ) {
				return $source['id'];
			}
		}
		if ( array() === $all ) {
			WP_CLI::error( 'Triage found no log on this server: WP_DEBUG_LOG is off and no server log is readable. See `wp triage debug on log`.' );
		}
		return (string) array_key_first( $all );
	}
}
