<?php
/**
 * Values shared by the server configs: durations and listening addresses.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Pure helpers: nginx, PHP-FPM and Apache write durations and sockets in their own ways; these compare them.
 */
final class Config_Values {

	/**
	 * Time values of nginx, PHP-FPM and Apache ("60", "60s", "2m", "1h", "500ms") in whole seconds; null when malformed.
	 *
	 * @param string $value Value.
	 * @return int|null
	 */
	public static function seconds( string $value ): ?int {
		if ( ! preg_match( '/^(\d+)\s*(ms|s|m|h|d)?$/i', trim( $value ), $match ) ) {
			return null;
		}
		$factors = array(
			'ms' => 0.001,
			's'  => 1,
			'm'  => 60,
			'h'  => 3600,
			'd'  => 86400,
			''   => 1,
		);
		$unit    = strtolower( isset( $match[2] ) ? $match[2] : '' );
		return (int) ceil( (int) $match[1] * $factors[ $unit ] );
	}

	/**
	 * A listening or connecting address in one form: "unix:/path" or "host:port" (host '*' for any).
	 *
	 * @param string $address As written: /run/x.sock, unix:/run/x.sock, 9000, 127.0.0.1:9000, [::]:9000, localhost:9000.
	 * @return string
	 */
	public static function socket( string $address ): string {
		$address = trim( $address, " \t\"'" );
		if ( 0 === strpos( $address, 'unix:' ) ) {
			return 'unix:' . substr( $address, 5 );
		}
		if ( '' !== $address && '/' === $address[0] ) {
			return 'unix:' . $address;
		}
		if ( ctype_digit( $address ) ) {
			return '*:' . $address;
		}
		$colon = strrpos( $address, ':' );
		if ( false === $colon ) {
			return strtolower( $address );
		}
		$host = strtolower( trim( substr( $address, 0, $colon ), '[]' ) );
		$port = substr( $address, $colon + 1 );
		if ( in_array( $host, array( '', '*', '0.0.0.0', '::' ), true ) ) {
			$host = '*';
		} elseif ( in_array( $host, array( 'localhost', '127.0.0.1', '::1' ), true ) ) {
			$host = 'localhost';
		}
		return $host . ':' . $port;
	}

	/**
	 * Whether a client connecting to $target reaches a server listening on $listen.
	 *
	 * @param string $target fastcgi_pass, proxy target.
	 * @param string $listen A pool's listen.
	 * @return bool
	 */
	public static function same_socket( string $target, string $listen ): bool {
		$target = self::socket( $target );
		$listen = self::socket( $listen );
		if ( $target === $listen ) {
			return true;
		}
		if ( 0 === strpos( $target, 'unix:' ) || 0 === strpos( $listen, 'unix:' ) ) {
			return false;
		}
		$target_port = substr( (string) strrchr( $target, ':' ), 1 );
		$listen_port = substr( (string) strrchr( $listen, ':' ), 1 );
		return $target_port === $listen_port && 0 === strpos( $listen, '*:' );
	}
}
