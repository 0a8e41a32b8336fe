<?php
/**
 * Active plugins and theme, with versions and recent updates.
 *
 * @package Triage
 */

namespace Triage\Report;

use Triage\Bisect\Suspects;

defined( 'ABSPATH' ) || exit;

/**
 * What code runs on the site: active plugins (network-wide ones marked), must-use plugins, drop-ins and
 * the theme with its parent, each with its version, when Triage saw it updated and the update WordPress
 * offers. Only headers and options are read; nothing is loaded or asked of wordpress.org.
 */
final class Plugin_Inventory {

	/** Updates newer than this many seconds count as recent. */
	public const RECENT = 14 * DAY_IN_SECONDS;

	/**
	 * Current time.
	 *
	 * @var int
	 */
	private $now;

	/**
	 * Takes the time to measure "recent" from.
	 *
	 * @param int $now Unix time.
	 */
	public function __construct( int $now ) {
		$this->now = $now;
	}

	/**
	 * The inventory.
	 *
	 * @return array{active: array<int, array<string, mixed>>, inactive_count: int, mu_plugins: array<int, array<string, mixed>>, dropins: array<int, string>, theme: array<string, mixed>, recent_updates: array<int, array<string, mixed>>}
	 */
	public function read(): array {
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$all      = get_plugins();
		$site     = (array) get_option( 'active_plugins', array() );
		$network  = is_multisite() ? array_keys( (array) get_site_option( 'active_sitewide_plugins', array() ) ) : array();
		$updated  = get_option( Suspects::UPDATES_OPTION );
		$updated  = is_array( $updated ) ? $updated : array();
		$offered  = get_site_transient( 'update_plugins' );
		$offered  = is_object( $offered ) && isset( $offered->response ) && is_array( $offered->response ) ? $offered->response : array();
		$active   = array();
		$recent   = array();
		$included = array();
		foreach ( array_merge( $network, $site ) as $file ) {
			$file = (string) $file;
			if ( isset( $included[ $file ] ) ) {
				continue;
			}
			$included[ $file ] = true;
			$data              = $all[ $file ] ?? null;
			$updated_at        = isset( $updated[ $file ] ) ? (int) $updated[ $file ] : null;
			$active[]          = array(
				'file'             => $file,
				'name'             => null === $data ? $file : (string) $data['Name'],
				'version'          => null === $data ? '' : (string) $data['Version'],
				'network'          => in_array( $file, $network, true ),
				'missing'          => null === $data,
				'updated_at'       => $updated_at,
				'update_available' => isset( $offered[ $file ]->new_version ) ? (string) $offered[ $file ]->new_version : null,
			);
		}
		foreach ( $updated as $file => $time ) {
			if ( $this->now - (int) $time <= self::RECENT ) {
				$recent[] = array(
					'file'       => (string) $file,
					'name'       => isset( $all[ $file ] ) ? (string) $all[ $file ]['Name'] : (string) $file,
					'version'    => isset( $all[ $file ] ) ? (string) $all[ $file ]['Version'] : '',
					'updated_at' => (int) $time,
				);
			}
		}
		usort(
			$active,
			static function ( array $a, array $b ): int {
				return strcasecmp( $a['name'], $b['name'] );
			}
		);

		$mu = array();
		foreach ( get_mu_plugins() as $file => $data ) {
			$mu[] = array(
				'file'    => (string) $file,
				'name'    => (string) $data['Name'],
				'version' => (string) $data['Version'],
			);
		}

		return array(
			'active'         => $active,
			'inactive_count' => max( 0, count( $all ) - count( array_intersect( array_keys( $all ), array_keys( $included ) ) ) ),
			'mu_plugins'     => $mu,
			'dropins'        => array_map( 'strval', array_keys( get_dropins() ) ),
			'theme'          => $this->theme(),
			'recent_updates' => $recent,
		);
	}

	/**
	 * Names by attribution type and slug, as the Logs tab names them.
	 *
	 * @return array<string, array<string, string>>
	 */
	public static function names(): array {
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$names = array(
			'plugin'    => array(),
			'mu-plugin' => array(),
			'theme'     => array(),
			'core'      => array( 'wordpress' => 'WordPress' ),
		);
		foreach ( get_plugins() as $file => $data ) {
			$slug                     = false === strpos( $file, '/' ) ? (string) preg_replace( '/\.php$/', '', $file ) : dirname( $file );
			$names['plugin'][ $slug ] = (string) $data['Name'];
		}
		foreach ( get_mu_plugins() as $file => $data ) {
			$names['mu-plugin'][ (string) preg_replace( '/\.php$/', '', $file ) ] = (string) $data['Name'];
		}
		$theme = wp_get_theme();
		$names['theme'][ (string) $theme->get_stylesheet() ] = (string) $theme->get( 'Name' );
		if ( $theme->parent() ) {
			$names['theme'][ (string) $theme->get_template() ] = (string) $theme->parent()->get( 'Name' );
		}
		return $names;
	}

	/**
	 * The active theme and its parent.
	 *
	 * @return array{name: string, version: string, stylesheet: string, parent: array{name: string, version: string, template: string}|null, errors: string}
	 */
	private function theme(): array {
		$theme  = wp_get_theme();
		$parent = $theme->parent();
		$errors = $theme->errors();
		return array(
			'name'       => (string) $theme->get( 'Name' ),
			'version'    => (string) $theme->get( 'Version' ),
			'stylesheet' => (string) $theme->get_stylesheet(),
			'parent'     => $parent ? array(
				'name'     => (string) $parent->get( 'Name' ),
				'version'  => (string) $parent->get( 'Version' ),
				'template' => (string) $parent->get_stylesheet(),
			) : null,
			'errors'     => is_wp_error( $errors ) ? $errors->get_error_message() : '',
		);
	}
}
