<?php
/**
 * What a parsed nginx config says about its server blocks and logs.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Walks the directive tree: the main and http error logs, each server block with its effective values
 * (fastcgi_read_timeout inherited http → server → location with nginx's 60 s default, the error log that
 * applies to it), and which block serves a given site.
 */
final class Nginx_Site {

	/** The fastcgi_read_timeout and proxy_read_timeout when the directive is absent. */
	public const DEFAULT_READ_TIMEOUT = 60;

	/**
	 * Main and http level facts, and every server block.
	 *
	 * @param array<int, array<string, mixed>> $tree   Directives from Nginx_Config.
	 * @param string                           $prefix nginx prefix (-p), for relative paths.
	 * @return array{main_error_log: array<int, array{path: string, file: string, line: int}>, http_error_log: array<int, array{path: string, file: string, line: int}>, http_access_log: array<int, array{path: string, file: string, line: int}>, servers: array<int, array<string, mixed>>}
	 */
	public static function analyse( array $tree, string $prefix ): array {
		$result    = array(
			'main_error_log'  => self::logs( $tree, 'error_log', $prefix ),
			'http_error_log'  => array(),
			'http_access_log' => array(),
			'servers'         => array(),
		);
		$upstreams = array();
		foreach ( $tree as $directive ) {
			if ( 'http' !== $directive['name'] || ! is_array( $directive['block'] ) ) {
				continue;
			}
			$http                      = $directive['block'];
			$result['http_error_log']  = self::logs( $http, 'error_log', $prefix );
			$result['http_access_log'] = self::logs( $http, 'access_log', $prefix );
			foreach ( $http as $child ) {
				if ( 'upstream' === $child['name'] && isset( $child['args'][0] ) && is_array( $child['block'] ) ) {
					foreach ( $child['block'] as $server ) {
						if ( 'server' === $server['name'] && isset( $server['args'][0] ) ) {
							$upstreams[ $child['args'][0] ] = $server['args'][0];
							break;
						}
					}
				}
			}
			$inherited = array(
				'fastcgi_read_timeout' => self::seconds_of( $http, 'fastcgi_read_timeout' ),
				'proxy_read_timeout'   => self::seconds_of( $http, 'proxy_read_timeout' ),
				'root'                 => self::value( $http, 'root' ),
			);
			foreach ( $http as $child ) {
				if ( 'server' === $child['name'] && is_array( $child['block'] ) ) {
					$result['servers'][] = self::server( $child, $inherited, $prefix, $upstreams );
				}
			}
		}//end foreach
		return $result;
	}

	/**
	 * One server block's effective values.
	 *
	 * @param array<string, mixed>  $directive The server directive.
	 * @param array<string, mixed>  $inherited Values from http.
	 * @param string                $prefix    nginx prefix.
	 * @param array<string, string> $upstreams Upstream name => first server.
	 * @return array<string, mixed>
	 */
	private static function server( array $directive, array $inherited, string $prefix, array $upstreams ): array {
		$block   = (array) $directive['block'];
		$listen  = array();
		$default = false;
		foreach ( $block as $child ) {
			if ( 'listen' === $child['name'] && isset( $child['args'][0] ) ) {
				$listen[] = $child['args'][0];
				$default  = $default || in_array( 'default_server', $child['args'], true ) || in_array( 'default', $child['args'], true );
			}
		}
		$names = array();
		foreach ( $block as $child ) {
			if ( 'server_name' === $child['name'] ) {
				$names = array_merge( $names, $child['args'] );
			}
		}
		$fastcgi = self::seconds_of( $block, 'fastcgi_read_timeout' ) ?? $inherited['fastcgi_read_timeout'];
		$proxy   = self::seconds_of( $block, 'proxy_read_timeout' ) ?? $inherited['proxy_read_timeout'];
		$root    = self::value( $block, 'root' ) ?? $inherited['root'];
		$php     = self::php_location( $block, $fastcgi, $proxy, $root );
		$pass    = $php['fastcgi_pass'];
		if ( null !== $pass && isset( $upstreams[ $pass ] ) ) {
			$pass = $upstreams[ $pass ];
		}
		$logs = self::logs( $block, 'error_log', $prefix );
		return array(
			'file'                     => (string) $directive['file'],
			'line'                     => (int) $directive['line'],
			'listen'                   => $listen ? $listen : array( '80' ),
			'default_server'           => $default,
			'server_name'              => $names,
			'root'                     => null === $php['root'] ? null : Stack_Files::absolute( $php['root'], $prefix ),
			'fastcgi_pass'             => $pass,
			'fastcgi_read_timeout'     => null === $php['fastcgi_read_timeout'] ? self::DEFAULT_READ_TIMEOUT : $php['fastcgi_read_timeout'],
			'fastcgi_read_timeout_set' => null !== $php['fastcgi_read_timeout'],
			'proxy_read_timeout'       => self::smallest( $block, 'proxy_read_timeout', $inherited['proxy_read_timeout'] ),
			'error_logs'               => $logs,
			'access_logs'              => self::logs( $block, 'access_log', $prefix ),
		);
	}

