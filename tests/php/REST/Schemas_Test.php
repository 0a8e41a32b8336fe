<?php
/**
 * The JSON Schema files: well formed, and their enumerations and limits equal to the PHP constants
 * the code uses (TypeScript gets the same lists from the types generated from these files).
 *
 * @package Triage
 */

use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Symptom;
use Triage\Config\Debug_Mode;
use Triage\Config\Debug_Profiles;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;
use Triage\Logs\Log_Entry_Parser;
use Triage\Logs\Log_Sources;
use Triage\REST\Schemas;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;

/**
 * Schema files.
 */
class Schemas_Test extends WP_UnitTestCase {

	/**
	 * Every schema file, by name ("logs/log-tail").
	 *
	 * @return array<string, array{0: string}>
	 */
	public function files() {
		$root  = dirname( __DIR__, 3 ) . '/includes/REST/schemas/';
		$files = array();
		foreach ( glob( $root . '*/*.json' ) as $file ) {
			$name           = substr( $file, strlen( $root ), -5 );
			$files[ $name ] = array( $name );
		}
		return $files;
	}

	/**
	 * @dataProvider files
	 */
	public function test_file_is_a_titled_schema_in_a_feature_folder( $name ) {
		// The folder names the TypeScript feature (src/features/<folder>/types.ts), or shared/.
		$this->assertMatchesRegularExpression( '/^[a-z]+(-[a-z]+)*$/', dirname( $name ) );
		$schema = Schemas::get( $name );
		$this->assertMatchesRegularExpression( '/^[A-Z][A-Za-z]+$/', $schema['title'] ?? '', "$name needs a PascalCase title: it names the generated TypeScript type." );
		$this->assertStringNotContainsString( '"$ref"', wp_json_encode( $schema ), "$name has a reference that was not inlined." );
	}

	public function test_titles_are_unique() {
		$titles = array();
		foreach ( $this->files() as $name => $args ) {
			$titles[ $name ] = Schemas::get( $name )['title'];
		}
		$this->assertSame( array_unique( $titles ), $titles );
	}

	public function test_references_are_inlined_with_the_siblings_winning() {
		$property = Schemas::get( 'debug/debug-state' )['properties']['profile'];
		$this->assertSame( 'DebugProfileId', $property['title'] );
		$this->assertSame( Debug_Profiles::ids(), $property['enum'] );
		$this->assertSame( 'The profile in effect; off when Triage changed nothing.', $property['description'] );
	}

	public function test_arguments_are_the_properties_with_required_flags() {
		$args = Schemas::args( 'bisect/bisect-answer-request' );
		$this->assertSame( array( 'verdict', 'expected' ), array_keys( $args ) );
		$this->assertTrue( $args['verdict']['required'] );
		$this->assertSame( array( 'fail', 'pass' ), $args['verdict']['enum'] );
		$this->assertArrayNotHasKey( 'required', Schemas::args( 'bisect/bisect-start' )['mode'] );
		$this->assertTrue( Schemas::is_closed( 'debug/debug-revert-request' ) );
		$this->assertFalse( Schemas::is_closed( 'bisect/bisect-start' ) );
	}

	public function test_health_enumerations_match_check_result() {
		$this->assertSame( Check_Result::LAYERS, Schemas::get( 'overview/layer' )['enum'] );
		$this->assertSame( Check_Result::STATUSES, Schemas::get( 'overview/check-status' )['enum'] );
		$this->assertSame( Check_Result::LAYERS, array_keys( Schemas::get( 'overview/health-report' )['properties']['layers']['properties'] ) );
		$speed = Schemas::get( 'overview/health-query' )['properties']['speed'];
		$this->assertSame( array( Health_Runner::SPEED_ALL, Health_Runner::SPEED_FAST, Health_Runner::SPEED_SLOW ), $speed['enum'] );
		$this->assertSame( Health_Runner::SPEED_ALL, $speed['default'] );
	}

	public function test_log_enumerations_match_the_parser_and_the_registry() {
		$this->assertSame( Log_Entry_Parser::SEVERITIES, Schemas::get( 'logs/log-severity' )['enum'] );
		$this->assertSame( array( Log_Sources::KIND_PHP, Log_Sources::KIND_SERVER ), Schemas::get( 'logs/log-kind' )['enum'] );
	}

	public function test_debug_profiles_and_expiry_match_debug_mode() {
		$this->assertSame( Debug_Profiles::ids(), Schemas::get( 'debug/debug-profile-id' )['enum'] );
		$expires = Schemas::get( 'debug/debug-profile-request' )['properties']['expires_in'];
		$this->assertSame( array( Debug_Mode::EXPIRY, Debug_Mode::FLOOR_EXPIRY, Debug_Mode::MAX_EXPIRY ), array( $expires['default'], $expires['minimum'], $expires['maximum'] ) );
	}

	public function test_safe_mode_limits_match_the_services() {
		$session = Schemas::get( 'safe-mode/safe-mode-start' )['properties']['expires_in'];
		$this->assertSame( array( Safe_Mode_Sessions::DEFAULT_EXPIRY, Safe_Mode_Sessions::MIN_EXPIRY, Safe_Mode_Sessions::MAX_EXPIRY ), array( $session['default'], $session['minimum'], $session['maximum'] ) );
		$rescue = Schemas::get( 'safe-mode/safe-mode-rescue-request' )['properties']['expires_in'];
		$this->assertSame( array( Rescue_Links::DEFAULT_EXPIRY, Rescue_Links::MAX_EXPIRY ), array( $rescue['default'], $rescue['maximum'] ) );
	}

	public function test_bisect_limits_match_the_sessions_and_the_symptom() {
		$start = Schemas::get( 'bisect/bisect-start' )['properties'];
		$this->assertSame( Bisect_Sessions::MAX_REPEATS, $start['repeats']['maximum'] );
		$symptom = $start['symptom']['properties'];
		$this->assertSame( array( Symptom::MIN_TIMEOUT, Symptom::MAX_TIMEOUT ), array( $symptom['timeout']['minimum'], $symptom['timeout']['maximum'] ) );
		$this->assertSame( Symptom::MAX_BODY, $symptom['body']['maxLength'] );
		$this->assertSame( Symptom::MAX_TEXT, $symptom['tests']['properties']['contains']['maxLength'] );
		$this->assertSame( Symptom::MAX_TEXT, $symptom['tests']['properties']['lacks']['maxLength'] );
		$this->assertSame( (float) Symptom::MAX_TIMEOUT, (float) $symptom['tests']['properties']['slower_than']['maximum'] );
	}
}
