<?php
/**
 * REST resource: log sources, their tail, summary, archive and download.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Logs\Log_Entry_Parser;
use Triage\Logs\Log_Service;
use Triage\Logs\Log_Sources;
use WP_Error;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET  /triage/v1/logs
 * GET  /triage/v1/logs/<source>/tail
 * GET  /triage/v1/logs/<source>/summary
 * POST /triage/v1/logs/<source>/rotate
 * GET  /triage/v1/logs/<source>/download
 *
 * Sources are ids from the registry, never paths.
 */
final class Logs_Controller extends Controller {

	/** Route pattern of a source id. */
	private const SOURCE = '(?P<source>[a-z0-9-]{1,40})';

	/**
	 * Log service.
	 *
	 * @var Log_Service
	 */
	private $logs;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Service  $logs         Log service.
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Log_Service $logs, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'logs' );
		$this->logs = $logs;
	}

	/**
	 * Registers the routes, and the streaming of downloads.
	 *
	 * @return void
	 */
	public function register_routes() {
		$source = array(
			'description' => __( 'Log source id, from GET /triage/v1/logs.', 'triage' ),
			'type'        => 'string',
			'pattern'     => '^[a-z0-9-]{1,40}$',
			'required'    => true,
		);
		$view   = array( $this, 'permissions_check' );

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_sources' ),
					'permission_callback' => $view,
					'args'                => array(),
				),
				'schema' => array( $this, 'get_sources_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/paths',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'save_paths' ),
					'permission_callback' => array( $this, 'configure_permissions_check' ),
					'args'                => array(
						'paths' => array(
							'description' => __( 'Absolute paths of log files to read besides the detected ones; replaces the stored list.', 'triage' ),
							'type'        => 'array',
							'items'       => array(
								'type'      => 'string',
								'maxLength' => 4096,
							),
							'maxItems'    => 20,
							'required'    => true,
						),
					),
				),
				'schema' => array( $this, 'get_sources_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/' . self::SOURCE . '/tail',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_tail' ),
					'permission_callback' => $view,
					'args'                => array(
						'source'   => $source,
						'limit'    => array(
							'description' => __( 'Entries to return, newest first.', 'triage' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'maximum'     => 500,
							'default'     => 100,
						),
						'before'   => array(
							'description' => __( 'Only entries before this byte offset (next_before of the previous page).', 'triage' ),
							'type'        => 'integer',
							'minimum'     => 0,
						),
						'severity' => array(
							'description' => __( 'Only entries of these severities.', 'triage' ),
							'type'        => 'array',
							'items'       => array(
								'type' => 'string',
								'enum' => Log_Entry_Parser::SEVERITIES,
							),
							'default'     => array(),
						),
						'search'   => array(
							'description' => __( 'Only entries containing this text (case-insensitive).', 'triage' ),
							'type'        => 'string',
							'maxLength'   => 200,
							'default'     => '',
						),
					),
				),
				'schema' => array( $this, 'get_tail_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/' . self::SOURCE . '/summary',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_summary' ),
					'permission_callback' => $view,
					'args'                => array(
						'source'  => $source,
						'restart' => array(
							'description' => __( 'Start again from the beginning instead of continuing.', 'triage' ),
							'type'        => 'boolean',
							'default'     => false,
						),
						'since'   => array(
							'description' => __( 'Only entries at or after this Unix time.', 'triage' ),
							'type'        => 'integer',
							'minimum'     => 0,
						),
						'until'   => array(
							'description' => __( 'Only entries before this Unix time.', 'triage' ),
							'type'        => 'integer',
							'minimum'     => 0,
						),
					),
				),
				'schema' => array( $this, 'get_summary_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/' . self::SOURCE . '/rotate',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'rotate' ),
					'permission_callback' => $view,
					'args'                => array(
						'source'  => $source,
						'confirm' => array(
							'description' => __( 'Must be true to archive: the log is renamed and a new empty log starts.', 'triage' ),
							'type'        => 'boolean',
							'default'     => false,
						),
						'dry_run' => array(
							'description' => __( 'Only say what would happen.', 'triage' ),
							'type'        => 'boolean',
							'default'     => false,
						),
					),
				),
				'schema' => array( $this, 'get_rotate_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/' . self::SOURCE . '/download',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'download' ),
					'permission_callback' => $view,
					'args'                => array( 'source' => $source ),
				),
				'schema' => array( $this, 'get_download_schema' ),
			)
		);

		add_filter( 'rest_pre_serve_request', array( $this, 'serve_download' ), 10, 3 );
	}

	/**
	 * Only users who may view diagnostics may use the log routes.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		return $this->allow( $this->capabilities->current_user_can_view(), __( 'Sorry, you are not allowed to view Triage diagnostics.', 'triage' ) );
	}

	/**
	 * Only users who may change the site's configuration choose which files Triage reads.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function configure_permissions_check( $request ) {
		return $this->allow( $this->capabilities->current_user_can_configure(), __( 'Sorry, you are not allowed to choose which files Triage reads.', 'triage' ) );
	}

	/**
	 * Stores the log files an administrator added (each a readable file whose name looks like a log),
	 * then answers with the sources as GET does.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function save_paths( $request ) {
		$saved = $this->logs->sources()->set_custom_paths( (array) $request['paths'] );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		return $this->get_sources( $request );
	}

	/**
	 * Lists the log sources on this server.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_sources( $request ) {
		$sources  = array();
		$registry = $this->logs->sources();
		foreach ( $registry->all() as $source ) {
			$sources[] = array(
				'id'        => $source['id'],
				'label'     => $source['label'],
				'kind'      => $source['kind'],
				'origin'    => $source['origin'],
				'path'      => Log_Entry_Parser::scrub( $source['path'] ),
				'rotatable' => Log_Sources::KIND_PHP === $source['kind'],
			) + $registry->describe( $source );
		}
		return rest_ensure_response(
			array(
				'host'    => (string) gethostname(),
				'sources' => $sources,
			)
		);
	}

	/**
	 * The newest entries.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_tail( $request ) {
		$result = $this->logs->tail(
			(string) $request['source'],
			array(
				'limit'    => (int) $request['limit'],
				'before'   => isset( $request['before'] ) ? (int) $request['before'] : null,
				'severity' => (array) $request['severity'],
				'search'   => sanitize_text_field( (string) $request['search'] ),
			)
		);
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		return rest_ensure_response(
			array(
				'source'      => (string) $request['source'],
				'entries'     => $result['entries'],
				'incomplete'  => $result['incomplete'],
				'next_before' => $result['next_before'],
				'size'        => $result['size'],
			)
		);
	}

	/**
	 * One slice of the summary.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_summary( $request ) {
		$result = $this->logs->summary(
			(string) $request['source'],
			array(
				'restart' => (bool) $request['restart'],
				'since'   => isset( $request['since'] ) ? (int) $request['since'] : null,
				'until'   => isset( $request['until'] ) ? (int) $request['until'] : null,
			)
		);
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	/**
	 * Archives the log after confirmation, or describes what would happen.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function rotate( $request ) {
		$dry_run = (bool) $request['dry_run'];
		if ( ! $dry_run && true !== $request['confirm'] ) {
			return new WP_Error( 'triage_confirmation_required', __( 'Archiving renames the log file. Send confirm=true to go ahead, or dry_run=true to see what would happen.', 'triage' ), array( 'status' => 400 ) );
		}
		$result = $this->logs->archive( (string) $request['source'], $dry_run );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	/**
	 * Checks the source can be downloaded; serve_download() streams it.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function download( $request ) {
		$open = $this->logs->sources()->open( (string) $request['source'] );
		if ( is_wp_error( $open ) ) {
			return $open;
		}
		$stat = fstat( $open['handle'] );
		fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		return rest_ensure_response(
			array(
				'source'   => (string) $request['source'],
				'filename' => $this->download_name( $open['path'] ),
				'size'     => is_array( $stat ) ? (int) $stat['size'] : 0,
			)
		);
	}

	/**
	 * Streams a download instead of the JSON description, in bounded chunks and with no output buffer,
	 * so the size of the log never reaches PHP's memory.
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  Result.
	 * @param WP_REST_Request  $request Request.
	 * @return bool
	 */
	public function serve_download( $served, $result, $request ) {
		if ( $served || 'GET' !== $request->get_method() || ! preg_match( '#^/' . preg_quote( $this->namespace, '#' ) . '/logs/[a-z0-9-]{1,40}/download$#', $request->get_route() ) || 200 !== $result->get_status() ) {
			return $served;
		}
		$open = $this->logs->sources()->open( (string) $request['source'] );
		if ( is_wp_error( $open ) ) {
			return $served;
		}
		$stat = fstat( $open['handle'] );
		while ( ob_get_level() > 0 ) {
			ob_end_clean();
		}
		header( 'Content-Type: text/plain; charset=utf-8' );
		header( 'Content-Disposition: attachment; filename="' . $this->download_name( $open['path'] ) . '"' );
		header( 'X-Content-Type-Options: nosniff' );
		header( 'Cache-Control: no-store, private' );
		if ( is_array( $stat ) ) {
			header( 'Content-Length: ' . (int) $stat['size'] );
		}
		$left = is_array( $stat ) ? (int) $stat['size'] : PHP_INT_MAX;
		while ( $left > 0 && ! feof( $open['handle'] ) ) {
			$chunk = fread( $open['handle'], (int) min( 1048576, $left ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread
			if ( false === $chunk || '' === $chunk ) {
				break;
			}
			$left -= strlen( $chunk );
			echo $chunk; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- a file download, sent as text/plain with nosniff.
			flush();
		}
		fclose( $open['handle'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		return true;
	}

	/**
	 * File name offered for a download: host, then the log's name.
	 *
	 * @param string $path Log path.
	 * @return string
	 */
	private function download_name( string $path ): string {
		return sanitize_file_name( gethostname() . '-' . basename( $path ) );
	}

	/**
	 * Schema of GET /logs.
	 *
	 * @return array<string, mixed>
	 */
	public function get_sources_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-log-sources',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'host'    => array(
					'description' => __( 'Host name of the server that answered: logs are local to each server.', 'triage' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'sources' => array(
					'type'     => 'array',
					'readonly' => true,
					'items'    => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'id'        => array( 'type' => 'string' ),
							'label'     => array( 'type' => 'string' ),
							'kind'      => array(
								'type' => 'string',
								'enum' => array( Log_Sources::KIND_PHP, Log_Sources::KIND_SERVER ),
							),
							'origin'    => array(
								'type' => 'string',
								'enum' => array( 'wp_debug_log', 'php_ini', 'detected', 'custom' ),
							),
							'path'      => array( 'type' => 'string' ),
							'rotatable' => array( 'type' => 'boolean' ),
							'exists'    => array( 'type' => 'boolean' ),
							'readable'  => array( 'type' => 'boolean' ),
							'size'      => array( 'type' => array( 'integer', 'null' ) ),
							'modified'  => array( 'type' => array( 'integer', 'null' ) ),
							'error'     => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
	}

	/**
	 * Schema of an attribution.
	 *
	 * @return array<string, mixed>
	 */
	private function attribution_schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'type' => array(
					'type' => 'string',
					'enum' => array( 'plugin', 'mu-plugin', 'theme', 'core', 'unknown' ),
				),
				'slug' => array( 'type' => 'string' ),
				'name' => array( 'type' => 'string' ),
				'file' => array( 'type' => 'string' ),
			),
		);
	}

	/**
	 * Schema of GET /logs/<source>/tail.
	 *
	 * @return array<string, mixed>
	 */
	public function get_tail_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-log-tail',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'source'      => array( 'type' => 'string' ),
				'entries'     => array(
					'type'  => 'array',
					'items' => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'offset'      => array( 'type' => 'integer' ),
							'bytes'       => array( 'type' => 'integer' ),
							'truncated'   => array( 'type' => 'boolean' ),
							'time'        => array( 'type' => array( 'integer', 'null' ) ),
							'severity'    => array(
								'type' => 'string',
								'enum' => Log_Entry_Parser::SEVERITIES,
							),
							'message'     => array( 'type' => 'string' ),
							'file'        => array( 'type' => array( 'string', 'null' ) ),
							'line'        => array( 'type' => array( 'integer', 'null' ) ),
							'text'        => array( 'type' => 'string' ),
							'attribution' => $this->attribution_schema(),
						),
					),
				),
				'incomplete'  => array(
					'description' => __( 'A scan bound was hit before enough entries were found.', 'triage' ),
					'type'        => 'boolean',
				),
				'next_before' => array(
					'description' => __( 'Pass as before for older entries; null at the start of the file.', 'triage' ),
					'type'        => array( 'integer', 'null' ),
				),
				'size'        => array( 'type' => 'integer' ),
			),
		);
	}

	/**
	 * Schema of GET /logs/<source>/summary.
	 *
	 * @return array<string, mixed>
	 */
	public function get_summary_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-log-summary',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'source'    => array( 'type' => 'string' ),
				'kind'      => array(
					'type' => 'string',
					'enum' => array( Log_Sources::KIND_PHP, Log_Sources::KIND_SERVER ),
				),
				'done'      => array(
					'description' => __( 'Whether the whole file has been read; if not, ask again to continue.', 'triage' ),
					'type'        => 'boolean',
				),
				'offset'    => array( 'type' => 'integer' ),
				'size'      => array( 'type' => 'integer' ),
				'reset'     => array(
					'description' => __( 'Why the summary started again: the log was rotated or truncated since the last read.', 'triage' ),
					'type'        => 'string',
					'enum'        => array( '', 'rotated', 'truncated' ),
				),
				'partial'   => array(
					'description' => __( 'Only the newest part of a large server log was classified.', 'triage' ),
					'type'        => 'boolean',
				),
				'entries'   => array( 'type' => 'integer' ),
				'dropped'   => array(
					'description' => __( 'Entries not counted in any group because the group limit was reached.', 'triage' ),
					'type'        => 'integer',
				),
				'groups'    => array(
					'type'  => 'array',
					'items' => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'id'          => array( 'type' => 'string' ),
							'severity'    => array(
								'type' => 'string',
								'enum' => Log_Entry_Parser::SEVERITIES,
							),
							'message'     => array( 'type' => 'string' ),
							'pattern'     => array( 'type' => 'string' ),
							'file'        => array( 'type' => array( 'string', 'null' ) ),
							'line'        => array( 'type' => array( 'integer', 'null' ) ),
							'count'       => array( 'type' => 'integer' ),
							'first_seen'  => array( 'type' => array( 'integer', 'null' ) ),
							'last_seen'   => array( 'type' => array( 'integer', 'null' ) ),
							'sample'      => array( 'type' => 'string' ),
							'truncated'   => array( 'type' => 'boolean' ),
							'attribution' => $this->attribution_schema(),
						),
					),
				),
				'causes'    => array(
					'type'  => 'array',
					'items' => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'cause'      => array( 'type' => 'string' ),
							'label'      => array( 'type' => 'string' ),
							'status'     => array( 'type' => 'string' ),
							'layer'      => array( 'type' => 'string' ),
							'fix'        => array( 'type' => 'string' ),
							'count'      => array( 'type' => 'integer' ),
							'first_seen' => array( 'type' => array( 'integer', 'null' ) ),
							'last_seen'  => array( 'type' => array( 'integer', 'null' ) ),
							'sample'     => array( 'type' => 'string' ),
							'hours'      => array(
								'type'  => 'array',
								'items' => array(
									'type'                 => 'object',
									'additionalProperties' => false,
									'properties'           => array(
										'hour'  => array( 'type' => 'string' ),
										'count' => array( 'type' => 'integer' ),
									),
								),
							),
						),
					),
				),
				'unmatched' => array( 'type' => 'integer' ),
			),
		);
	}

	/**
	 * Schema of POST /logs/<source>/rotate.
	 *
	 * @return array<string, mixed>
	 */
	public function get_rotate_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-log-rotate',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'source'   => array( 'type' => 'string' ),
				'dry_run'  => array( 'type' => 'boolean' ),
				'archived' => array( 'type' => 'boolean' ),
				'archive'  => array(
					'description' => __( 'File name of the archive, in the same folder as the log.', 'triage' ),
					'type'        => 'string',
				),
				'bytes'    => array( 'type' => 'integer' ),
				'removed'  => array(
					'description' => __( 'Older archives deleted to keep only the newest.', 'triage' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
				),
				'kept'     => array( 'type' => 'integer' ),
			),
		);
	}

	/**
	 * Schema of GET /logs/<source>/download (what a non-browser client sees; browsers get the file).
	 *
	 * @return array<string, mixed>
	 */
	public function get_download_schema() {
		return array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'triage-log-download',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'source'   => array( 'type' => 'string' ),
				'filename' => array( 'type' => 'string' ),
				'size'     => array( 'type' => 'integer' ),
			),
		);
	}
}
