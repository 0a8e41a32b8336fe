<?php
/**
 * Keeps Triage reachable when every request outside wp-admin fatals.
 *
 * @package Triage
 */

namespace Triage\Safe_Mode;

use Triage\Capabilities;
use Triage_Safe_Mode_Loader;

defined( 'ABSPATH' ) || exit;

/**
 * A plugin (or theme) that fatals wherever is_admin() is false breaks the REST API, so the Triage page
 * loads but none of its calls answer. wp-admin still works, and so does admin-ajax.php: its action gives
 * the administrator the loader's REST cookie, which turns every other plugin off (and the theme, when
 * asked) for their own requests to Triage's REST routes, for an hour at most. Nothing is written on the
 * server and visitors are not affected.
 */
final class Rest_Isolation {

	/** The admin-ajax action (nonce action too). */
	public const ACTION = 'triage_rest_isolation';

	/** The admin-post action of the admin bar's Stop link (nonce action too). */
	public const STOP_ACTION = 'triage_rest_isolation_stop';

	/** How long a grant lasts: Triage_Safe_Mode_Loader::REST_MAX_TTL, written out since that class may not be loaded yet. */
	public const TTL = 3600;

	/** The Triage page's script (Admin_Page registers it). */
	private const SCRIPT_HANDLE = 'triage-admin';

	/**
	 * Installer, to tell whether the loader that honours the cookie is in place.
	 *
	 * @var Loader_Installer
	 */
	private $installer;

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Sends the cookie: ( string $value, int $expires ). Tests replace it.
	 *
	 * @var callable
	 */
	private $send_cookie;

	/**
	 * Takes its collaborators.
	 *
	 * @param Loader_Installer $installer    Installer.
	 * @param Capabilities     $capabilities Capability policy.
	 * @param callable|null    $send_cookie  Cookie sender; defaults to the loader's.
	 */
	public function __construct( Loader_Installer $installer, Capabilities $capabilities, ?callable $send_cookie = null ) {
		$this->installer    = $installer;
		$this->capabilities = $capabilities;
		$this->send_cookie  = $send_cookie ?? static function ( string $value, int $expires ): void {
			Safe_Mode_Sessions::load_codec();
			Triage_Safe_Mode_Loader::send_cookie( $value, $expires, Triage_Safe_Mode_Loader::REST_COOKIE );
		};
	}

	/**
	 * Hooks the admin-ajax action (logged-in users only).
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'wp_ajax_' . self::ACTION, array( $this, 'handle_ajax' ) );
		// After Admin_Page enqueued the app (priority 10), only on the Triage page.
		add_action( 'admin_enqueue_scripts', array( $this, 'print_boot_data' ), 11 );
		// While a grant lasts, the admin bar says so on every screen, with a way to end it.
		add_action( 'admin_bar_menu', array( $this, 'add_node' ), 101 );
		add_action( 'admin_post_' . self::STOP_ACTION, array( $this, 'handle_stop' ) );
	}

	/**
	 * Adds "Triage: other plugins off for its requests" for the user whose grant this browser holds.
	 *
	 * @param \WP_Admin_Bar $bar Admin bar.
	 * @return void
	 */
	public function add_node( $bar ): void {
		if ( ! isset( $_COOKIE['triage_rest'] ) ) {
			return;
		}
		$grant = $this->grant_for( get_current_user_id() );
		if ( null === $grant ) {
			return;
		}
		$bar->add_node(
			array(
				'id'    => 'triage-rest-isolation',
				'title' => esc_html(
					sprintf(
						/* translators: %s: time of day the setting ends. */
						$grant['t'] ? __( 'Triage: other plugins and the theme off for its requests until %s', 'triage' ) : __( 'Triage: other plugins off for its requests until %s', 'triage' ),
						wp_date( (string) get_option( 'time_format' ), $grant['e'] )
					)
				),
				'href'  => $this->tab_url(),
				'meta'  => array( 'class' => 'triage-rest-isolation-indicator' ),
			)
		);
		$bar->add_node(
			array(
				'parent' => 'triage-rest-isolation',
				'id'     => 'triage-rest-isolation-stop',
				'title'  => esc_html__( 'Load every plugin for Triage again', 'triage' ),
				'href'   => wp_nonce_url( admin_url( 'admin-post.php?action=' . self::STOP_ACTION ), self::STOP_ACTION ),
			)
		);
	}

	/**
	 * The admin bar's Stop link: ends the grant and goes back to the Triage page.
	 *
	 * @return void
	 */
	public function handle_stop(): void {
		check_admin_referer( self::STOP_ACTION );
		$this->stop();
		wp_safe_redirect( $this->tab_url() );
		exit;
	}

