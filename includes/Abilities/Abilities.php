<?php
/**
 * Triage's diagnostics as WordPress abilities (WordPress 6.9 and later).
 *
 * @package Triage
 */

namespace Triage\Abilities;

use Triage\Capabilities;
use Triage\REST\Controller;
use Triage\REST\Schemas;
use WP_REST_Request;

defined( 'ABSPATH' ) || exit;

/**
 * Registers the read-only abilities in the `triage` category, so that assistants (through the MCP adapter)
 * and automation can ask why a site answers 5xx. Each ability is a row of definitions(): it names a
 * triage/v1 route, and it runs that route (rest_do_request), so the answer is the REST answer by
 * construction; its input and output schemas are the route's own JSON Schema files (Schemas::get()), and
 * its permission is the route's capability action. Nothing that changes the site is an ability.
 *
 * Below WordPress 6.9 there is no Abilities API: register() adds nothing.
 */
final class Abilities {

	public const CATEGORY = 'triage';

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Takes the capability policy the REST routes use.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Capabilities $capabilities ) {
		$this->capabilities = $capabilities;
	}

	/**
	 * Hooks the registrations, only where the Abilities API exists.
	 *
	 * @return void
	 */
	public function register(): void {
		if ( ! function_exists( 'wp_register_ability' ) || ! function_exists( 'wp_register_ability_category' ) ) {
			return;
		}
		add_action( 'wp_abilities_api_categories_init', array( $this, 'register_category' ) );
		add_action( 'wp_abilities_api_init', array( $this, 'register_abilities' ) );
	}

	/**
	 * The abilities: name => label, description, the route it runs, its schemas and action.
	 * "{source}" in a path is filled from the input property of that name.
	 *
	 * @return array<string, array{label: string, description: string, path: string, input: string|null, output: string, action: string}>
	 */
	public static function definitions(): array {
		return array(
			'triage/status'       => array(
				'label'       => __( 'Site health verdicts', 'triage' ),
				'description' => __( 'Runs Triage\'s health checks (CDN, web server, PHP-FPM, WordPress, database, server) and returns each verdict with its evidence and fix, and the worst status per layer. Use it first when a site answers 502, 503 or 504. speed=fast skips the checks that request the site over the network.', 'triage' ),
				'path'        => '/health',
				'input'       => 'overview/health-query',
				'output'      => 'overview/health-report',
				'action'      => Capabilities::VIEW,
			),
			'triage/incidents'    => array(
				'label'       => __( 'What happened', 'triage' ),
				'description' => __( 'The incidents of the last hour, 24 hours or 7 days, newest first: events of the same time in every readable log (web server, PHP-FPM and its slow log, PHP, database) joined into one incident each, with the requests and statuses affected, one cause from a fixed list (PHP-FPM stopped, pool saturated, timeouts, worker crashes, fatals, database down, …), the evidence lines side by side, the culprit plugin or theme when named, and one fix. Also lists the logs read and those Triage cannot read (blind spots). Use it first after a 502, 503 or 504.', 'triage' ),
				'path'        => '/incidents',
				'input'       => 'incidents/incidents-query',
				'output'      => 'incidents/incidents',
				'action'      => Capabilities::VIEW,
			),
			'triage/logs-summary' => array(
				'label'       => __( 'Log summary', 'triage' ),
				'description' => __( 'Groups the errors of one log source (ids from the environment\'s log sources: debug, php, nginx, …) and attributes each group to a plugin, theme or core; for web server logs, counts the causes of 5xx answers. Large logs are read in time-boxed slices: call again until done is true.', 'triage' ),
				'path'        => '/logs/{source}/summary',
				'input'       => 'logs/log-summary-query',
				'output'      => 'logs/log-summary',
				'action'      => Capabilities::VIEW,
			),
			'triage/report'       => array(
				'label'       => __( 'Support report', 'triage' ),
				'description' => __( 'The redacted support report for a hosting ticket: environment, health verdicts, newest log groups and server-log causes, debug and safe mode, plugins and theme with versions and recent updates, cron and maintenance. format=md gives Markdown, json the versioned document. No secrets, cookies, e-mail or visitor IP addresses.', 'triage' ),
				'path'        => '/report',
				'input'       => 'report/report-query',
				'output'      => 'report/report-answer',
				'action'      => Capabilities::VIEW,
			),
			'triage/environment'  => array(
				'label'       => __( 'Runtime environment', 'triage' ),
				'description' => __( 'WordPress and PHP versions, memory and time limits, debug settings, where PHP writes its errors, and whether a .maintenance file exists. Cheap: no network or database access.', 'triage' ),
				'path'        => '/environment',
				'input'       => null,
				'output'      => 'overview/environment',
				'action'      => Capabilities::VIEW,
			),
		);
	}

	/**
	 * Registers the category.
	 *
	 * @return void
	 */
	public function register_category(): void {
		wp_register_ability_category(
			self::CATEGORY,
			array(
				'label'       => __( 'Triage diagnostics', 'triage' ),
				'description' => __( 'Read-only diagnosis of why a WordPress site answers 5xx: health checks, recent incidents, logs, the support report and the environment.', 'triage' ),
			)
		);
	}

	/**
	 * Registers the abilities.
	 *
	 * @return void
	 */
	public function register_abilities(): void {
		foreach ( self::definitions() as $name => $definition ) {
			$args = array(
				'label'               => $definition['label'],
				'description'         => $definition['description'],
				'category'            => self::CATEGORY,
				'output_schema'       => Schemas::get( $definition['output'] ),
				'execute_callback'    => function ( $input = array() ) use ( $definition ) {
					return $this->run( $definition, is_array( $input ) ? $input : array() );
				},
				'permission_callback' => function () use ( $definition ) {
					return $this->permission( $definition['action'] );
				},
				'meta'                => array(
					// Reading only; asking again changes nothing (a log summary continues a cached scan).
					'annotations'  => array(
						'readonly'    => true,
						'destructive' => false,
						'idempotent'  => true,
					),
					'show_in_rest' => true,
				),
			);
			if ( null !== $definition['input'] ) {
				// An empty input means the route's defaults, as a request without parameters does.
				$args['input_schema'] = Schemas::get( $definition['input'] ) + array( 'default' => array() );
			}
			// @phpstan-ignore argument.type (the names are definitions()' lowercase "triage/…" literals)
			wp_register_ability( $name, $args );
		}//end foreach
	}

	/**
	 * Whether the current user may run an ability with this action. A boolean, not the REST API's
	 * WP_Error: core turns a refusal into its own error and treats a WP_Error from a permission callback
	 * as a mistake (_doing_it_wrong) when an ability is executed from PHP.
	 *
	 * @param string $action Capability action.
	 * @return bool
	 */
	public function permission( string $action ): bool {
		return $this->capabilities->can( $action );
	}

	/**
	 * Runs the ability's route with the input as its parameters and returns the route's answer.
	 *
	 * @param array{path: string, input: string|null} $definition Ability definition.
	 * @param array<string, mixed>                    $input      Validated input.
	 * @return mixed|\WP_Error
	 */
	public function run( array $definition, array $input ) {
		$path = $definition['path'];
		if ( false !== strpos( $path, '{source}' ) ) {
			$path = str_replace( '{source}', rawurlencode( (string) ( $input['source'] ?? '' ) ), $path );
			unset( $input['source'] );
		}
		$request = new WP_REST_Request( 'GET', '/' . Controller::NAMESPACE . $path );
		$request->set_query_params( $input );
		$response = rest_do_request( $request );
		if ( $response->is_error() ) {
			return $response->as_error();
		}
		return $response->get_data();
	}
}
