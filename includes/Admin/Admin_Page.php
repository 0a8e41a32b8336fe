<?php
/**
 * The Tools → Triage admin page.
 *
 * @package Triage
 */

namespace Triage\Admin;

use Triage\Capabilities;
use Triage\Health\Runtime;
use Triage\Health\Site_Address;
use Triage\REST\Controller;

defined( 'ABSPATH' ) || exit;

/**
 * Adds the menu entry and loads the React app on that screen only.
 */
final class Admin_Page {

	public const SLUG = 'triage';

	private const SCRIPT_HANDLE = 'triage-admin';

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Takes its collaborators.
	 *
	 * @param Capabilities $capabilities Capability policy.
	 */
	public function __construct( Capabilities $capabilities ) {
		$this->capabilities = $capabilities;
	}

	/**
	 * Hooks the menu entries.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_menu_page' ) );
		add_action( 'network_admin_menu', array( $this, 'add_network_menu_page' ) );
	}

	/**
	 * Adds Tools → Triage.
	 *
	 * @return void
	 */
	public function add_menu_page(): void {
		$hook = add_management_page(
			__( 'Triage', 'triage' ),
			__( 'Triage', 'triage' ),
			$this->capabilities->capability( Capabilities::VIEW ),
			self::SLUG,
			array( $this, 'render' )
		);
		$this->on_load( $hook );
	}

	/**
	 * Adds Settings → Triage to the network admin, where super admins look after a whole network.
	 *
	 * @return void
	 */
	public function add_network_menu_page(): void {
		$hook = add_submenu_page(
			'settings.php',
			__( 'Triage', 'triage' ),
			__( 'Triage', 'triage' ),
			$this->capabilities->capability( Capabilities::VIEW ),
			self::SLUG,
			array( $this, 'render' )
		);
		$this->on_load( $hook );
	}

	/**
	 * Enqueues assets only when this page loads.
	 *
	 * @param string|false $hook Page hook suffix, false when the user lacks the capability.
	 * @return void
	 */
	private function on_load( $hook ): void {
		if ( $hook ) {
			add_action( 'load-' . $hook, array( $this, 'enqueue_on_load' ) );
		}
	}

	/**
	 * Defers enqueueing to admin_enqueue_scripts on this screen.
	 *
	 * @return void
	 */
	public function enqueue_on_load(): void {
		$this->follow_current_host();
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue_assets' ) );
	}

	/**
	 * When home/siteurl name another host than the one this page was loaded from (a migration, a
	 * domain that no longer resolves), loads this page's scripts and styles and sends its REST calls to
	 * the host in use, so Triage can still show what is wrong. Only on this screen, only then.
	 *
	 * @return void
	 */
	private function follow_current_host(): void {
		$current = ( new Site_Address( new Runtime() ) )->current_origin();
		if ( null === $current ) {
			return;
		}
		$stale = array();
		foreach ( array( site_url(), home_url(), content_url(), plugins_url() ) as $url ) {
			$origin = Site_Address::origin( $url );
			if ( null !== $origin && $origin !== $current ) {
				$stale[] = $origin;
			}
		}
		$stale = array_values( array_unique( $stale ) );
		if ( ! $stale ) {
			return;
		}
		$rebase = static function ( $url ) use ( $current, $stale ) {
			return is_string( $url ) ? Site_Address::rebase( $url, $current, $stale ) : $url;
		};
		foreach ( array( 'script_loader_src', 'style_loader_src', 'plugins_url', 'content_url', 'includes_url', 'admin_url', 'site_url', 'home_url', 'rest_url' ) as $filter ) {
			add_filter( $filter, $rebase, 99 );
		}
		// Core registered its scripts (and their concatenation URL) before this screen loaded.
		foreach ( array( wp_scripts(), wp_styles() ) as $dependencies ) {
			$dependencies->base_url = $rebase( $dependencies->base_url );
		}
		// apiFetch's root URL middleware was printed from the stale rest_url(): this one runs before it
		// and turns the path into a full URL on the current host, which the root middleware leaves alone.
		wp_add_inline_script(
			'wp-api-fetch',
			sprintf(
				'( function ( root ) { wp.apiFetch.use( function ( options, next ) { if ( typeof options.path !== "string" || options.url ) { return next( options ); } var path = options.path.replace( /^\\//, "" ); if ( root.indexOf( "?" ) !== -1 ) { path = path.replace( "?", "&" ); } var rebased = Object.assign( {}, options, { url: root + path } ); delete rebased.path; return next( rebased ); } ); } )( %s );',
				wp_json_encode( esc_url_raw( rest_url() ) )
			),
			'after'
		);
	}