	/**
	 * The location that hands PHP to FastCGI (a `\.php` location first), with the values in force there.
	 *
	 * @param array<int, array<string, mixed>> $block   Directives of a server or location.
	 * @param int|null                         $fastcgi fastcgi_read_timeout in force.
	 * @param int|null                         $proxy   proxy_read_timeout in force.
	 * @param string|null                      $root    root in force.
	 * @return array{fastcgi_pass: ?string, fastcgi_read_timeout: ?int, proxy_read_timeout: ?int, root: ?string}
	 */
	private static function php_location( array $block, ?int $fastcgi, ?int $proxy, ?string $root ): array {
		$here  = array(
			'fastcgi_pass'         => self::value( $block, 'fastcgi_pass' ),
			'fastcgi_read_timeout' => $fastcgi,
			'proxy_read_timeout'   => $proxy,
			'root'                 => $root,
		);
		$found = null;
		foreach ( $block as $child ) {
			if ( ! in_array( $child['name'], array( 'location', 'if' ), true ) || ! is_array( $child['block'] ) ) {
				continue;
			}
			$inner = self::php_location(
				$child['block'],
				self::seconds_of( $child['block'], 'fastcgi_read_timeout' ) ?? $fastcgi,
				self::seconds_of( $child['block'], 'proxy_read_timeout' ) ?? $proxy,
				self::value( $child['block'], 'root' ) ?? $root
			);
			if ( null === $inner['fastcgi_pass'] ) {
				continue;
			}
			$is_php = false !== stripos( implode( ' ', $child['args'] ), 'php' );
			if ( null === $found || $is_php ) {
				$found = $inner;
			}
			if ( $is_php ) {
				break;
			}
		}//end foreach
		if ( null !== $found ) {
			// The site's root is the server's, even when the PHP location sets its own.
			$found['root'] = $root ?? $found['root'];
			return $found;
		}
		return $here;
	}

	/**
	 * The last value of a directive in one block (later ones win in nginx... and duplicates are errors).
	 *
	 * @param array<int, array<string, mixed>> $block Directives.
	 * @param string                           $name  Directive.
	 * @return string|null
	 */
	private static function value( array $block, string $name ): ?string {
		$value = null;
		foreach ( $block as $directive ) {
			if ( $name === $directive['name'] && isset( $directive['args'][0] ) ) {
				$value = (string) $directive['args'][0];
			}
		}
		return $value;
	}

	/**
	 * A duration directive in one block, in seconds.
	 *
	 * @param array<int, array<string, mixed>> $block Directives.
	 * @param string                           $name  Directive.
	 * @return int|null
	 */
	private static function seconds_of( array $block, string $name ): ?int {
		$value = self::value( $block, $name );
		return null === $value ? null : Config_Values::seconds( $value );
	}

