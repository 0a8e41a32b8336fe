<?php
/**
 * Triage's abilities (WordPress 6.9 and later) and their absence before.
 *
 * @package Triage
 */

use Triage\Abilities\Abilities;
use Triage\REST\Schemas;

require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';
require_once dirname( __DIR__ ) . '/Report/Report_Secrets.php';

/**
 * Abilities: registration, schemas, answers equal to the REST API's, refusals, the secrets test.
 */
class Abilities_Test extends Triage_REST_TestCase {

	protected function tear_down() {
		Report_Secrets::restore();
	}

	/**
	 * Skips the test where WordPress has no Abilities API.
	 *
	 * @return void
	 */
	private function require_abilities_api() {
		if ( ! function_exists( 'wp_register_ability' ) ) {
			$this->markTestSkipped( 'The Abilities API arrived in WordPress 6.9; this is ' . $GLOBALS['wp_version'] . '.' );
		}
	}

	/**
	 * Each ability with an input that gives a deterministic answer, and the REST route it answers for.
	 *
	 * @return array
	 */
	public function abilities() {
		return array(
			'status'              => array(
				'triage/status',
				array(
					'checks' => array( 'php_version', 'maintenance', 'memory_limits' ),
					'speed'  => 'fast',
				),
				'/triage/v1/health',
			),
			'status, all'         => array( 'triage/status', null, '/triage/v1/health' ),
			'logs-summary'        => array( 'triage/logs-summary', array( 'source' => 'test-abilities' ), '/triage/v1/logs/test-abilities/summary' ),
			'report json'         => array( 'triage/report', array( 'format' => 'json' ), '/triage/v1/report' ),
			'report md'           => array( 'triage/report', array( 'format' => 'md' ), '/triage/v1/report' ),
			'environment'         => array( 'triage/environment', null, '/triage/v1/environment' ),
			'incidents'           => array( 'triage/incidents', array( 'window' => 3600 ), '/triage/v1/incidents' ),
			'incidents, defaults' => array( 'triage/incidents', null, '/triage/v1/incidents' ),
		);
	}

	public function test_every_ability_is_registered_with_the_rest_schemas_and_read_only_annotations() {
		$this->require_abilities_api();
		$this->assertNotNull( wp_get_ability_category( 'triage' ) );
		foreach ( Abilities::definitions() as $name => $definition ) {
			$ability = wp_get_ability( $name );
			$this->assertNotNull( $ability, "$name is not registered." );
			$this->assertSame( 'triage', $ability->get_category() );
			$this->assertSame( Schemas::get( $definition['output'] ), $ability->get_output_schema() );
			if ( null === $definition['input'] ) {
				$this->assertSame( array(), $ability->get_input_schema() );
			} else {
				$input = $ability->get_input_schema();
				$this->assertSame( array(), $input['default'] );
				unset( $input['default'] );
				$this->assertSame( Schemas::get( $definition['input'] ), $input );
			}
			$meta = $ability->get_meta();
			$this->assertTrue( $meta['annotations']['readonly'] );
			$this->assertTrue( $meta['annotations']['idempotent'] );
			$this->assertFalse( $meta['annotations']['destructive'] );
			$this->assertTrue( $meta['show_in_rest'] );
		}
		$triage = array_filter(
			array_keys( wp_get_abilities() ),
			static function ( $name ) {
				return 0 === strpos( $name, 'triage/' );
			}
		);
		$this->assertEqualsCanonicalizing( array_keys( Abilities::definitions() ), array_values( $triage ) );
		$this->assertTrue( wp_has_ability( 'triage/incidents' ) );
	}

	/**
	 * Executing as an administrator: valid output, equal to the REST answer.
	 *
	 * @dataProvider abilities
	 * @param string     $name  Ability.
	 * @param array|null $input Input.
	 * @param string     $route REST route.
	 */
	public function test_result_validates_and_equals_the_rest_answer( $name, $input, $route ) {
		$this->require_abilities_api();
		$this->add_log_source();
		$this->log_in_as_site_owner();
		// An event due within the second between the two calls would turn overdue in one answer only.
		_set_cron_array( array() );
		$ability = wp_get_ability( $name );

		$result = $ability->execute( $input );
		$this->assertFalse( is_wp_error( $result ), is_wp_error( $result ) ? $result->get_error_message() : '' );
		$this->assertTrue( rest_validate_value_from_schema( $result, $ability->get_output_schema(), 'output' ) );

		$params = (array) $input;
		unset( $params['source'] );
		$rest = $this->dispatch( 'GET', $route, $params );
		$this->assertSame( 200, $rest->get_status() );
		$this->assertEquals( $this->stable( $rest->get_data() ), $this->stable( $result ) );
	}

