<?php
/**
 * The site's configured addresses, the address the administrator is using now, and what they resolve to.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Reads home and siteurl (and WP_HOME / WP_SITEURL when defined), the host of the current request, and
 * resolves host names through the Runtime seam so tests can stand in for DNS. Also rebases URLs on the
 * current origin, so Triage's own page keeps working while the configured address points elsewhere.
 */
final class Site_Address {

	/**
	 * PHP seam.
	 *
	 * @var Runtime
	 */
	private $runtime;

	/**
	 * Takes the runtime.
	 *
	 * @param Runtime $runtime PHP seam.
	 */
	public function __construct( Runtime $runtime ) {
		$this->runtime = $runtime;
	}

	/**
	 * The configured addresses: name (home, siteurl), URL, and where it comes from (the option, or the
	 * constant that overrides it).
	 *
	 * @return array<int, array{name: string, url: string, constant: string}>
	 */
	public function configured(): array {
		$addresses = array();
		foreach ( array(
			'home'    => 'WP_HOME',
			'siteurl' => 'WP_SITEURL',
		) as $name => $constant ) {
			// Through the seam (overridable as "defined" and "constant"): tests cannot undefine a constant.
			$value       = true === $this->runtime->call( 'defined', $constant ) ? $this->runtime->call( 'constant', $constant ) : null;
			$defined     = is_string( $value ) && '' !== $value;
			$addresses[] = array(
				'name'     => $name,
				'url'      => $defined ? $value : (string) get_option( $name ),
				'constant' => $defined ? $constant : '',
			);
		}
		return $addresses;
	}

	/**
	 * The host (and port, when not the scheme's default) the current request came in on, from the Host
	 * header; null when there is none or it is not a plain host name or address.
	 *
	 * @return array{host: string, port: int|null, scheme: string}|null
	 */
	public function current(): ?array {
		$server = $this->runtime->server_vars();
		$header = isset( $server['HTTP_HOST'] ) ? strtolower( trim( (string) $server['HTTP_HOST'] ) ) : '';
		// Behind a reverse proxy the browser's host is in X-Forwarded-Host (the first hop's value).
		$forwarded = isset( $server['HTTP_X_FORWARDED_HOST'] ) ? strtolower( trim( explode( ',', (string) $server['HTTP_X_FORWARDED_HOST'] )[0] ) ) : '';
		if ( '' !== $forwarded ) {
			$header = $forwarded;
		}
		// A Host header is the client's word: accept only a host name, an IPv4 or a bracketed IPv6 address, and a port.
		if ( ! preg_match( '/^(?<host>[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\])(?::(?<port>\d{1,5}))?$/', $header, $match ) ) {
			return null;
		}
		$proto  = isset( $server['HTTP_X_FORWARDED_PROTO'] ) ? strtolower( trim( explode( ',', (string) $server['HTTP_X_FORWARDED_PROTO'] )[0] ) ) : '';
		$https  = '' !== $proto && '' !== $forwarded ? 'https' === $proto : (
			( isset( $server['HTTPS'] ) && 'off' !== strtolower( (string) $server['HTTPS'] ) && '' !== (string) $server['HTTPS'] )
			|| ( isset( $server['SERVER_PORT'] ) && '443' === (string) $server['SERVER_PORT'] )
		);
		$scheme = $https ? 'https' : 'http';
		$port   = ! empty( $match['port'] ) ? (int) $match['port'] : null;
		if ( null !== $port && ( ( 'https' === $scheme && 443 === $port ) || ( 'http' === $scheme && 80 === $port ) ) ) {
			$port = null;
		}
		return array(
			'host'   => $match['host'],
			'port'   => $port,
			'scheme' => $scheme,
		);
	}

	/**
	 * The current request's origin (scheme://host[:port]), or null.
	 *
	 * @return string|null
	 */
	public function current_origin(): ?string {
		$current = $this->current();
		return null === $current ? null : $current['scheme'] . '://' . $current['host'] . ( null !== $current['port'] ? ':' . $current['port'] : '' );
	}

