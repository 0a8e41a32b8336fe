<?php
/**
 * Tail, summary and archive of a log source, for the REST API and WP-CLI alike.
 *
 * @package Triage
 */

namespace Triage\Logs;

use Triage\Files\File_Mods;
use Triage\Storage\Network_Storage;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Opens sources through the registry, runs the WordPress-free readers on them, names the plugins and
 * themes they attribute, and keeps summary progress between slices in a transient (one per source; a
 * network-wide one on multisite, where the logs are the network's),
 * so a re-summary after the log grew reads only the new bytes.
 */
final class Log_Service {

	/** Transient prefix of saved summary states. */
	public const STATE_PREFIX = 'triage_log_summary_';

	/** Server logs are classified over their newest bytes only. */
	public const SERVER_WINDOW = 8388608;

	/**
	 * Source registry.
	 *
	 * @var Log_Sources
	 */
	private $sources;

	/**
	 * Archiver.
	 *
	 * @var Log_Archiver
	 */
	private $archiver;

	/**
	 * Where summary states are kept: network-wide on multisite.
	 *
	 * @var Network_Storage
	 */
	private $storage;

	/**
	 * Names of plugins, themes and must-use plugins by type and slug, loaded once.
	 *
	 * @var array<string, array<string, string>>|null
	 */
	private $names = null;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Sources          $sources  Source registry.
	 * @param Log_Archiver         $archiver Archiver.
	 * @param Network_Storage|null $storage  Keeps summary states; a new one when null.
	 */
	public function __construct( Log_Sources $sources, Log_Archiver $archiver, ?Network_Storage $storage = null ) {
		$this->sources  = $sources;
		$this->archiver = $archiver;
		$this->storage  = null === $storage ? new Network_Storage() : $storage;
	}

	/**
	 * The source registry.
	 *
	 * @return Log_Sources
	 */
	public function sources(): Log_Sources {
		return $this->sources;
	}

	/**
	 * The sources as GET /logs and `wp triage logs list` show them: ids, never raw paths (scrubbed).
	 *
	 * @return array<int, array<string, mixed>> Shaped by includes/REST/schemas/logs/log-source.json.
	 */
	public function listed_sources(): array {
		$listed = array();
		foreach ( $this->sources->all() as $source ) {
			$listed[] = array(
				'id'         => $source['id'],
				'label'      => $source['label'],
				'kind'       => $source['kind'],
				'origin'     => $source['origin'],
				'path'       => Log_Entry_Parser::scrub( $source['path'] ),
				'archivable' => Log_Sources::KIND_PHP === $source['kind'],
			) + $this->sources->describe( $source );
		}
		return $listed;
	}

	/**
	 * Attribution from this site's directories.
	 *
	 * @return Log_Attributor
	 */
	public function attributor(): Log_Attributor {
		$themes = array();
		foreach ( (array) search_theme_directories() as $theme ) {
			if ( isset( $theme['theme_root'] ) ) {
				$themes[] = $theme['theme_root'];
			}
		}
		$themes[] = get_theme_root();
		return new Log_Attributor( WP_PLUGIN_DIR, WPMU_PLUGIN_DIR, array_values( array_unique( $themes ) ), ABSPATH );
	}

	/**
	 * Newest entries of a source.
	 *
	 * @param string               $id   Source id.
	 * @param array<string, mixed> $args limit, before, severity, search.
	 * @return array<string, mixed>|WP_Error
	 */
	public function tail( string $id, array $args ) {
		$open = $this->sources->open( $id );
		if ( is_wp_error( $open ) ) {
			return $open;
		}
		$reader = new Log_Tail_Reader( $this->attributor() );
		$result = $reader->tail(
			$open['handle'],
			array(
				'limit'    => $args['limit'] ?? 100,
				'before'   => $args['before'] ?? null,
				'severity' => $args['severity'] ?? array(),
				'search'   => $args['search'] ?? '',
				'layout'   => $open['source']['layout'],
			)
		);
		fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		$result['entries'] = array_map( array( $this, 'public_entry' ), $result['entries'] );
		return $result;
	}

	/**
	 * Runs one time-boxed slice of a source's summary and returns where it stands.
	 *
	 * @param string               $id   Source id.
	 * @param array<string, mixed> $args restart (bool), since, until (Unix times or null), budget (seconds).
	 * @return array<string, mixed>|WP_Error
	 */
	public function summary( string $id, array $args ) {
		$open = $this->sources->open( $id );
		if ( is_wp_error( $open ) ) {
			return $open;
		}
		$source = $open['source'];
		$since  = isset( $args['since'] ) ? (int) $args['since'] : null;
		$until  = isset( $args['until'] ) ? (int) $args['until'] : null;
		$budget = isset( $args['budget'] ) ? (float) $args['budget'] : $this->default_budget();

		if ( Log_Sources::KIND_SERVER === $source['kind'] ) {
			$stat   = fstat( $open['handle'] );
			$size   = is_array( $stat ) ? (int) $stat['size'] : 0;
			$from   = max( 0, $size - self::SERVER_WINDOW );
			$result = ( new Server_Log_Classifier() )->classify( $open['handle'], $from, $since, $until );
			fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
			return array(
				'source'    => $id,
				'kind'      => $source['kind'],
				'done'      => true,
				'offset'    => $size,
				'size'      => $size,
				'reset'     => '',
				'partial'   => $from > 0,
				'entries'   => $result['lines'],
				'dropped'   => 0,
				'groups'    => array(),
				'causes'    => $this->public_causes( $result['causes'] ),
				'unmatched' => $result['lines'] - $result['matched'],
			);
		}//end if

		$key   = self::STATE_PREFIX . md5( $id );
		$state = empty( $args['restart'] ) ? $this->load_state( $key ) : false;
		if ( ! is_array( $state ) || $state['since'] !== $since || $state['until'] !== $until ) {
			$state = Log_Summarizer::initial_state( $since, $until );
		}
		$state = ( new Log_Summarizer( $this->attributor() ) )->run( $open['handle'], $state, array( 'time_budget' => $budget ) );
		fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		$this->save_state( $key, $state );

		$groups = array();
		foreach ( Log_Summarizer::groups( $state ) as $group ) {
			$group['message']     = Log_Entry_Parser::scrub( (string) $group['message'] );
			$group['pattern']     = Log_Entry_Parser::scrub( (string) $group['pattern'] );
			$group['sample']      = Log_Entry_Parser::scrub( (string) $group['sample'] );
			$group['file']        = null === $group['file'] ? null : Log_Entry_Parser::scrub( $group['file'] );
			$group['attribution'] = $this->named( $group['attribution'] );
			$group['cause']       = $this->group_cause( (string) $group['message'] );
			$groups[]             = $group;
		}
		return array(
			'source'    => $id,
			'kind'      => $source['kind'],
			'done'      => (bool) $state['done'],
			'offset'    => (int) $state['offset'],
			'size'      => (int) $state['size'],
			'reset'     => (string) $state['reset'],
			'partial'   => false,
			'entries'   => (int) $state['entries'],
			'dropped'   => (int) $state['dropped'],
			'groups'    => $groups,
			'causes'    => array(),
			'unmatched' => 0,
		);
	}

	/**
	 * Archives a source (or describes the archive with $dry_run).
	 *
	 * @param string $id      Source id.
	 * @param bool   $dry_run Only describe.
	 * @return array<string, mixed>|WP_Error
	 */
	public function archive( string $id, bool $dry_run ) {
		$source = $this->sources->get( $id );
		if ( is_wp_error( $source ) ) {
			return $source;
		}
		if ( Log_Sources::KIND_PHP !== $source['kind'] ) {
			return new WP_Error( 'triage_log_not_archivable', __( 'Server logs are rotated by the server (logrotate); Triage archives only PHP error logs.', 'triage' ), array( 'status' => 409 ) );
		}
		$real = $this->sources->check( $source['path'] );
		if ( is_wp_error( $real ) ) {
			return $real;
		}
		// Also on a dry run, so the confirmation dialog already says why not.
		$refused = File_Mods::refusal(
			File_Mods::LOGS,
			sprintf(
				/* translators: %s: log file path. */
				__( 'Rename %s (for example by adding the date to its name), then create an empty file with its name, owner and permissions.', 'triage' ),
				$real
			)
		);
		if ( null !== $refused ) {
			return $refused;
		}
		$result = $this->archiver->archive( $real, $dry_run );
		if ( ! is_wp_error( $result ) && ! $dry_run ) {
			$this->forget_state( self::STATE_PREFIX . md5( $id ) );
		}
		return is_wp_error( $result ) ? $result : array( 'source' => $id ) + $result;
	}

	/**
	 * A saved summary state.
	 *
	 * @param string $key Transient name.
	 * @return mixed
	 */
	public function load_state( string $key ) {
		return $this->storage->get_transient( $key );
	}

	/**
	 * Saves a summary state for a day.
	 *
	 * @param string               $key   Transient name.
	 * @param array<string, mixed> $state State.
	 * @return void
	 */
	private function save_state( string $key, array $state ): void {
		$this->storage->set_transient( $key, $state, DAY_IN_SECONDS );
	}

	/**
	 * Forgets a summary state.
	 *
	 * @param string $key Transient name.
	 * @return void
	 */
	private function forget_state( string $key ): void {
		$this->storage->delete_transient( $key );
	}

	/**
	 * An entry as the API shows it: valid UTF-8, attribution named.
	 *
	 * @param array<string, mixed> $entry Entry from the tail reader.
	 * @return array<string, mixed>
	 */
	private function public_entry( array $entry ): array {
		return array(
			'offset'      => (int) $entry['offset'],
			'bytes'       => (int) $entry['bytes'],
			'truncated'   => (bool) $entry['truncated'],
			'time'        => $entry['time'],
			'severity'    => (string) $entry['severity'],
			'message'     => Log_Entry_Parser::scrub( (string) $entry['message'] ),
			'file'        => null === $entry['file'] ? null : Log_Entry_Parser::scrub( $entry['file'] ),
			'line'        => $entry['line'],
			'text'        => Log_Entry_Parser::scrub( (string) $entry['text'] ),
			'attribution' => $this->named( $entry['attribution'] ),
		);
	}

	/**
	 * The cause of 5xx a grouped PHP error names (out of memory, max_execution_time, database down), with
	 * its label and fix, or null.
	 *
	 * @param string $message The group's message.
	 * @return array{cause: string, label: string, fix: string}|null
	 */
	private function group_cause( string $message ): ?array {
		$cause = Server_Log_Classifier::php_message_cause( $message );
		if ( null === $cause ) {
			return null;
		}
		$text = Server_Log_Classifier::causes()[ $cause ];
		return array(
			'cause' => $cause,
			'label' => $text['label'],
			'fix'   => $text['fix'],
		);
	}

	/**
	 * Server causes with their labels and fixes, the most recently seen first (so the newest incident never
	 * sinks below an old, frequent one), each with its newest line as the sample.
	 *
	 * @param array<string, array<string, mixed>> $counts Counts by cause.
	 * @return array<int, array<string, mixed>>
	 */
	private function public_causes( array $counts ): array {
		$texts  = Server_Log_Classifier::causes();
		$causes = array();
		foreach ( $counts as $cause => $data ) {
			$hours = array();
			foreach ( $data['hours'] as $hour => $count ) {
				$hours[] = array(
					'hour'  => (string) $hour,
					'count' => (int) $count,
				);
			}
			$causes[] = array(
				'cause'      => $cause,
				'label'      => $texts[ $cause ]['label'],
				'status'     => $texts[ $cause ]['status'],
				'layer'      => $texts[ $cause ]['layer'],
				'fix'        => $texts[ $cause ]['fix'],
				'count'      => (int) $data['count'],
				'first_seen' => $data['first_seen'],
				'last_seen'  => $data['last_seen'],
				'sample'     => Log_Entry_Parser::scrub( (string) $data['sample'] ),
				'hours'      => $hours,
			);
		}//end foreach
		usort(
			$causes,
			static function ( $a, $b ) {
				$order = ( $b['last_seen'] ?? PHP_INT_MIN ) <=> ( $a['last_seen'] ?? PHP_INT_MIN );
				return 0 !== $order ? $order : $b['count'] <=> $a['count'];
			}
		);
		return $causes;
	}

	/**
	 * Adds the plugin, theme or must-use plugin name to an attribution.
	 *
	 * @param array{type: string, slug: string, file: string} $attribution Attribution.
	 * @return array{type: string, slug: string, name: string, file: string}
	 */
	private function named( array $attribution ): array {
		if ( null === $this->names ) {
			$this->names = array(
				'plugin'    => array(),
				'mu-plugin' => array(),
				'theme'     => array(),
				'core'      => array( 'wordpress' => 'WordPress' ),
			);
			if ( ! function_exists( 'get_plugins' ) ) {
				require_once ABSPATH . 'wp-admin/includes/plugin.php';
			}
			foreach ( get_plugins() as $file => $data ) {
				$slug                           = false === strpos( $file, '/' ) ? preg_replace( '/\.php$/', '', $file ) : dirname( $file );
				$this->names['plugin'][ $slug ] = (string) $data['Name'];
			}
			foreach ( get_mu_plugins() as $file => $data ) {
				$this->names['mu-plugin'][ preg_replace( '/\.php$/', '', $file ) ] = (string) $data['Name'];
			}
			foreach ( wp_get_themes() as $slug => $theme ) {
				$this->names['theme'][ (string) $slug ] = (string) $theme->get( 'Name' );
			}
		}//end if
		$slug = Log_Entry_Parser::scrub( $attribution['slug'] );
		return array(
			'type' => $attribution['type'],
			'slug' => $slug,
			'name' => $this->names[ $attribution['type'] ][ $slug ] ?? $slug,
			'file' => Log_Entry_Parser::scrub( $attribution['file'] ),
		);
	}

	/**
	 * Seconds one summary slice may take: a third of max_execution_time, between 1 and 5.
	 *
	 * @return float
	 */
	private function default_budget(): float {
		$limit = (int) ini_get( 'max_execution_time' );
		return $limit > 0 ? max( 1.0, min( 5.0, $limit / 3 ) ) : 5.0;
	}
}
