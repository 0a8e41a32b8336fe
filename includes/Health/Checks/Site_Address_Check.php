<?php
/**
 * The site address (home, siteurl, WP_HOME, WP_SITEURL) against the host in use and what it resolves to.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Site_Address;

defined( 'ABSPATH' ) || exit;

/**
 * After a migration or a domain change the site address often still names the old host: WordPress then
 * redirects visitors there, loads its scripts from there and sends its own requests there. Compares each
 * configured address with the host the administrator reached this server on and resolves it from here.
 */
final class Site_Address_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'site_address';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return Check_Result::LAYER_WORDPRESS;
	}

	/**
	 * {@inheritDoc}
	 *
	 * Slow because it asks DNS, which can take seconds when a resolver is unreachable.
	 */
	public function is_slow(): bool {
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$address    = new Site_Address( $context->runtime() );
		$configured = $address->configured();
		$current    = $address->current();
		$evidence   = array();
		foreach ( $configured as $entry ) {
			$evidence[] = Check_Result::evidence(
				'' !== $entry['constant']
					/* translators: 1: option name (home or siteurl), 2: constant name. */
					? sprintf( __( '%1$s (set by %2$s in wp-config.php)', 'triage' ), $entry['name'], $entry['constant'] )
					/* translators: %s: option name (home or siteurl). */
					: sprintf( __( '%s (option)', 'triage' ), $entry['name'] ),
				'' !== $entry['url'] ? $entry['url'] : __( 'empty', 'triage' )
			);
		}
		$evidence[] = Check_Result::evidence(
			__( 'Host you are using now', 'triage' ),
			null !== $current ? $current['host'] . ( null !== $current['port'] ? ':' . $current['port'] : '' ) : __( 'unknown (no Host header on this request)', 'triage' )
		);

		$unresolved = array();
		$hosts      = array_unique( array_filter( array_map( array( Site_Address::class, 'host' ), wp_list_pluck( $configured, 'url' ) ) ) );
		// The host in use too: once the address is corrected, this server's own requests go there.
		$in_use_unresolved = false;
		if ( null !== $current && ! in_array( $current['host'], $hosts, true ) ) {
			$hosts[] = $current['host'];
		}
		foreach ( $hosts as $host ) {
			$ips = $address->resolve( $host );
			if ( ! $ips ) {
				if ( null !== $current && $host === $current['host'] ) {
					$in_use_unresolved = true;
				}
				$unresolved[] = $host;
				$value        = __( 'does not resolve from this server', 'triage' );
			} else {
				$local = array_filter( $ips, array( $address, 'is_local' ) );
				$value = implode( ', ', array_slice( $ips, 0, 4 ) ) . ' — ' . ( $local ? __( 'this server', 'triage' ) : __( 'not this server (a CDN or proxy, or another machine)', 'triage' ) );
			}
			/* translators: %s: host name. */
			$evidence[] = Check_Result::evidence( sprintf( __( '%s resolves to', 'triage' ), $host ), $value );
		}

		$wrong = array();
		foreach ( $configured as $entry ) {
			$host = Site_Address::host( $entry['url'] );
			// www. and the bare domain count as one site: WordPress redirects between them itself.
			if ( '' === $host || in_array( $host, $unresolved, true ) || ( null !== $current && ! Site_Address::same_site( $host, $current['host'] ) ) ) {
				$wrong[] = $entry;
			}
		}
		if ( ! $wrong ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'The site address matches the host in use and resolves from this server', 'triage' ), $evidence );
		}

		$why      = __( 'WordPress builds every link, redirect and script URL, and its own requests (wp-cron, loopbacks, the REST API), from the site address. When it names a host that does not resolve or is not this site, visitors are redirected to a dead address, pages load without their styles and scripts, and the server\'s requests to itself fail.', 'triage' );
		$mismatch = null !== $current && array_filter(
			$wrong,
			static function ( $entry ) use ( $current ) {
				return ! Site_Address::same_site( Site_Address::host( $entry['url'] ), $current['host'] );
			}
		);
		if ( ! $mismatch ) {
			// The admin uses the configured host; only this server cannot resolve it.
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: %s: host names. */
				sprintf( __( 'This server cannot resolve its own site address: %s', 'triage' ), implode( ', ', $unresolved ) ),
				$evidence,
				$why,
				/* translators: %s: host name. */
				sprintf( __( 'Make %1$s resolve from this server: fix its DNS record, or add a line "127.0.0.1 %1$s" to this server\'s /etc/hosts so its own requests reach it.', 'triage' ), implode( ' ', $unresolved ) )
			);
		}

		$origin = $address->current_origin();
		$fixes  = array();
		foreach ( $wrong as $entry ) {
			$path  = (string) wp_parse_url( $entry['url'], PHP_URL_PATH );
			$value = untrailingslashit( ( null !== $origin ? $origin : 'https://example.com' ) . $path );
			if ( '' !== $entry['constant'] ) {
				$fixes[] = sprintf(
					/* translators: 1: constant name, 2: new URL. */
					__( 'In wp-config.php change the constant %1$s to define( \'%1$s\', \'%2$s\' ); (WP-CLI: wp config set %1$s \'%2$s\').', 'triage' ),
					$entry['constant'],
					$value
				);
			} else {
				$fixes[] = sprintf(
					/* translators: 1: option name, 2: new URL, 3: the WP-CLI command. */
					__( 'Change the %1$s option to %2$s: %3$s', 'triage' ),
					$entry['name'],
					$value,
					'wp option update ' . $entry['name'] . ' \'' . $value . '\'' . ( is_multisite() ? ' --url=' . $entry['url'] : '' )
				);
			}
		}
		if ( $in_use_unresolved ) {
			$fixes[] = sprintf(
				/* translators: %s: host name. */
				__( 'This server cannot resolve %1$s itself yet: add a line "127.0.0.1 %1$s" to its /etc/hosts (or fix the DNS), or its own requests (wp-cron, loopbacks) will fail after the change.', 'triage' ),
				$current['host']
			);
		}
		$fixes[] = __( 'Or, if the configured address is the right one, point its DNS at this server and use it. After the change, replace the old address in the content too: wp search-replace \'<old URL>\' \'<new URL>\' --dry-run first.', 'triage' );

		$first = $wrong[0];
		$using = $current['host'];
		$title = in_array( Site_Address::host( $first['url'] ), $unresolved, true )
			/* translators: 1: option or constant name, 2: host name, 3: host in use. */
			? sprintf( __( 'The site address (%1$s) points to %2$s, which does not resolve; you are using %3$s', 'triage' ), '' !== $first['constant'] ? $first['constant'] : $first['name'], Site_Address::host( $first['url'] ), $using )
			/* translators: 1: option or constant name, 2: host name, 3: host in use. */
			: sprintf( __( 'The site address (%1$s) points to %2$s, not to %3$s that you are using', 'triage' ), '' !== $first['constant'] ? $first['constant'] : $first['name'], Site_Address::host( $first['url'] ), $using );

		return Check_Result::measured( $this, Check_Result::CRITICAL, $title, $evidence, $why, implode( ' ', $fixes ) );
	}
}