	/**
	 * A URL's origin (scheme://host[:port], lowercase), or null when it has no host.
	 *
	 * @param string $url URL.
	 * @return string|null
	 */
	public static function origin( string $url ): ?string {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) ) {
			return null;
		}
		$scheme = isset( $parts['scheme'] ) ? strtolower( $parts['scheme'] ) : 'http';
		return $scheme . '://' . strtolower( $parts['host'] ) . ( isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '' );
	}

	/**
	 * Whether two host names are the same site: equal, or one is the other with "www." in front.
	 *
	 * @param string $a Host.
	 * @param string $b Host.
	 * @return bool
	 */
	public static function same_site( string $a, string $b ): bool {
		return $a === $b || 'www.' . $a === $b || 'www.' . $b === $a;
	}

	/**
	 * A URL's host name, lowercase ('' when none).
	 *
	 * @param string $url URL.
	 * @return string
	 */
	public static function host( string $url ): string {
		$host = wp_parse_url( $url, PHP_URL_HOST );
		return is_string( $host ) ? strtolower( $host ) : '';
	}

	/**
	 * A URL moved onto another origin when it starts with one of the given origins; unchanged otherwise.
	 *
	 * @param string   $url  URL.
	 * @param string   $to   Origin to move it to.
	 * @param string[] $from Origins it may start with.
	 * @return string
	 */
	public static function rebase( string $url, string $to, array $from ): string {
		foreach ( $from as $origin ) {
			if ( '' !== $origin && $origin !== $to && 0 === stripos( $url, $origin ) && in_array( substr( $url, strlen( $origin ), 1 ), array( '', '/', '?', '#' ), true ) ) {
				return $to . substr( $url, strlen( $origin ) );
			}
		}
		return $url;
	}

	/**
	 * The addresses a host name resolves to from this server (IPv4 and IPv6); empty when it does not resolve.
	 *
	 * @param string $host Host name or address.
	 * @return string[]
	 */
	public function resolve( string $host ): array {
		$host = trim( $host, '[]' );
		if ( false !== filter_var( $host, FILTER_VALIDATE_IP ) ) {
			return array( $host );
		}
		$found = array();
		$v4    = $this->runtime->call( 'gethostbynamel', $host );
		if ( is_array( $v4 ) ) {
			$found = $v4;
		}
		if ( ! $found ) {
			// Only when IPv4 gave nothing: one more lookup, not two per run.
			$records = $this->runtime->call( 'dns_get_record', $host, DNS_AAAA );
			foreach ( is_array( $records ) ? $records : array() as $record ) {
				if ( is_array( $record ) && isset( $record['ipv6'] ) ) {
					$found[] = (string) $record['ipv6'];
				}
			}
		}
		return array_values( array_unique( array_map( 'strval', $found ) ) );
	}

	/**
	 * Whether an address belongs to this machine: loopback, the address the request came in on, or one
	 * the machine's own name resolves to.
	 *
	 * @param string $address IP address.
	 * @return bool
	 */
	public function is_local( string $address ): bool {
		if ( '::1' === $address || 0 === strpos( $address, '127.' ) ) {
			return true;
		}
		return in_array( $address, $this->own_addresses(), true );
	}

	/**
	 * This machine's addresses as far as PHP can tell without shelling out.
	 *
	 * @return string[]
	 */
	public function own_addresses(): array {
		$server = $this->runtime->server_vars();
		$own    = array();
		if ( isset( $server['SERVER_ADDR'] ) && false !== filter_var( (string) $server['SERVER_ADDR'], FILTER_VALIDATE_IP ) ) {
			$own[] = (string) $server['SERVER_ADDR'];
		}
		$name = $this->runtime->call( 'gethostname' );
		if ( is_string( $name ) && '' !== $name ) {
			$by_name = $this->runtime->call( 'gethostbynamel', $name );
			$own     = array_merge( $own, is_array( $by_name ) ? array_map( 'strval', $by_name ) : array() );
		}
		return array_values( array_unique( $own ) );
	}
}