	/**
	 * The Triage page.
	 *
	 * @return string
	 */
	private function tab_url(): string {
		return is_multisite() ? network_admin_url( 'settings.php?page=triage' ) : admin_url( 'tools.php?page=triage' );
	}

	/**
	 * Gives the Triage page what it needs to offer the action, before the app runs.
	 *
	 * @return void
	 */
	public function print_boot_data(): void {
		if ( ! wp_script_is( self::SCRIPT_HANDLE, 'enqueued' ) ) {
			return;
		}
		wp_add_inline_script( self::SCRIPT_HANDLE, 'window.triageReachable = ' . wp_json_encode( $this->boot_data( get_current_user_id() ) ) . ';', 'before' );
	}

	/**
	 * What the Triage page needs to offer the action, or null when this user may not use it.
	 *
	 * @param int $user_id User.
	 * @return array{url: string, nonce: string, until: int|null, theme: bool}|null
	 */
	public function boot_data( int $user_id ): ?array {
		if ( ! $this->capabilities->can( Capabilities::SAFE_MODE ) ) {
			return null;
		}
		$grant = $this->grant_for( $user_id );
		return array(
			'url'   => admin_url( 'admin-ajax.php' ),
			'nonce' => wp_create_nonce( self::ACTION ),
			'until' => null !== $grant ? $grant['e'] : null,
			'theme' => null !== $grant && 1 === $grant['t'],
		);
	}

	/**
	 * The user's grant in this browser, or null.
	 *
	 * @param int $user_id User.
	 * @return array{u: int, e: int, c: string, t: int}|null
	 */
	public function grant_for( int $user_id ): ?array {
		Safe_Mode_Sessions::load_codec();
		if ( $user_id < 1 || ! isset( $_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] ) || ! is_string( $_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] ) ) {
			return null;
		}
		$grant = Triage_Safe_Mode_Loader::verify_rest( wp_unslash( $_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] ), time() ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- verified by HMAC.
		return null !== $grant && $grant['u'] === $user_id ? $grant : null;
	}

	/**
	 * Starts (theme=0|1) or ends (stop=1) the grant for the current user.
	 *
	 * @return void
	 */
	public function handle_ajax(): void {
		if ( false === check_ajax_referer( self::ACTION, false, false ) ) {
			wp_send_json_error( array( 'message' => __( 'This page has expired. Reload it and try again.', 'triage' ) ), 403 );
		}
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- checked above.
		$stop  = ! empty( $_POST['stop'] );
		$theme = ! empty( $_POST['theme'] );
		// phpcs:enable
		$result = $stop ? $this->stop() : $this->start( get_current_user_id(), $theme );
		if ( isset( $result['error'] ) ) {
			wp_send_json_error( array( 'message' => $result['error'] ), $result['status'] );
		}
		wp_send_json_success( $result );
	}

	/**
	 * Gives the user the cookie.
	 *
	 * @param int  $user_id User.
	 * @param bool $theme   Swap the theme too.
	 * @return array{until: int, theme: bool}|array{error: string, status: int}
	 */
	public function start( int $user_id, bool $theme ): array {
		if ( $user_id < 1 || ! $this->capabilities->can( Capabilities::SAFE_MODE ) ) {
			return array(
				'error'  => __( 'Sorry, you are not allowed to turn plugins off, even for Triage only.', 'triage' ),
				'status' => 403,
			);
		}
		$loader = $this->installer->status();
		if ( ! $loader['installed'] || ! $loader['current'] ) {
			return array(
				'error'  => __( 'Triage cannot turn other plugins off for its requests: its must-use loader is missing or out of date.', 'triage' ) . ' ' . $loader['manual'],
				'status' => 409,
			);
		}
		Safe_Mode_Sessions::load_codec();
		$expires = time() + self::TTL;
		$value   = Triage_Safe_Mode_Loader::sign_rest(
			array(
				'u' => $user_id,
				'e' => $expires,
				// The loader runs before plugins, so it cannot ask Capabilities: it checks this one.
				'c' => $this->capabilities->capability( Capabilities::SAFE_MODE ),
				't' => $theme ? 1 : 0,
			)
		);
		if ( '' === $value ) {
			return array(
				'error'  => __( 'Triage could not store its signing secret in the database. Check that the database accepts writes, then try again.', 'triage' ),
				'status' => 500,
			);
		}
		call_user_func( $this->send_cookie, $value, $expires );
		$_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] = $value;
		return array(
			'until' => $expires,
			'theme' => $theme,
		);
	}

	/**
	 * Ends the grant in this browser.
	 *
	 * @return array{until: null, theme: bool}
	 */
	public function stop(): array {
		Safe_Mode_Sessions::load_codec();
		call_user_func( $this->send_cookie, '', 1 );
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::REST_COOKIE ] );
		return array(
			'until' => null,
			'theme' => false,
		);
	}
}
