<?php
/**
 * Wires Triage's services together.
 *
 * @package Triage
 */

namespace Triage;

use Triage\Admin\Admin_Page;
use Triage\Environment\Environment_Reader;
use Triage\Logs\Debug_Log_Location;
use Triage\REST\Environment_Controller;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the object graph once and lets each service register its own hooks.
 */
final class Plugin {

	/**
	 * The booted instance, kept so that boot() is idempotent.
	 *
	 * @var Plugin|null
	 */
	private static $instance = null;

	/**
	 * Capability policy shared by the admin page and every REST controller.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Services with a register() method.
	 *
	 * @var array<int, object>
	 */
	private $services;

	/**
	 * Creates the services; registers nothing yet.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Capabilities $capabilities ) {
		$this->capabilities = $capabilities;
		$environment        = new Environment_Reader( new Debug_Log_Location() );
		$this->services     = array(
			new Admin_Page( $capabilities ),
			new Rest_Routes( array( new Environment_Controller( $environment, $capabilities ) ) ),
		);
	}

	/**
	 * Entry point, hooked to plugins_loaded by plugin.php.
	 *
	 * @return Plugin
	 */
	public static function boot(): Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self( new Capabilities() );
			self::$instance->register();
		}
		return self::$instance;
	}

	/**
	 * Registers every service's hooks.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'load_textdomain' ) );
		foreach ( $this->services as $service ) {
			$service->register();
		}
	}

	/**
	 * Loads translations shipped with the plugin; wordpress.org language packs take precedence.
	 *
	 * @return void
	 */
	public function load_textdomain(): void {
		load_plugin_textdomain( 'triage', false, dirname( plugin_basename( TRIAGE_FILE ) ) . '/languages' );
	}

	/**
	 * The capability policy, for code that runs outside the object graph (WP-CLI, uninstall).
	 *
	 * @return Capabilities
	 */
	public function capabilities(): Capabilities {
		return $this->capabilities;
	}
}
