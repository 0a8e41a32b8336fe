<?php
/**
 * REST resource: the support report.
 *
 * @package Triage
 */

namespace Triage\REST;

use Triage\Capabilities;
use Triage\Report\Support_Report;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * GET /triage/v1/report?format=json|md&full_paths=0|1
 *
 * JSON is the versioned document (report/support-report.json); Markdown is sent as text/markdown, the
 * exact text the Report tab previews, copies and downloads.
 */
final class Report_Controller extends Controller {

	private const MARKDOWN = 'text/markdown; charset=utf-8';

	/**
	 * Returns the report service.
	 *
	 * @var callable(): Support_Report
	 */
	private $report;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $report       Returns the Support_Report (built when a report is asked for).
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( callable $report, Capabilities $capabilities ) {
		parent::__construct( $capabilities, 'report' );
		$this->report = $report;
	}

	/**
	 * The route.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function routes(): array {
		return array(
			array(
				'path'     => '',
				'methods'  => WP_REST_Server::READABLE,
				'callback' => 'get_item',
				'action'   => Capabilities::VIEW,
				'args'     => 'report/report-query',
				'schema'   => 'report/support-report',
			),
		);
	}

	/**
	 * Registers the route, and the plain-text sending of the Markdown form.
	 *
	 * @return void
	 */
	public function register_routes() {
		parent::register_routes();
		add_filter( 'rest_pre_serve_request', array( $this, 'serve_markdown' ), 10, 3 );
	}

	/**
	 * The report in the asked format: the document, or its Markdown text.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		$answer   = self::answer( call_user_func( $this->report ), (string) $request['format'], (bool) $request['full_paths'] );
		$response = rest_ensure_response( $answer );
		$response->header( 'Cache-Control', 'no-store, private' );
		if ( is_string( $answer ) ) {
			$response->header( 'Content-Type', self::MARKDOWN );
		}
		return $response;
	}

	/**
	 * What the route answers, shared with the triage/report ability and `wp triage report`.
	 *
	 * @param Support_Report $report     Service.
	 * @param string         $format     json or md.
	 * @param bool           $full_paths Keep absolute paths.
	 * @return array<string, mixed>|string
	 */
	public static function answer( Support_Report $report, string $format, bool $full_paths ) {
		$document = $report->build( array( 'full_paths' => $full_paths ) );
		return 'md' === $format ? Support_Report::markdown( $document ) : $document;
	}

	/**
	 * Sends the Markdown form as text instead of a JSON string.
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  Response.
	 * @param WP_REST_Request  $request Request.
	 * @return bool
	 */
	public function serve_markdown( $served, $result, $request ) {
		$headers = $result->get_headers();
		if ( $served || '/' . self::NAMESPACE . '/report' !== $request->get_route() || self::MARKDOWN !== ( $headers['Content-Type'] ?? '' ) || ! is_string( $result->get_data() ) ) {
			return $served;
		}
		// Text sent as text/markdown with nosniff; the report is redacted and holds no markup of ours.
		header( 'X-Content-Type-Options: nosniff' );
		echo $result->get_data(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
		return true;
	}
}
