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

	public function test_each_service_is_built_once_and_shared() {
		$plugin = Triage\Plugin::boot();
		$this->assertSame( $plugin->debug_mode(), $plugin->debug_mode() );
		$this->assertSame( $plugin->rescue_links(), $plugin->rescue_links() );
		$this->assertSame( $plugin->bisect_sessions(), $plugin->bisect_sessions() );
		$this->assertSame( $plugin->bisect_candidates(), $plugin->bisect_candidates() );
		$this->assertSame( $plugin->culprit_deactivator(), $plugin->culprit_deactivator() );
		$sessions = $plugin->safe_mode_sessions();
		$this->assertSame( $sessions, $plugin->safe_mode_sessions() );
		foreach ( array( $plugin->bisect_sessions(), $plugin->bisect_candidates(), $plugin->culprit_deactivator() ) as $user ) {
			$this->assertSame( $sessions, $this->property( $user, 'safe_mode' ), get_class( $user ) . ' has its own safe mode sessions.' );
		}
		$this->assertSame( $plugin->rescue_links(), $this->property( $sessions, 'rescue' ) );
		$this->assertSame( $this->property( $sessions, 'installer' ), $this->property( $plugin->bisect_sessions(), 'installer' ) );
		// Probes are judged by their own request's report: the runner reads no log, it only names files' owners.
		$this->assertInstanceOf( Triage\Logs\Log_Attributor::class, $this->property( $this->property( $plugin->bisect_sessions(), 'runner' ), 'attributor' ) );
	}

	public function test_the_cron_services_are_built_once_and_share_one_lock() {
		$plugin = Triage\Plugin::boot();
		$cron   = $plugin->cron();
		$this->assertSame( $cron, $plugin->cron() );
		$this->assertSame( $cron, $this->property( $plugin, 'cron' ) );
		$this->assertSame( $cron->cron_schedule(), $cron->cron_schedule() );
		$this->assertSame( $cron->event_runner(), $cron->event_runner() );
		$this->assertSame( $cron->lock(), $cron->lock() );
		$this->assertSame( $cron->cron_schedule(), $this->property( $cron->event_runner(), 'schedule' ) );
		$this->assertSame( $cron->lock(), $this->property( $cron->cron_schedule(), 'lock' ) );
		$this->assertSame( $cron->lock(), $this->property( $cron->event_runner(), 'lock' ) );
		$this->assertContains( $cron->heartbeat(), $this->property( $plugin, 'services' ), 'The heartbeat that registers its hooks is the one the report and the REST API read.' );
	}

	public function test_the_auto_revert_and_the_debug_service_share_one_record() {
		$plugin = Triage\Plugin::boot();
		$auto   = null;
		foreach ( $this->property( $plugin, 'services' ) as $service ) {
			if ( $service instanceof Triage\Config\Debug_Auto_Revert ) {
				$auto = $service;
			}
		}
		$this->assertNotNull( $auto );
		$this->assertSame( $this->property( $auto, 'record' ), $this->property( $plugin->debug_mode(), 'record' ) );
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

	/**
	 * A private property, to see which instances services were given.
	 *
	 * @param object $instance Object.
	 * @param string $name     Property.
	 * @return mixed
	 */
	private function property( $instance, $name ) {
		$property = new ReflectionProperty( $instance, $name );
		$property->setAccessible( true );
		return $property->getValue( $instance );
	}
}