	/**
	 * The smallest value of a duration set anywhere in a block or its locations (any proxied location can
	 * time out), else the inherited one.
	 *
	 * @param array<int, array<string, mixed>> $block     Directives.
	 * @param string                           $name      Directive.
	 * @param int|null                         $inherited Value in force above the block.
	 * @return int|null
	 */
	private static function smallest( array $block, string $name, ?int $inherited ): ?int {
		$found = null;
		foreach ( $block as $directive ) {
			$value = null;
			if ( $name === $directive['name'] && isset( $directive['args'][0] ) ) {
				$value = Config_Values::seconds( (string) $directive['args'][0] );
			} elseif ( is_array( $directive['block'] ) ) {
				$value = self::smallest( $directive['block'], $name, null );
			}
			if ( null !== $value && ( null === $found || $value < $found ) ) {
				$found = $value;
			}
		}
		return $found ?? $inherited;
	}

	/**
	 * The files an error_log or access_log directive of one block writes to.
	 *
	 * @param array<int, array<string, mixed>> $block  Directives.
	 * @param string                           $name   error_log or access_log.
	 * @param string                           $prefix Base for relative paths.
	 * @return array<int, array{path: string, file: string, line: int}>
	 */
	private static function logs( array $block, string $name, string $prefix ): array {
		$logs = array();
		foreach ( $block as $directive ) {
			if ( $name !== $directive['name'] || ! isset( $directive['args'][0] ) ) {
				continue;
			}
			$path = (string) $directive['args'][0];
			if ( in_array( $path, array( 'stderr', 'off' ), true ) || false !== strpos( $path, ':' ) || false !== strpos( $path, '$' ) ) {
				continue;
			}
			$logs[] = array(
				'path' => Stack_Files::absolute( $path, $prefix ),
				'file' => (string) $directive['file'],
				'line' => (int) $directive['line'],
			);
		}
		return $logs;
	}

	/**
	 * How well a server block matches the site: root = ABSPATH, port, name; higher is better, below 0 never.
	 *
	 * @param array<string, mixed> $server Server block from analyse().
	 * @param string               $host   Site host.
	 * @param int                  $port   Site port.
	 * @param string               $root   Real ABSPATH without trailing slash.
	 * @return int
	 */
	public static function score( array $server, string $host, int $port, string $root ): int {
		$score = 0;
		$ports = array();
		foreach ( (array) $server['listen'] as $listen ) {
			$socket = Config_Values::socket( (string) $listen );
			if ( 0 !== strpos( $socket, 'unix:' ) ) {
				$ports[] = (int) substr( (string) strrchr( ':' . $socket, ':' ), 1 );
			}
		}
		if ( $ports ) {
			$score += in_array( $port, $ports, true ) ? 4 : -10;
		}
		// The same document root is decisive: a proxy in front may change the port and the name. WordPress
		// in a folder of the root (its own directory, Bedrock's web/wp) counts too, less.
		if ( null !== $server['root'] && '' !== $root ) {
			$roots = array_unique( array_filter( array( rtrim( (string) $server['root'], '/' ), isset( $server['root_real'] ) ? rtrim( (string) $server['root_real'], '/' ) : '' ) ) );
			$same  = in_array( $root, $roots, true );
			$under = false;
			foreach ( $roots as $candidate ) {
				$under = $under || 0 === strpos( $root, $candidate . '/' );
			}
			$score += $same ? 25 : ( $under ? 15 : -3 );
		}
		$host = strtolower( $host );
		foreach ( (array) $server['server_name'] as $name ) {
			$name = strtolower( (string) $name );
			if ( $name === $host ) {
				$score += 6;
				break;
			}
			if ( ( '.' === substr( $name, 0, 1 ) && ( substr( $host, -strlen( $name ) ) === $name || ltrim( $name, '.' ) === $host ) )
				|| ( '*.' === substr( $name, 0, 2 ) && substr( $host, -strlen( $name ) + 1 ) === substr( $name, 1 ) ) ) {
				$score += 4;
				break;
			}
			$pattern = '#' . str_replace( '#', '\#', (string) substr( $name, 1 ) ) . '#i';
			// A regex from a config file may not be valid PCRE: a warning there means "no match".
			if ( '~' === substr( $name, 0, 1 ) && 1 === Stack_Files::quietly( static fn() => preg_match( $pattern, $host ) ) ) {
				$score += 4;
				break;
			}
		}
		if ( ! empty( $server['default_server'] ) ) {
			++$score;
		}
		return $score;
	}
}
