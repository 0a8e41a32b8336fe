<?php
/**
 * Starts, changes and ends one administrator's safe mode session.
 *
 * @package Triage
 */

namespace Triage\Safe_Mode;

use Triage\Capabilities;
use Triage\Files\File_Mods;
use Triage_Safe_Mode_Loader;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * A session lives only in the admin's browser: a cookie signed by the must-use loader's codec, so the
 * loader can verify it before plugins load. Nothing about a session is stored on the server, and the
 * site's active_plugins option is never written.
 *
 * @phpstan-import-type Session from Triage_Safe_Mode_Loader
 */
final class Safe_Mode_Sessions {

	public const DEFAULT_EXPIRY = 3600;
	public const MIN_EXPIRY     = 300;
	public const MAX_EXPIRY     = 86400;

	/**
	 * Loader installer.
	 *
	 * @var Loader_Installer
	 */
	private $installer;

	/**
	 * Rescue links.
	 *
	 * @var Rescue_Links
	 */
	private $rescue;

	/**
	 * Sends the cookie: ( string $value, int $expires ). Tests replace it.
	 *
	 * @var callable
	 */
	private $send_cookie;

	/**
	 * Capability policy: its safe mode capability is signed into each session for the loader to check.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Takes its collaborators.
	 *
	 * @param Loader_Installer  $installer    Installer.
	 * @param Rescue_Links      $rescue       Rescue links.
	 * @param callable|null     $send_cookie  Cookie sender; defaults to the loader's.
	 * @param Capabilities|null $capabilities Capability policy; a new one by default.
	 */
	public function __construct( Loader_Installer $installer, Rescue_Links $rescue, ?callable $send_cookie = null, ?Capabilities $capabilities = null ) {
		self::load_codec();
		$this->installer    = $installer;
		$this->rescue       = $rescue;
		$this->send_cookie  = null !== $send_cookie ? $send_cookie : array( Triage_Safe_Mode_Loader::class, 'send_cookie' );
		$this->capabilities = $capabilities ?? new Capabilities();
	}

	/**
	 * Makes the loader's class available (it is already loaded when the must-use copy is installed).
	 *
	 * @return void
	 */
	public static function load_codec(): void {
		if ( ! class_exists( 'Triage_Safe_Mode_Loader', false ) ) {
			require_once TRIAGE_DIR . '/mu-plugin/triage-loader.php';
		}
	}

