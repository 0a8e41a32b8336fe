<?php
/**
 * PHP-FPM pool and web server settings, from the running stack's config files when PHP can read them.
 *
 * @package Triage
 */

namespace Triage\Health;

use Triage\Incidents\Stack\Config_Values;
use Triage\Incidents\Stack\Nginx_Config;
use Triage\Incidents\Stack\Nginx_Site;
use Triage\Incidents\Stack\Running_Stack;
use Triage\Incidents\Stack\Stack_Discovery;
use Triage\Incidents\Stack\Stack_Files;

defined( 'ABSPATH' ) || exit;

/**
 * Finds and parses the configs that decide 502 versus 504: pool size and request_terminate_timeout in
 * PHP-FPM, fastcgi_read_timeout and proxy_read_timeout in the web server. The running stack comes first
 * (Stack_Discovery: the masters' own configuration, the server block and pool that serve this site), so an
 * unused /etc/nginx/nginx.conf is never read when nginx runs from elsewhere; the usual file locations are
 * read only when no running master can be seen. Unreadable or malformed files leave the values null; the
 * checks then say "unknown" with the reason, and $sources says which file was read and why.
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
	 * The web server's timeouts in seconds for the block serving this site (null when unset), the files
	 * read, and that block (file, line, listen, server_name, root, fastcgi_pass).
	 *
	 * @var array{fastcgi_read_timeout: ?int, proxy_read_timeout: ?int, files: string[], server_block: ?array<string, mixed>}
	 */
	public $nginx = array(
		'fastcgi_read_timeout' => null,
		'proxy_read_timeout'   => null,
		'files'                => array(),
		'server_block'         => null,
	);

	/**
	 * The web server whose settings are in $nginx: nginx, apache, or null.
	 *
	 * @var string|null
	 */
	public $web_software = null;

	/**
	 * Why the pool or web server settings could not be read.
	 *
	 * @var array{fpm: string, nginx: string}
	 */
	public $missing = array(
		'fpm'   => '',
		'nginx' => '',
	);

	/**
	 * Set when the configuration in use is known but could not be read (the running master's file is not
	 * readable): the checks then say "unknown" rather than judge from another file.
	 *
	 * @var array{fpm: string, web: string}
	 */
	public $not_in_use = array(
		'fpm' => '',
		'web' => '',
	);

	/**
	 * Which file the settings were read from, and why that one.
	 *
	 * @var array{fpm: string, web: string}
	 */
	public $sources = array(
		'fpm' => '',
		'web' => '',
	);

	/**
	 * The running stack, when discovered.
	 *
	 * @var Running_Stack|null
	 */
	public $stack = null;

	/**
	 * Reads the configs: the running stack's first, the usual places when no master can be seen.
	 *
	 * @param System_Files       $files     System files (their root is the discovery's root).
	 * @param string             $pool_name The running pool's name, when PHP-FPM says it.
	 * @param Running_Stack|null $stack     The stack, when already discovered.
	 * @return self
	 */
	public static function read( System_Files $files, string $pool_name = '', ?Running_Stack $stack = null ): self {
		$config        = new self();
		$config->stack = null !== $stack ? $stack : self::discover( $files, $pool_name );
		$config->read_web( $files );
		$config->read_fpm( $files, $pool_name );
		return $config;
	}

	/**
	 * Discovers the stack under the same root as the system files.
	 *
	 * @param System_Files $files     System files.
	 * @param string       $pool_name Pool PHP-FPM named.
	 * @return Running_Stack
	 */
	private static function discover( System_Files $files, string $pool_name ): Running_Stack {
		$root = '' === $files->root() ? '/' : $files->root();
		if ( '/' === $root ) {
			// The real machine: the per-request discovery Log_Sources shares (it asks fpm_get_status() itself).
			return ( new Stack_Discovery() )->discover();
		}
		return ( new Stack_Discovery(
			$root,
			array(
				'fpm_status' => '' === $pool_name ? null : array( 'pool' => $pool_name ),
				'database'   => null,
			)
		) )->discover();
	}

	/**
	 * The web server's settings from the block serving this site.
	 *
	 * @param System_Files $files System files.
	 * @return void
	 */
	private function read_web( System_Files $files ): void {
		$stack = $this->stack;
		$web   = null === $stack ? array() : $stack->web();
		if ( null !== $stack && isset( $web['software'] ) && is_string( $web['software'] ) ) {
			$label = 'apache' === $web['software'] ? 'Apache' : 'nginx';
			if ( ! $web['files'] ) {
				$reason = null !== $web['pid']
					/* translators: 1: nginx or Apache, 2: config file, 3: pid. */
					? sprintf( __( '%1$s runs from %2$s (pid %3$d), which PHP cannot read; no other file is read in its place, since it would not be the configuration in use.', 'triage' ), $label, (string) $web['config'], (int) $web['pid'] )
					/* translators: 1: nginx or Apache, 2: config file. */
					: sprintf( __( '%1$s\'s configuration %2$s cannot be read by PHP.', 'triage' ), $label, (string) $web['config'] );
				$this->missing['nginx'] = $reason;
				if ( null !== $web['pid'] ) {
					$this->not_in_use['web'] = $reason;
				}
				return;
			}
			$this->web_software   = $web['software'];
			$this->nginx['files'] = array_values( (array) $web['files'] );
			$block                = $stack->server_block();
			if ( null === $block ) {
				// Nothing overrides the defaults then: the checks use nginx's own (60 s).
				$this->sources['web'] = sprintf(
					/* translators: 1: nginx or Apache, 2: how the server was found. */
					__( '%1$s\'s configuration, which has no server block PHP could read; %2$s', 'triage' ),
					$label,
					(string) $web['from']
				);
				return;
			}
			$this->apply_block( $block, (string) $web['from'] );
			return;
		}//end if
		$this->read_usual_nginx( $files );
	}

	/**
	 * Takes a server block's timeouts and says where they came from.
	 *
	 * @param array<string, mixed> $block Server block.
	 * @param string               $from  How the server was found.
	 * @return void
	 */
	private function apply_block( array $block, string $from ): void {
		$this->nginx['server_block']         = $block;
		$this->nginx['fastcgi_read_timeout'] = ! empty( $block['fastcgi_read_timeout_set'] ) ? (int) $block['fastcgi_read_timeout'] : null;
		$this->nginx['proxy_read_timeout']   = null === $block['proxy_read_timeout'] ? null : (int) $block['proxy_read_timeout'];
		$names                               = implode( ' ', (array) $block['server_name'] );
		$this->sources['web']                = sprintf(
			/* translators: 1: file, 2: line, 3: listen addresses, 4: server names, 5: how the server was found. */
			__( 'the server block at %1$s line %2$d (listen %3$s%4$s), which serves this site; %5$s', 'triage' ),
			(string) $block['file'],
			(int) $block['line'],
			implode( ', ', (array) $block['listen'] ),
			'' === $names ? '' : ', server_name ' . $names,
			$from
		);
	}

	/**
	 * No running web server and no main config: nginx snippets at their usual places, the block that best
	 * matches this site.
	 *
	 * @param System_Files $files System files.
	 * @return void
	 */
	private function read_usual_nginx( System_Files $files ): void {
		$stack_files = new Stack_Files( '' === $files->root() ? '/' : $files->root() );
		$site        = Stack_Discovery::this_site();
		/**
		 * Filters the glob patterns searched for nginx configuration when no running nginx can be seen.
		 *
		 * @param string[] $patterns Absolute glob patterns.
		 */
		$patterns = (array) apply_filters( 'triage_nginx_config_patterns', self::NGINX_PATTERNS );
		$best     = null;
		$score    = null;
		foreach ( $patterns as $pattern ) {
			foreach ( $files->glob( (string) $pattern ) as $path ) {
				$parser = new Nginx_Config( $stack_files );
				$tree   = $parser->parse( $path );
				if ( null === $tree ) {
					continue;
				}
				$this->nginx['files'] = array_values( array_unique( array_merge( $this->nginx['files'], $parser->files_read() ) ) );
				$has_http             = false;
				foreach ( $tree as $directive ) {
					$has_http = $has_http || 'http' === $directive['name'];
				}
				$http = array(
					array(
						'name'  => 'http',
						'args'  => array(),
						'file'  => $path,
						'line'  => 1,
						'block' => $tree,
					),
				);
				foreach ( Nginx_Site::analyse( $has_http ? $tree : $http, '/etc/nginx' )['servers'] as $server ) {
					$points = Nginx_Site::score( $server, $site['host'], $site['port'], $site['root'] );
					if ( null === $score || $points > $score ) {
						$score = $points;
						$best  = $server;
					}
				}
			}//end foreach
		}//end foreach
		if ( ! $this->nginx['files'] ) {
			$this->missing['nginx'] = __( 'No readable nginx configuration was found (another web server, or the files are not readable by PHP).', 'triage' );
			return;
		}
		$this->web_software = 'nginx';
		if ( null !== $best ) {
			$this->apply_block( $best, __( 'read from the usual nginx locations: no running nginx master and no nginx.conf could be seen', 'triage' ) );
		}
	}

	/**
	 * The pool serving this site: the running master's, else pool files at their usual places.
	 *
	 * @param System_Files $files     System files.
	 * @param string       $pool_name Pool PHP-FPM named.
	 * @return void
	 */
	private function read_fpm( System_Files $files, string $pool_name ): void {
		$stack = $this->stack;
		$fpm   = null === $stack ? array() : $stack->fpm();
		if ( null !== $stack && isset( $fpm['config'] ) && is_string( $fpm['config'] ) && ( $fpm['files'] || null !== $fpm['pid'] ) ) {
			if ( ! $fpm['files'] ) {
				$reason = sprintf(
					/* translators: 1: config file, 2: pid. */
					__( 'PHP-FPM runs from %1$s (pid %2$d), which PHP cannot read; no other pool file is read in its place, since it would not be the configuration in use.', 'triage' ),
					$fpm['config'],
					(int) $fpm['pid']
				);
				$this->missing['fpm']    = $reason;
				$this->not_in_use['fpm'] = $reason;
				return;
			}
			$pool = $stack->pool();
			if ( null !== $pool ) {
				$this->fpm_pool       = array(
					'file'     => (string) $pool['file'],
					'pool'     => (string) $pool['name'],
					'settings' => array_map( 'strval', (array) $pool['settings'] ),
				);
				$this->sources['fpm'] = sprintf(
					/* translators: 1: pool, 2: file, 3: how PHP-FPM was found. */
					__( 'pool %1$s in %2$s, which serves this site; %3$s', 'triage' ),
					$pool['name'],
					$pool['file'],
					(string) $fpm['from']
				);
				return;
			}
			$this->missing['fpm'] = $this->no_pool( $pool_name, (array) $fpm['pools'] );
			return;
		}//end if
		$this->read_usual_pools( $files, $pool_name );
	}

	/**
	 * Why no pool was chosen.
	 *
	 * @param string   $pool_name Pool PHP-FPM named.
	 * @param string[] $pools     Pools found.
	 * @return string
	 */
	private function no_pool( string $pool_name, array $pools ): string {
		if ( '' !== $pool_name && $pools ) {
			// Another pool's settings would be worse than none.
			return sprintf(
				/* translators: 1: pool name, 2: pool names found. */
				__( 'PHP-FPM serves this site from pool "%1$s", which is not in the readable configuration files (found: %2$s).', 'triage' ),
				$pool_name,
				implode( ', ', $pools )
			);
		}
		return $pools
			/* translators: %d: number of pools found. */
			? sprintf( __( '%d PHP-FPM pools are configured and PHP-FPM did not say which one serves this site.', 'triage' ), count( $pools ) )
			: __( 'No readable PHP-FPM pool configuration was found.', 'triage' );
	}

	/**
	 * No running PHP-FPM and no php-fpm.conf: pool files at their usual places.
	 *
	 * @param System_Files $files     System files.
	 * @param string       $pool_name Pool PHP-FPM named.
	 * @return void
	 */
	private function read_usual_pools( System_Files $files, string $pool_name ): void {
		/**
		 * Filters the glob patterns searched for PHP-FPM pool files when no running PHP-FPM can be seen.
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
							'pool'     => (string) $name,
							'settings' => $settings,
						);
					}
				}
			}
		}
		if ( '' !== $pool_name && isset( $pools[ $pool_name ] ) ) {
			$this->fpm_pool = $pools[ $pool_name ];
		} elseif ( '' === $pool_name && 1 === count( $pools ) ) {
			$this->fpm_pool = reset( $pools );
		} else {
			$this->missing['fpm'] = $this->no_pool( $pool_name, array_map( 'strval', array_keys( $pools ) ) );
			return;
		}
		$this->sources['fpm'] = sprintf(
			/* translators: 1: pool, 2: file. */
			__( 'pool %1$s in %2$s, read from the usual pool folders: no running PHP-FPM master and no php-fpm.conf could be seen', 'triage' ),
			$this->fpm_pool['pool'],
			$this->fpm_pool['file']
		);
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
	 * Time values of nginx and PHP-FPM ("60", "60s", "2m", "1h", "500ms") in whole seconds; null when malformed.
	 *
	 * @param string $value Value.
	 * @return int|null
	 */
	public static function seconds( string $value ): ?int {
		return Config_Values::seconds( $value );
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
