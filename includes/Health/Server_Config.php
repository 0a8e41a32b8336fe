<?php
/**
 * PHP-FPM pool and nginx settings, from their config files when PHP can read them.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Finds and parses the configs that decide 502 versus 504: pool size and request_terminate_timeout in
 * PHP-FPM, fastcgi_read_timeout and proxy_read_timeout in nginx. Unreadable or malformed files leave
 * the values null; the checks then say "unknown" with the reason.
 */
final class Server_Config {

	/** Where distributions keep PHP-FPM pool files. */
	private const FPM_PATTERNS = array(
		'/etc/php/*/fpm/pool.d/*.conf',
		'/etc/php-fpm.d/*.conf',
		'/usr/local/etc/php-fpm.d/*.conf',
		'/opt/remi/php*/root/etc/php-fpm.d/*.conf',
	);

	/** Where nginx keeps its configuration. */
	private const NGINX_PATTERNS = array(
		'/etc/nginx/nginx.conf',
		'/etc/nginx/conf.d/*.conf',
		'/etc/nginx/sites-enabled/*',
		'/usr/local/nginx/conf/nginx.conf',
	);

	/**
	 * Pool settings (keys as written, e.g. pm.max_children) and the file they came from.
	 *
	 * @var array{file: string, pool: string, settings: array<string, string>}|null
	 */
	public $fpm_pool = null;

	/**
	 * The nginx timeouts in seconds (the smallest found of each directive) and the files read.
	 *
	 * @var array{fastcgi_read_timeout: ?int, proxy_read_timeout: ?int, files: string[]}
	 */
	public $nginx = array(
		'fastcgi_read_timeout' => null,
		'proxy_read_timeout'   => null,
		'files'                => array(),
	);

	/**
	 * Why the pool or nginx settings could not be read.
	 *
	 * @var array{fpm: string, nginx: string}
	 */
	public $missing = array(
		'fpm'   => '',
		'nginx' => '',
	);

	/**
	 * Reads the configs.
	 *
	 * @param System_Files $files     System files.
	 * @param string       $pool_name The running pool's name, when PHP-FPM says it.
	 * @return self
	 */
	public static function read( System_Files $files, string $pool_name = '' ): self {
		$config = new self();

		/**
		 * Filters the glob patterns searched for PHP-FPM pool files.
		 *
		 * @param string[] $patterns Absolute glob patterns.
		 */
		$fpm_patterns = (array) apply_filters( 'triage_fpm_config_patterns', self::FPM_PATTERNS );
		$pools        = array();
		foreach ( $fpm_patterns as $pattern ) {
			foreach ( $files->glob( (string) $pattern ) as $path ) {
				$content = $files->read( $path );
				if ( is_string( $content ) ) {
					foreach ( self::parse_fpm( $content ) as $name => $settings ) {
						$pools[ $name ] = array(
							'file'     => $path,
							'pool'     => $name,
							'settings' => $settings,
						);
					}
				}
			}
		}
		if ( '' !== $pool_name && isset( $pools[ $pool_name ] ) ) {
			$config->fpm_pool = $pools[ $pool_name ];
		} elseif ( '' !== $pool_name && $pools ) {
			// Another pool's settings would be worse than none.
			$config->missing['fpm'] = sprintf(
				/* translators: 1: pool name, 2: pool names found. */
				__( 'PHP-FPM serves this site from pool "%1$s", which is not in the readable configuration files (found: %2$s).', 'triage' ),
				$pool_name,
				implode( ', ', array_keys( $pools ) )
			);
		} elseif ( 1 === count( $pools ) ) {
			$config->fpm_pool = reset( $pools );
		} else {
			$config->missing['fpm'] = $pools
				/* translators: %d: number of pools found. */
				? sprintf( __( '%d PHP-FPM pools are configured and PHP-FPM did not say which one serves this site.', 'triage' ), count( $pools ) )
				: __( 'No readable PHP-FPM pool configuration was found.', 'triage' );
		}

		/**
		 * Filters the glob patterns searched for nginx configuration.
		 *
		 * @param string[] $patterns Absolute glob patterns.
		 */
		$nginx_patterns = (array) apply_filters( 'triage_nginx_config_patterns', self::NGINX_PATTERNS );
		foreach ( $nginx_patterns as $pattern ) {
			foreach ( $files->glob( (string) $pattern ) as $path ) {
				$content = $files->read( $path );
				if ( ! is_string( $content ) ) {
					continue;
				}
				$config->nginx['files'][] = $path;
				foreach ( array( 'fastcgi_read_timeout', 'proxy_read_timeout' ) as $directive ) {
					foreach ( self::nginx_values( $content, $directive ) as $value ) {
						$seconds = self::seconds( $value );
						if ( null !== $seconds && ( null === $config->nginx[ $directive ] || $seconds < $config->nginx[ $directive ] ) ) {
							$config->nginx[ $directive ] = $seconds;
						}
					}
				}
			}
		}
		if ( ! $config->nginx['files'] ) {
			$config->missing['nginx'] = __( 'No readable nginx configuration was found (another web server, or the files are not readable by PHP).', 'triage' );
		}
		return $config;
	}

	/**
	 * Parses php-fpm.conf syntax into pools.
	 *
	 * @param string $content File content.
	 * @return array<string, array<string, string>>
	 */
	public static function parse_fpm( string $content ): array {
		$pools   = array();
		$current = null;
		$lines   = preg_split( '/\R/', $content );
		foreach ( false !== $lines ? $lines : array() as $line ) {
			$line = trim( $line );
			if ( '' === $line || ';' === $line[0] || '#' === $line[0] ) {
				continue;
			}
			if ( preg_match( '/^\[([^\]]+)\]$/', $line, $match ) ) {
				$current = 'global' === $match[1] ? null : $match[1];
				continue;
			}
			if ( null !== $current && preg_match( '/^([A-Za-z0-9_.\[\]]+)\s*=\s*(.*)$/', $line, $match ) ) {
				$pools[ $current ][ $match[1] ] = trim( $match[2], " \t\"'" );
			}
		}
		return $pools;
	}

	/**
	 * Every value of an nginx directive, comments stripped.
	 *
	 * @param string $content   Config text.
	 * @param string $directive Directive name.
	 * @return string[]
	 */
	public static function nginx_values( string $content, string $directive ): array {
		$content = (string) preg_replace( '/#[^\n]*/', '', $content );
		preg_match_all( '/(?:^|[\s;{}])' . preg_quote( $directive, '/' ) . '\s+([^;\s]+)\s*;/', $content, $matches );
		return $matches[1];
	}

	/**
	 * Time values of nginx and PHP-FPM ("60", "60s", "2m", "1h", "500ms") in whole seconds; null when malformed.
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
	 * A pool setting, or null.
	 *
	 * @param string $key Key as written, e.g. pm.max_children.
	 * @return string|null
	 */
	public function pool_setting( string $key ): ?string {
		return isset( $this->fpm_pool['settings'][ $key ] ) ? $this->fpm_pool['settings'][ $key ] : null;
	}
}