	/**
	 * The user's session in this browser, or null.
	 *
	 * @param int $user_id User.
	 * @return array|null
	 * @phpstan-return Session|null
	 */
	public function session_for( int $user_id ) {
		if ( $user_id < 1 || ! isset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] ) || ! is_string( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] ) ) {
			return null;
		}
		$session = Triage_Safe_Mode_Loader::decode( wp_unslash( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] ), time() ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- verified by HMAC.
		return null !== $session && $session['u'] === $user_id ? $session : null;
	}

	/**
	 * Everything the Safe mode tab shows.
	 *
	 * @param int              $user_id User.
	 * @param array|false|null $session Session to describe; false (the default) for the browser's, null for none.
	 * @return array<string, mixed> Shape: REST/schemas/safe-mode/safe-mode-state.json.
	 * @phpstan-param Session|false|null $session
	 */
	public function state( int $user_id, $session = false ): array {
		if ( false === $session ) {
			$session = $this->session_for( $user_id );
		}
		$plugins = array();
		$kept    = 0;
		foreach ( $this->active_plugins() as $file => $info ) {
			$on        = null === $session || Triage_Safe_Mode_Loader::allows( $file, $session, $this->self() );
			$kept     += $on ? 1 : 0;
			$plugins[] = array(
				'file'    => $file,
				'name'    => $info['name'],
				'network' => $info['network'],
				'kept'    => $on,
				'self'    => $file === $this->self(),
			);
		}
		return array(
			'active'            => null !== $session,
			'expires_at'        => null !== $session ? $session['e'] : null,
			'use_default_theme' => null !== $session && 1 === $session['t'],
			// What the loader loads instead of the active theme: never the active theme or its parent.
			'default_theme'     => Triage_Safe_Mode_Loader::stand_in_theme( get_theme_root(), (string) get_option( 'stylesheet' ), (string) get_option( 'template' ), TRIAGE_DIR . '/themes' ),
			'kept'              => $kept,
			'total'             => count( $plugins ),
			'plugins'           => $plugins,
			'loader'            => $this->installer->status(),
			'rescue'            => $this->rescue->status(),
			'rescue_url'        => null,
			'dry_run'           => false,
		);
	}

	/**
	 * Plugins kept on and active plugins in a session, cheaply (no plugin headers read, no query), for the
	 * admin-bar indicator shown on every screen.
	 *
	 * @param array $session Session.
	 * @return array{kept: int, total: int}
	 * @phpstan-param Session $session
	 */
	public function counts( array $session ): array {
		$current = Triage_Safe_Mode_Loader::current();
		$site    = null !== $current ? $current->real_plugins() : (array) get_option( 'active_plugins', array() );
		$network = is_multisite() ? array_keys( null !== $current ? $current->real_sitewide() : (array) get_site_option( 'active_sitewide_plugins', array() ) ) : array();
		$all     = array_unique( array_map( 'strval', array_merge( $network, $site ) ) );
		$kept    = 0;
		foreach ( $all as $file ) {
			$kept += Triage_Safe_Mode_Loader::allows( $file, $session, $this->self() ) ? 1 : 0;
		}
		return array(
			'kept'  => $kept,
			'total' => count( $all ),
		);
	}

	/**
	 * Starts (or replaces) the user's session.
	 *
	 * @param int                     $user_id    User.
	 * @param array<int, string>      $keep       Plugins to keep on.
	 * @param bool                    $theme      Use a default theme.
	 * @param int                     $expires_in Seconds.
	 * @param bool                    $dry_run    Validate only.
	 * @param array<int, string>|null $for_triage Guided bisection: the only plugins Triage's own screens load.
	 * @return array<string, mixed>|WP_Error State.
	 */
	public function start( int $user_id, array $keep, bool $theme, int $expires_in, bool $dry_run, ?array $for_triage = null ) {
		$active  = $this->active_plugins();
		$unknown = array_diff( $keep, array_keys( $active ) );
		if ( array() !== $unknown ) {
			return new WP_Error( 'triage_safe_mode_unknown_plugin', __( 'Only active plugins can be kept on in safe mode.', 'triage' ), array( 'status' => 400 ) );
		}
		$session = array(
			'u' => $user_id,
			'e' => time() + max( self::MIN_EXPIRY, min( self::MAX_EXPIRY, $expires_in ) ),
			'k' => array_values( array_unique( $keep ) ),
			't' => $theme ? 1 : 0,
			'm' => $for_triage,
		);
		return $this->save( $user_id, $session, $dry_run );
	}

	/**
	 * Turns one plugin on or off inside the running session.
	 *
	 * @param int    $user_id User.
	 * @param string $plugin  Plugin basename.
	 * @param bool   $on      Keep it on.
	 * @param bool   $dry_run Validate only.
	 * @return array<string, mixed>|WP_Error State.
	 */
	public function toggle( int $user_id, string $plugin, bool $on, bool $dry_run ) {
		$session = $this->session_for( $user_id );
		if ( null === $session ) {
			if ( $dry_run ) {
				// A preview without a session: there is nothing to toggle, and nothing changes.
				$result            = $this->state( $user_id );
				$result['dry_run'] = true;
				return $result;
			}
			return new WP_Error( 'triage_safe_mode_not_active', __( 'Safe mode is not on in this browser. Start a session first.', 'triage' ), array( 'status' => 409 ) );
		}
		$active = $this->active_plugins();
		if ( ! isset( $active[ $plugin ] ) ) {
			return new WP_Error( 'triage_safe_mode_unknown_plugin', __( 'That plugin is not active on this site.', 'triage' ), array( 'status' => 400 ) );
		}
		$keep = array();
		foreach ( array_keys( $active ) as $file ) {
			if ( $file === $plugin ? $on : Triage_Safe_Mode_Loader::allows( $file, $session, $this->self() ) ) {
				$keep[] = $file;
			}
		}
		$session['k'] = $keep;
		$session['o'] = null;
		return $this->save( $user_id, $session, $dry_run );
	}

	/**
	 * Ends the session in this browser.
	 *
	 * @param int $user_id User.
	 * @return array<string, mixed> State.
	 */
	public function stop( int $user_id ): array {
		call_user_func( $this->send_cookie, '', 1 );
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
		return $this->state( $user_id, null );
	}

	/**
	 * Signs and sends a session.
	 *
	 * @param int                  $user_id User.
	 * @param array<string, mixed> $session Session (normalized here).
	 * @param bool                 $dry_run Validate only.
	 * @return array<string, mixed>|WP_Error State.
	 */
	private function save( int $user_id, array $session, bool $dry_run ) {
		// The loader runs before plugins, so it cannot ask Capabilities: it checks the one signed here.
		$session['c'] = $this->capabilities->capability( Capabilities::SAFE_MODE );
		$session      = Triage_Safe_Mode_Loader::normalize( $session );
		$value        = Triage_Safe_Mode_Loader::encode( $session );
		if ( '' === $value ) {
			return new WP_Error( 'triage_safe_mode_no_secret', __( 'Safe mode could not store its signing secret in the database, so it cannot start a session. Check that the database accepts writes, then try again.', 'triage' ), array( 'status' => 500 ) );
		}
		if ( strlen( $value ) > Triage_Safe_Mode_Loader::MAX_COOKIE_BYTES ) {
			// Long lists of plugins to keep: name the ones that are off instead.
			$off = array();
			foreach ( array_keys( $this->active_plugins() ) as $file ) {
				if ( ! Triage_Safe_Mode_Loader::allows( $file, $session, $this->self() ) ) {
					$off[] = $file;
				}
			}
			$session['k'] = null;
			$session['o'] = $off;
			$session      = Triage_Safe_Mode_Loader::normalize( $session );
			$value        = Triage_Safe_Mode_Loader::encode( $session );
			if ( strlen( $value ) > Triage_Safe_Mode_Loader::MAX_COOKIE_BYTES ) {
				return new WP_Error( 'triage_safe_mode_too_many_plugins', __( 'This choice of plugins is too long to fit in a browser cookie. Keep fewer plugins on, or turn fewer off.', 'triage' ), array( 'status' => 400 ) );
			}
		}
		$loader = $this->installer->status();
		if ( ! $loader['installed'] && ! $dry_run ) {
			// On a site that forbids installing code, that is the reason it is missing.
			$refused = File_Mods::refusal( File_Mods::LOADER, $loader['manual'] );
			return null !== $refused ? $refused : new WP_Error( 'triage_loader_missing', __( 'Safe mode needs its must-use loader, which is not installed.', 'triage' ) . ' ' . $loader['manual'], array( 'status' => 409 ) );
		}
		if ( ! $dry_run ) {
			call_user_func( $this->send_cookie, $value, $session['e'] );
			$_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] = $value;
		}
		$result            = $this->state( $user_id, $session );
		$result['dry_run'] = $dry_run;
		return $result;
	}

	/**
	 * Active plugins (real, not filtered by a session), network ones first: basename => name, network.
	 *
	 * @return array<string, array{name: string, network: bool}>
	 */
	public function active_plugins(): array {
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$current  = Triage_Safe_Mode_Loader::current();
		$site     = null !== $current ? $current->real_plugins() : (array) get_option( 'active_plugins', array() );
		$network  = array();
		$all      = get_plugins();
		$plugins  = array();
		$sitewide = is_multisite() ? ( null !== $current ? $current->real_sitewide() : (array) get_site_option( 'active_sitewide_plugins', array() ) ) : array();
		foreach ( array_keys( $sitewide ) as $file ) {
			$network[ (string) $file ] = true;
		}
		foreach ( array_merge( array_keys( $network ), $site ) as $file ) {
			$file = (string) $file;
			if ( isset( $plugins[ $file ] ) || ! isset( $all[ $file ] ) ) {
				continue;
			}
			$plugins[ $file ] = array(
				'name'    => '' !== $all[ $file ]['Name'] ? wp_strip_all_tags( $all[ $file ]['Name'] ) : $file,
				'network' => isset( $network[ $file ] ),
			);
		}
		return $plugins;
	}

	/**
	 * Triage's basename.
	 *
	 * @return string
	 */
	private function self(): string {
		return plugin_basename( TRIAGE_FILE );
	}
}