	/**
	 * Enqueues the built app, its styles, translations and boot data.
	 *
	 * @return void
	 */
	public function enqueue_assets(): void {
		$asset_file = TRIAGE_DIR . '/build/index.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			// A checkout without `npm run build`: render() explains; nothing to enqueue.
			return;
		}
		$asset = require $asset_file;
		if ( ! is_array( $asset ) ) {
			return;
		}
		$dependencies = isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$version      = isset( $asset['version'] ) && is_string( $asset['version'] ) ? $asset['version'] : TRIAGE_VERSION;

		$this->register_jsx_runtime_fallback();
		wp_enqueue_script( self::SCRIPT_HANDLE, plugins_url( 'build/index.js', TRIAGE_FILE ), $dependencies, $version, true );
		wp_set_script_translations( self::SCRIPT_HANDLE, 'triage', TRIAGE_DIR . '/languages' );
		wp_add_inline_script(
			self::SCRIPT_HANDLE,
			'window.triageBoot = ' . wp_json_encode( $this->boot_data() ) . ';',
			'before'
		);

		if ( is_readable( TRIAGE_DIR . '/build/style-index.css' ) ) {
			wp_enqueue_style( self::SCRIPT_HANDLE, plugins_url( 'build/style-index.css', TRIAGE_FILE ), array( 'wp-components' ), $version );
			wp_style_add_data( self::SCRIPT_HANDLE, 'rtl', 'replace' );
		} else {
			wp_enqueue_style( 'wp-components' );
		}
	}

	/**
	 * WordPress 6.5 has React but no react-jsx-runtime script, which the build depends on.
	 *
	 * @return void
	 */
	private function register_jsx_runtime_fallback(): void {
		if ( ! wp_script_is( 'react-jsx-runtime', 'registered' ) ) {
			// @phpstan-ignore argument.type (plugins_url() returns a URL, never '')
			wp_register_script( 'react-jsx-runtime', plugins_url( 'assets/react-jsx-runtime.js', TRIAGE_FILE ), array( 'react' ), TRIAGE_VERSION, true );
		}
	}

	/**
	 * Data the app needs before its first request.
	 *
	 * No REST nonce: every request, the log download included, goes through apiFetch, whose middleware
	 * core sets up sends it as a header, so it never lands in a URL, an access log or the browser history.
	 *
	 * The capabilities only decide which controls are shown; every route checks its own.
	 *
	 * @return array{restPath: string, capabilities: array{configure: bool}}
	 */
	private function boot_data(): array {
		return array(
			'restPath'     => '/' . Controller::NAMESPACE,
			'capabilities' => array(
				'configure' => $this->capabilities->can( Capabilities::CONFIGURE ),
			),
		);
	}

	/**
	 * Prints the mount point; the app renders into it.
	 *
	 * @return void
	 */
	public function render(): void {
		if ( ! $this->capabilities->can( Capabilities::VIEW ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to view Triage diagnostics.', 'triage' ), 403 );
		}
		echo '<div class="wrap triage-wrap">';
		echo '<h1>' . esc_html__( 'Triage', 'triage' ) . '</h1>';
		if ( ! is_readable( TRIAGE_DIR . '/build/index.asset.php' ) ) {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'The Triage admin app has not been built. Run `npm run build` in the plugin folder, or install Triage from its release zip.', 'triage' ) . '</p></div>';
		}
		echo '<div id="triage-root"><noscript>' . esc_html__( 'The Triage page needs JavaScript.', 'triage' ) . '</noscript></div>';
		echo '</div>';
	}
}
