<?php
/**
 * Base class for tests that run against the real WordPress and database loaded by the bootstrap.
 *
 * Mirrors the contract of core's WP_UnitTestCase: each test runs inside a database transaction that is
 * rolled back, hooks and request globals are restored, the current user is reset, and unexpected
 * _doing_it_wrong() or deprecation notices fail the test.
 *
 * @package Triage
 */

use PHPUnit\Framework\TestCase;

/**
 * WordPress-aware test case.
 */
abstract class WP_UnitTestCase extends TestCase {

	/**
	 * Shared factory.
	 *
	 * @var WP_UnitTest_Factory|null
	 */
	private static $factory_instance = null;

	/**
	 * Hook globals saved before each test.
	 *
	 * @var array<string, mixed>
	 */
	private $saved_hooks = array();

	/**
	 * Function names whose _doing_it_wrong() / deprecation notices this test expects.
	 *
	 * @var string[]
	 */
	private $expected_notices = array();

	/**
	 * Notices caught during this test.
	 *
	 * @var string[]
	 */
	private $caught_notices = array();

	/**
	 * The object factory.
	 *
	 * @return WP_UnitTest_Factory
	 */
	public static function factory() {
		if ( null === self::$factory_instance ) {
			self::$factory_instance = new WP_UnitTest_Factory();
		}
		return self::$factory_instance;
	}

	/**
	 * PHPUnit entry; override set_up() instead.
	 */
	final protected function setUp(): void {
		global $wpdb;
		$this->save_hooks();
		tests_reset__SERVER();
		$wpdb->suppress_errors = false;
		$wpdb->show_errors     = true;
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		add_filter( 'query', array( $this, 'make_table_changes_temporary' ) );
		$this->watch_notices();
		$this->set_up();
	}

	/**
	 * PHPUnit entry; override tear_down() instead.
	 */
	final protected function tearDown(): void {
		global $wpdb;
		$this->tear_down();
		$wpdb->query( 'ROLLBACK' );
		$this->restore_hooks();
		wp_cache_flush();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null;
		$_GET                      = array();
		$_POST                     = array();
		$_REQUEST                  = array();
		tests_reset__SERVER();
	}

	/**
	 * Fails on notices nobody expected, and on expected notices that never came.
	 */
	protected function assertPostConditions(): void {
		$unexpected = array_diff( $this->caught_notices, $this->expected_notices );
		$missing    = array_diff( $this->expected_notices, $this->caught_notices );
		$this->assertSame( array(), array_values( $unexpected ), 'Unexpected _doing_it_wrong() or deprecation notices.' );
		$this->assertSame( array(), array_values( $missing ), 'Expected _doing_it_wrong() or deprecation notices were not triggered.' );
	}

	/**
	 * Per-test set-up for subclasses.
	 *
	 * @return void
	 */
	protected function set_up() {}

	/**
	 * Per-test clean-up for subclasses.
	 *
	 * @return void
	 */
	protected function tear_down() {}

	/**
	 * Declares that the test expects _doing_it_wrong() or a deprecation notice for a function.
	 *
	 * @param string $function_name Function, hook or file name as WordPress reports it.
	 * @return void
	 */
	public function setExpectedIncorrectUsage( $function_name ) { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid -- core's test-library name.
		$this->expected_notices[] = $function_name;
	}

	/**
	 * Logs in a new user with the given role and returns its id.
	 *
	 * @param string $role Role name.
	 * @return int
	 */
	protected function log_in_as( $role ) {
		$user_id = self::factory()->user->create( array( 'role' => $role ) );
		wp_set_current_user( $user_id );
		return $user_id;
	}

	/**
	 * Logs in a new super admin on multisite, or an administrator elsewhere.
	 *
	 * @return int
	 */
	protected function log_in_as_site_owner() {
		$user_id = $this->log_in_as( 'administrator' );
		if ( is_multisite() ) {
			grant_super_admin( $user_id );
		}
		return $user_id;
	}

	/**
	 * Keeps CREATE/DROP TABLE inside the transaction (core's test library does the same).
	 *
	 * @param string $query SQL.
	 * @return string
	 */
	public function make_table_changes_temporary( $query ) {
		if ( 'CREATE TABLE' === substr( trim( $query ), 0, 12 ) ) {
			return substr_replace( trim( $query ), 'CREATE TEMPORARY TABLE', 0, 12 );
		}
		if ( 'DROP TABLE' === substr( trim( $query ), 0, 10 ) ) {
			return substr_replace( trim( $query ), 'DROP TEMPORARY TABLE', 0, 10 );
		}
		return $query;
	}

	/**
	 * Records _doing_it_wrong() and deprecation notices instead of letting them trigger PHP errors.
	 *
	 * @return void
	 */
	private function watch_notices() {
		$this->expected_notices = array();
		$this->caught_notices   = array();
		$record                 = function ( $name ) {
			$this->caught_notices[] = $name;
		};
		foreach ( array( 'doing_it_wrong', 'deprecated_function', 'deprecated_argument', 'deprecated_file', 'deprecated_hook' ) as $kind ) {
			add_action( "{$kind}_run", $record );
			add_filter( "{$kind}_trigger_error", '__return_false' );
		}
		add_action( 'deprecated_file_included', $record );
		add_filter( 'deprecated_file_trigger_error', '__return_false' );
	}

	/**
	 * Saves the hook registry.
	 *
	 * @return void
	 */
	private function save_hooks() {
		global $wp_filter;
		$this->saved_hooks = array(
			'wp_actions'         => $GLOBALS['wp_actions'],
			'wp_current_filter'  => $GLOBALS['wp_current_filter'],
			'wp_filters'         => isset( $GLOBALS['wp_filters'] ) ? $GLOBALS['wp_filters'] : array(),
			'wp_filter'          => array(),
			'wp_scripts'         => isset( $GLOBALS['wp_scripts'] ) ? $GLOBALS['wp_scripts'] : null,
			'wp_styles'          => isset( $GLOBALS['wp_styles'] ) ? $GLOBALS['wp_styles'] : null,
			'current_screen'     => isset( $GLOBALS['current_screen'] ) ? $GLOBALS['current_screen'] : null,
			'wp_registered_menu' => array(
				'menu'    => isset( $GLOBALS['menu'] ) ? $GLOBALS['menu'] : null,
				'submenu' => isset( $GLOBALS['submenu'] ) ? $GLOBALS['submenu'] : null,
			),
		);
		foreach ( $wp_filter as $hook_name => $hook ) {
			$this->saved_hooks['wp_filter'][ $hook_name ] = clone $hook;
		}
	}

	/**
	 * Restores the hook registry and the globals tests commonly change.
	 *
	 * @return void
	 */
	private function restore_hooks() {
		$GLOBALS['wp_actions']        = $this->saved_hooks['wp_actions'];
		$GLOBALS['wp_current_filter'] = $this->saved_hooks['wp_current_filter'];
		$GLOBALS['wp_filters']        = $this->saved_hooks['wp_filters'];
		$GLOBALS['wp_filter']         = $this->saved_hooks['wp_filter'];
		$GLOBALS['wp_scripts']        = $this->saved_hooks['wp_scripts'];
		$GLOBALS['wp_styles']         = $this->saved_hooks['wp_styles'];
		$GLOBALS['current_screen']    = $this->saved_hooks['current_screen'];
		$GLOBALS['menu']              = $this->saved_hooks['wp_registered_menu']['menu'];
		$GLOBALS['submenu']           = $this->saved_hooks['wp_registered_menu']['submenu'];
	}
}
