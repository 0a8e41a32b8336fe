<?php
/**
 * REST resource: log sources, their tail, summary, archive and download.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Logs\Log_Service;
use WP_Error;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET  /triage/v1/logs
 * POST /triage/v1/logs/paths
 * GET  /triage/v1/logs/<source>/tail
 * GET  /triage/v1/logs/<source>/summary
 * POST /triage/v1/logs/<source>/archive
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
	 * The routes. Archiving renames the log and deletes old archives, so it needs configure, as does
	 * choosing which files Triage reads.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function routes(): array {
		$source = '/' . self::SOURCE;
		return array(
			array(
				'path'     => '',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_sources',
				'action'   => Capabilities::VIEW,
				'schema'   => 'logs/log-sources',
			),
			array(
				'path'     => '/paths',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'save_paths',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'logs/log-paths-request',
				'schema'   => 'logs/log-sources',
			),
			array(
				'path'     => $source . '/tail',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_tail',
				'action'   => Capabilities::VIEW,
				'args'     => 'logs/log-tail-query',
				'schema'   => 'logs/log-tail',
			),
			array(
				'path'     => $source . '/summary',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_summary',
				'action'   => Capabilities::VIEW,
				'args'     => 'logs/log-summary-query',
				'schema'   => 'logs/log-summary',
			),
			array(
				'path'     => $source . '/archive',
				'methods'  => WP_REST_Server::CREATABLE,
				'callback' => 'archive',
				'action'   => Capabilities::CONFIGURE,
				'args'     => 'logs/log-archive-request',
				'schema'   => 'logs/log-archive-result',
			),
			array(
				'path'     => $source . '/download',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'download',
				'action'   => Capabilities::VIEW,
				'args'     => 'logs/log-source-request',
				'schema'   => 'logs/log-download',
			),
		);
	}

	/**
	 * Registers the routes, and the streaming of downloads.
	 *
	 * @return void
	 */
	public function register_routes() {
		parent::register_routes();
		add_filter( 'rest_pre_serve_request', array( $this, 'serve_download' ), 10, 3 );
	}

	/**
	 * Stores the log files an administrator added (each an existing file whose name looks like a log),
	 * then answers with the sources as GET does plus the problems per path: one refused or unreadable path
	 * never rejects the others (422 only when every path was refused).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function save_paths( $request ) {
		$problems = $this->logs->sources()->set_custom_paths( (array) $request['paths'] );
		if ( is_wp_error( $problems ) ) {
			return $problems;
		}
		$response         = $this->get_sources( $request );
		$data             = (array) $response->get_data();
		$data['problems'] = $problems;
		$response->set_data( $data );
		return $response;
	}

	/**
	 * Lists the log sources on this server.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_sources( $request ) {
		$sources = $this->logs->listed_sources();
		return rest_ensure_response(
			array(
				'host'     => (string) gethostname(),
				'sources'  => $sources,
				'problems' => array(),
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
	public function archive( $request ) {
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
}