	/**
	 * Refusals.
	 *
	 * @dataProvider abilities
	 * @param string     $name  Ability.
	 * @param array|null $input Input.
	 */
	public function test_subscribers_and_visitors_are_refused( $name, $input ) {
		$this->require_abilities_api();
		$ability = wp_get_ability( $name );
		$this->assertTrue( is_wp_error( $ability->execute( $input ) ) );
		$this->log_in_as( 'subscriber' );
		$this->assertTrue( is_wp_error( $ability->execute( $input ) ) );
		$this->assertFalse( true === $ability->check_permissions( $input ) );
	}

	public function test_core_rest_route_lists_the_abilities_and_runs_status() {
		$this->require_abilities_api();
		$this->log_in_as_site_owner();
		$list = $this->dispatch( 'GET', '/wp-abilities/v1/abilities', array( 'category' => 'triage' ) );
		$this->assertSame( 200, $list->get_status() );
		$this->assertEqualsCanonicalizing( array_keys( Abilities::definitions() ), wp_list_pluck( $list->get_data(), 'name' ) );

		$run = $this->dispatch( 'GET', '/wp-abilities/v1/abilities/triage/status/run', array( 'input' => array( 'speed' => 'fast' ) ) );
		$this->assertSame( 200, $run->get_status(), wp_json_encode( $run->get_data() ) );
		$this->assertNotEmpty( $run->get_data()['checks'] );
		$this->assertContains( 'php_version', wp_list_pluck( $run->get_data()['checks'], 'id' ) );

		$this->log_in_as( 'subscriber' );
		$refused = $this->dispatch( 'GET', '/wp-abilities/v1/abilities/triage/status/run' );
		$this->assertSame( 403, $refused->get_status() );
	}

	public function test_report_ability_passes_the_secrets_test() {
		$this->require_abilities_api();
		$secrets = Report_Secrets::plant( $this );
		$this->log_in_as_site_owner();
		$ability = wp_get_ability( 'triage/report' );
		$json    = $ability->execute( array( 'format' => 'json' ) );
		$md      = $ability->execute( array( 'format' => 'md' ) );
		$this->assertIsArray( $json );
		$this->assertIsString( $md );
		Report_Secrets::assert_absent( $this, $secrets, Report_Secrets::json( $json ), 'ability JSON' );
		Report_Secrets::assert_absent( $this, $secrets, $md, 'ability Markdown' );
		$this->assertContains( 'test-php', wp_list_pluck( $json['logs'], 'id' ) );
	}

	public function test_nothing_is_registered_or_hooked_before_wordpress_6_9() {
		if ( function_exists( 'wp_register_ability' ) ) {
			$this->markTestSkipped( 'This WordPress has the Abilities API.' );
		}
		$this->assertFalse( has_action( 'wp_abilities_api_init' ) );
		$this->assertFalse( has_action( 'wp_abilities_api_categories_init' ) );
		( new Abilities( new Triage\Capabilities() ) )->register();
		$this->assertFalse( has_action( 'wp_abilities_api_init' ) );
		$this->assertNull( rest_get_server()->get_routes()['/wp-abilities/v1/abilities'] ?? null );
	}

	/**
	 * A PHP log source, test-abilities, with a plugin's warnings (hooks are restored after each test).
	 *
	 * @return void
	 */
	private function add_log_source() {
		$path = Log_Fixtures::write( 'abilities.log', Log_Fixtures::line( 'PHP Warning:  Undefined variable $x in ' . WP_PLUGIN_DIR . '/hello.php on line 3' ) . Log_Fixtures::line( 'PHP Warning:  Undefined variable $x in ' . WP_PLUGIN_DIR . '/hello.php on line 3', 1 ) );
		add_filter(
			'triage_log_source_candidates',
			static function ( $candidates ) use ( $path ) {
				$candidates['test-abilities'] = array(
					'label'  => 'Abilities test log',
					'layout' => 'php',
					'kind'   => 'php',
					'paths'  => array( $path ),
				);
				return $candidates;
			}
		);
	}

	/**
	 * An answer without what changes from one call to the next (times, durations, measurements).
	 *
	 * @param mixed $data Answer.
	 * @return mixed
	 */
	private function stable( $data ) {
		if ( is_string( $data ) ) {
			// Markdown: the generated line and the measurements in the health section.
			return preg_replace( '/^(\| Generated \|).*$|^## Health checks.*?(?=^## Logs)/ms', '', $data );
		}
		if ( ! is_array( $data ) ) {
			return $data;
		}
		foreach ( array( 'generated_at', 'duration_ms', 'took_ms', 'peak_memory_bytes', 'evidence', 'title' ) as $volatile ) {
			unset( $data[ $volatile ] );
		}
		foreach ( $data as $key => $value ) {
			$data[ $key ] = $this->stable( $value );
		}
		if ( isset( $data['checks'] ) && is_array( $data['checks'] ) && isset( $data['checks'][0]['id'] ) ) {
			usort(
				$data['checks'],
				static function ( $a, $b ) {
					return strcmp( $a['id'], $b['id'] );
				}
			);
		}
		return $data;
	}
}
