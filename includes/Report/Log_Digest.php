<?php
/**
 * The newest part of each log, grouped, for the support report.
 *
 * @package Triage
 */

namespace Triage\Report;

use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;
use Triage\Logs\Log_Summarizer;

defined( 'ABSPATH' ) || exit;

/**
 * Summarises the last WINDOW bytes of every readable log source: PHP logs as groups with attribution
 * (Log_Summarizer over a copy of the window), server logs as causes (Log_Service's own server summary,
 * which already reads only its newest part). Bounded whatever the size of the file, so a report on a site
 * with a 1 GB log still answers in a second or two; the report says how much of each file it read.
 */
final class Log_Digest {

	/** Bytes read from the end of each PHP log. */
	public const WINDOW = 4194304;

	/** Groups kept per source. */
	public const MAX_GROUPS = 10;

	/** Causes kept per source. */
	public const MAX_CAUSES = 8;

	/**
	 * The Logs capability's service.
	 *
	 * @var Log_Service
	 */
	private $logs;

	/**
	 * Plugin, theme and must-use plugin names by type and slug.
	 *
	 * @var array<string, array<string, string>>
	 */
	private $names;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Service                          $logs  Logs service.
	 * @param array<string, array<string, string>> $names Names by attribution type and slug.
	 */
	public function __construct( Log_Service $logs, array $names ) {
		$this->logs  = $logs;
		$this->names = $names;
	}

	/**
	 * Every source with its newest groups or causes.
	 *
	 * @return array<int, array<string, mixed>> Shape: report/report-log-source.json before redaction.
	 */
	public function read(): array {
		$sources = array();
		foreach ( $this->logs->sources()->all() as $id => $source ) {
			$facts = $this->logs->sources()->describe( $source );
			$entry = array(
				'id'         => (string) $id,
				'label'      => $source['label'],
				'kind'       => $source['kind'],
				'path'       => $source['path'],
				'readable'   => $facts['readable'],
				'size'       => $facts['size'],
				'modified'   => $facts['modified'],
				'read_bytes' => 0,
				'entries'    => 0,
				'groups'     => array(),
				'causes'     => array(),
			);
			if ( $facts['readable'] ) {
				$entry = Log_Sources::KIND_SERVER === $source['kind'] ? $this->server( $entry ) : $this->php( $entry );
			}
			$sources[] = $entry;
		}
		return $sources;
	}

	/**
	 * Groups of the newest window of a PHP log.
	 *
	 * @param array<string, mixed> $entry Source entry.
	 * @return array<string, mixed>
	 */
	private function php( array $entry ): array {
		$open = $this->logs->sources()->open( $entry['id'] );
		if ( is_wp_error( $open ) ) {
			return $entry;
		}
		$size   = (int) $entry['size'];
		$from   = max( 0, $size - self::WINDOW );
		$window = fopen( 'php://temp/maxmemory:' . self::WINDOW, 'w+b' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- an in-memory copy of the window, not a file on disk.
		if ( false === $window ) {
			fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
			return $entry;
		}
		if ( $from > 0 ) {
			// Start at a whole line: skip the partial one the window cuts.
			fseek( $open['handle'], $from );
			fgets( $open['handle'] );
		}
		$copied = (int) stream_copy_to_stream( $open['handle'], $window, self::WINDOW );
		fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		rewind( $window );
		$state = ( new Log_Summarizer( $this->logs->attributor() ) )->run( $window, null, array( 'time_budget' => 1.0 ) );
		fclose( $window ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose

		$groups = array();
		foreach ( array_slice( Log_Summarizer::groups( $state ), 0, self::MAX_GROUPS ) as $group ) {
			$attribution = $group['attribution'];
			$groups[]    = array(
				'severity'    => (string) $group['severity'],
				'message'     => (string) $group['message'],
				'file'        => null === $group['file'] ? null : (string) $group['file'],
				'line'        => null === $group['line'] ? null : (int) $group['line'],
				'count'       => (int) $group['count'],
				'first_seen'  => $group['first_seen'],
				'last_seen'   => $group['last_seen'],
				'attribution' => array(
					'type' => (string) $attribution['type'],
					'slug' => (string) $attribution['slug'],
					'name' => $this->names[ $attribution['type'] ][ $attribution['slug'] ] ?? (string) $attribution['slug'],
				),
			);
		}
		$entry['read_bytes'] = $copied;
		$entry['entries']    = (int) $state['entries'];
		$entry['groups']     = $groups;
		return $entry;
	}

	/**
	 * Causes found in the newest part of a server log.
	 *
	 * @param array<string, mixed> $entry Source entry.
	 * @return array<string, mixed>
	 */
	private function server( array $entry ): array {
		$summary = $this->logs->summary( $entry['id'], array() );
		if ( is_wp_error( $summary ) ) {
			return $entry;
		}
		$causes = array();
		foreach ( array_slice( (array) $summary['causes'], 0, self::MAX_CAUSES ) as $cause ) {
			$causes[] = array(
				'cause'      => (string) $cause['cause'],
				'label'      => (string) $cause['label'],
				'status'     => (string) $cause['status'],
				'layer'      => (string) $cause['layer'],
				'count'      => (int) $cause['count'],
				'first_seen' => $cause['first_seen'],
				'last_seen'  => $cause['last_seen'],
				'sample'     => (string) $cause['sample'],
				'fix'        => (string) $cause['fix'],
			);
		}
		$entry['read_bytes'] = (int) min( (int) $entry['size'], Log_Service::SERVER_WINDOW );
		$entry['entries']    = (int) $summary['entries'];
		$entry['causes']     = $causes;
		return $entry;
	}
}
