<?php
/**
 * The plugin's header, version and guards.
 *
 * @package Triage
 */

/**
 * Plugin shell.
 */
class Plugin_Test extends WP_UnitTestCase {

	private function header() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		return get_plugin_data( TRIAGE_FILE, false, false );
	}

	public function test_header_declares_requirements_and_license() {
		$header = $this->header();
		$this->assertSame( 'Triage', $header['Name'] );
		$this->assertSame( '6.5', $header['RequiresWP'] );
		$this->assertSame( '7.4', $header['RequiresPHP'] );
		$this->assertSame( 'triage', $header['TextDomain'] );
		$this->assertNotEmpty( $header['Description'] );
		$this->assertSame( 'GPL-2.0-or-later', get_file_data( TRIAGE_FILE, array( 'License' => 'License' ) )['License'] );
	}

	public function test_versions_agree_everywhere() {
		$package = json_decode( file_get_contents( TRIAGE_TESTS_ROOT . '/package.json' ), true );
		$readme  = get_file_data( TRIAGE_TESTS_ROOT . '/readme.txt', array( 'Stable' => 'Stable tag' ) );
		$this->assertSame( TRIAGE_VERSION, $this->header()['Version'] );
		$this->assertSame( TRIAGE_VERSION, $package['version'] );
		$this->assertSame( TRIAGE_VERSION, $readme['Stable'] );
		$this->assertStringContainsString( '## [' . TRIAGE_VERSION . ']', file_get_contents( TRIAGE_TESTS_ROOT . '/CHANGELOG.md' ) );
	}

	public function test_boot_is_idempotent() {
		$this->assertSame( Triage\Plugin::boot(), Triage\Plugin::boot() );
	}

	public function test_controllers_are_built_only_when_the_rest_api_starts() {
		$built  = 0;
		$routes = new Triage\Rest_Routes(
			static function () use ( &$built ) {
				++$built;
				return array();
			}
		);
		$routes->register();
		$this->assertSame( 0, $built, 'Nothing REST-related runs on an ordinary request.' );
		// The REST server starts the API (rest_api_init) when a REST request first needs it.
		$this->assertArrayHasKey( '/triage/v1/environment', rest_get_server()->get_routes( 'triage/v1' ) );
		$this->assertGreaterThan( 0, $built );
	}

	public function test_requirements_notice_names_versions_for_admins() {
		$this->log_in_as_site_owner();
		ob_start();
		triage_requirements_notice();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( TRIAGE_MIN_PHP, $html );
		$this->assertStringContainsString( PHP_VERSION, $html );
	}

	public function test_requirements_notice_is_silent_for_other_users() {
		$this->log_in_as( 'editor' );
		ob_start();
		triage_requirements_notice();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_autoloader_ignores_foreign_and_odd_class_names() {
		$this->assertFalse( class_exists( 'Triage\\Does_Not_Exist' ) );
		$this->assertFalse( class_exists( 'Triage\\..\\..\\wp-config' ) );
		$this->assertTrue( class_exists( 'Triage\\Capabilities' ) );
	}
}
