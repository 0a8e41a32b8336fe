<?php
/**
 * The safe mode indicator in the admin bar.
 *
 * @package Triage
 */

namespace Triage\Safe_Mode;

use Triage\Capabilities;
use WP_Admin_Bar;

defined( 'ABSPATH' ) || exit;

/**
 * Shows "Safe mode: 3 of 27 plugins" with an Exit link on every screen, only to the user whose session
 * it is, and handles that Exit link (a nonce-protected admin-post action).
 */
final class Admin_Bar {

	public const EXIT_ACTION = 'triage_safe_mode_exit';

	/**
	 * Builds the sessions service when first needed, so ordinary requests load nothing.
	 *
	 * @var callable(): Safe_Mode_Sessions
	 */
	private $sessions_factory;

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Takes its collaborators.
	 *
	 * @param callable     $sessions_factory Returns the sessions service.
	 * @param Capabilities $capabilities     Capability policy.
	 */
	public function __construct( callable $sessions_factory, Capabilities $capabilities ) {
		$this->sessions_factory = $sessions_factory;
		$this->capabilities     = $capabilities;
	}

	/**
	 * The sessions service.
	 *
	 * @return Safe_Mode_Sessions
	 */
	private function sessions(): Safe_Mode_Sessions {
		return call_user_func( $this->sessions_factory );
	}

	/**
	 * Hooks the node and the exit action.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'admin_bar_menu', array( $this, 'add_node' ), 100 );
		add_action( 'admin_post_' . self::EXIT_ACTION, array( $this, 'handle_exit' ) );
	}

	/**
	 * Adds the indicator for the user in a session.
	 *
	 * @param WP_Admin_Bar $bar Admin bar.
	 * @return void
	 */
	public function add_node( $bar ): void {
		if ( ! isset( $_COOKIE['triage_safe_mode'] ) ) {
			return;
		}
		$sessions = $this->sessions();
		$session  = $sessions->session_for( get_current_user_id() );
		if ( null === $session ) {
			return;
		}
		$state = $sessions->counts( $session );
		$bar->add_node(
			array(
				'id'    => 'triage-safe-mode',
				/* translators: 1: plugins kept on, 2: active plugins. */
				'title' => esc_html( sprintf( __( 'Safe mode: %1$d of %2$d plugins', 'triage' ), $state['kept'], $state['total'] ) ),
				'href'  => $this->tab_url(),
				'meta'  => array( 'class' => 'triage-safe-mode-indicator' ),
			)
		);
		$bar->add_node(
			array(
				'parent' => 'triage-safe-mode',
				'id'     => 'triage-safe-mode-exit',
				'title'  => esc_html__( 'Exit safe mode', 'triage' ),
				'href'   => $this->exit_url(),
			)
		);
	}

	/**
	 * The nonce-protected Exit URL.
	 *
	 * @return string
	 */
	public function exit_url(): string {
		return wp_nonce_url( admin_url( 'admin-post.php?action=' . self::EXIT_ACTION ), self::EXIT_ACTION );
	}

	/**
	 * Ends the session and goes back to the Safe mode tab.
	 *
	 * @return void
	 */
	public function handle_exit(): void {
		check_admin_referer( self::EXIT_ACTION );
		if ( ! $this->capabilities->can( Capabilities::SAFE_MODE ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to use safe mode.', 'triage' ), '', array( 'response' => 403 ) );
		}
		$this->sessions()->stop( get_current_user_id() );
		wp_safe_redirect( $this->tab_url() );
		exit;
	}

	/**
	 * The Safe mode tab.
	 *
	 * @return string
	 */
	private function tab_url(): string {
		$base = is_multisite() ? network_admin_url( 'settings.php?page=triage' ) : admin_url( 'tools.php?page=triage' );
		return $base . '#/safe-mode';
	}
}
