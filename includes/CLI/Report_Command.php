<?php
/**
 * `wp triage report`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Capabilities;
use Triage\Plugin;
use Triage\REST\Report_Controller;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * The support report, exactly as GET /triage/v1/report answers it (Report_Controller::answer).
 */
final class Report_Command {

	/**
	 * Where the report service comes from.
	 *
	 * @var Plugin
	 */
	private $plugin;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param Plugin $plugin Service factory.
	 * @param Access $access Capability rule.
	 */
	public function __construct( Plugin $plugin, Access $access ) {
		$this->plugin = $plugin;
		$this->access = $access;
	}

	/**
	 * Prints the redacted support report, to paste into a ticket.
	 *
	 * Environment, health verdicts, recent server-log causes, top log groups, debug and safe mode state,
	 * plugins and theme, cron and maintenance.
	 *
	 * Redacted by construction: no wp-config.php values outside a fixed allow-list, no cookies, nonces,
	 * tokens, emails or visitor IP addresses, paths relative to the site root. Works while PHP-FPM is down.
	 * The JSON form is the REST answer itself: it carries its own "version".
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : md (Markdown, for a ticket) or json.
	 * ---
	 * default: md
	 * options:
	 *   - md
	 *   - json
	 * ---
	 *
	 * [--full-paths]
	 * : Keep absolute paths (they name the server's folders).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage report > ticket.md
	 *     $ wp triage report --format=json | jq .health
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function __invoke( array $args, array $assoc ): void {
		$this->access->check( Capabilities::VIEW );
		$format = Output::format( $assoc, array( 'md', 'json' ) );
		$answer = Report_Controller::answer( $this->plugin->support_report(), $format, (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'full-paths', false ) );
		if ( is_string( $answer ) ) {
			WP_CLI::line( rtrim( $answer, "\n" ) );
			return;
		}
		WP_CLI::line( (string) wp_json_encode( $answer, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR ) );
	}
}
