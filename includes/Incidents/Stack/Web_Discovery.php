<?php
/**
 * The web server that serves this site: which master, which config, which server block, which logs.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Reads each nginx or Apache master's configuration (or the usual files when no master is visible) and
 * keeps the one whose server block best matches this site: several labs or sites on one machine each
 * have their own master, and only one of them serves this WordPress.
 */
final class Web_Discovery {

	/** Where nginx is usually configured. */
	private const NGINX_FALLBACKS = array( '/etc/nginx/nginx.conf', '/usr/local/nginx/conf/nginx.conf', '/usr/local/etc/nginx/nginx.conf' );

	/** Where Apache is usually configured: main file => ServerRoot. */
	private const APACHE_FALLBACKS = array(
		'/etc/apache2/apache2.conf'          => '/etc/apache2',
		'/etc/httpd/conf/httpd.conf'         => '/etc/httpd',
		'/usr/local/apache2/conf/httpd.conf' => '/usr/local/apache2',
	);

	/**
	 * File access.
	 *
	 * @var Stack_Files
	 */
	private $files;

	/**
	 * Takes file access.
	 *
	 * @param Stack_Files $files Files.
	 */
	public function __construct( Stack_Files $files ) {
		$this->files = $files;
	}

	/**
	 * The web server serving the site.
	 *
	 * @param array<int, array{software: string, pid: int, uid: ?int, command: string, flags: array<string, mixed>}> $masters Masters from /proc.
	 * @param array{host: string, port: int, root: string}                                                           $site    This site.
	 * @return array{web: array<string, mixed>, candidate: ?array<string, mixed>, logs: array<int, array{role: string, software: string, path: string, from: string, pool: ?string}>, notes: string[]}
	 */
	public function find( array $masters, array $site ): array {
		$candidates = array();
		$notes      = array();
		foreach ( $masters as $master ) {
			if ( 'nginx' === $master['software'] ) {
				$candidates[] = $this->nginx( $master['flags'], $master['pid'] );
			} elseif ( 'apache' === $master['software'] ) {
				$candidates[] = $this->apache( $master['flags'], $master['pid'] );
			}
		}
		if ( ! $candidates ) {
			foreach ( self::NGINX_FALLBACKS as $config ) {
				if ( $this->files->exists( $config ) ) {
					$candidates[] = $this->nginx( array( 'config' => $config ), null );
				}
			}
			foreach ( self::APACHE_FALLBACKS as $config => $server_root ) {
				if ( $this->files->exists( $config ) ) {
					$candidates[] = $this->apache(
						array(
							'config'      => $config,
							'server_root' => $server_root,
						),
						null
					);
				}
			}
		}
		$best = null;
		foreach ( $candidates as $index => $candidate ) {
			$notes = array_merge( $notes, $candidate['notes'] );
			$score = null;
			foreach ( $candidate['servers'] as $server ) {
				$server['root_real'] = null === $server['root'] ? null : $this->real( (string) $server['root'] );
				$points              = Nginx_Site::score( $server, $site['host'], $site['port'], $site['root'] );
				if ( null === $score || $points > $score ) {
					$score                         = $points;
					$candidates[ $index ]['block'] = $server;
					$candidates[ $index ]['score'] = $points;
				}
			}
			if ( null !== $score && ( null === $best || $score > $candidates[ $best ]['score'] ) ) {
				$best = $index;
			}
		}
		if ( null === $best || $candidates[ $best ]['score'] < 0 ) {
			// No readable block clearly serves the site: a running master whose config PHP cannot read is
			// then the likelier one, and saying "unknown" beats reading another server's file.
			foreach ( $candidates as $index => $candidate ) {
				if ( null !== $candidate['pid'] && null === $candidate['tree'] ) {
					$best = $index;
					break;
				}
			}
		}
		if ( null === $best && $candidates ) {
			$best = 0;
		}
		if ( null === $best ) {
			$notes[] = __( 'No nginx or Apache configuration was found that PHP can read.', 'triage' );
			return array(
				'web'       => array(
					'software'     => null,
					'pid'          => null,
					'config'       => null,
					'from'         => '',
					'files'        => array(),
					'server_block' => null,
				),
				'candidate' => null,
				'logs'      => array(),
				'notes'     => $notes,
			);
		}
		$chosen  = $candidates[ $best ];
		$block   = $chosen['block'];
		$foreign = false;
		if ( null !== $block && (int) $chosen['score'] < 0 ) {
			if ( count( $candidates ) > 1 ) {
				// Several servers run here and none has a block on this site's port or root: none is this site's.
				$block           = null;
				$chosen['block'] = null;
				$foreign         = true;
				/* translators: 1: number of servers, 2: host, 3: port, 4: folder. */
				$notes[] = sprintf( __( '%1$d web servers run on this machine and none has a server block for %2$s on port %3$d or with root %4$s: their logs are not this site\'s.', 'triage' ), count( $candidates ), $site['host'], $site['port'], $site['root'] );
			} else {
				/* translators: 1: host, 2: port. */
				$notes[] = sprintf( __( 'No server block clearly serves %1$s on port %2$d; the closest one was used.', 'triage' ), $site['host'], $site['port'] );
			}
		} elseif ( null === $block && null !== $chosen['tree'] ) {
			$notes[] = __( 'The web server\'s configuration has no server block or virtual host that PHP could read.', 'triage' );
		}
		$logs = $foreign ? array() : $this->logs( $chosen, $block );
		return array(
			'web'       => array(
				'software'     => $chosen['software'],
				'pid'          => $chosen['pid'],
				'config'       => $chosen['config'],
				'from'         => $chosen['started'],
				'files'        => $chosen['files'],
				'server_block' => null === $block ? null : array(
					'file'                     => $block['file'],
					'line'                     => $block['line'],
					'listen'                   => array_values( $block['listen'] ),
					'server_name'              => array_values( $block['server_name'] ),
					'root'                     => $block['root'],
					'fastcgi_pass'             => $block['fastcgi_pass'],
					'fastcgi_read_timeout'     => $block['fastcgi_read_timeout'],
					'fastcgi_read_timeout_set' => $block['fastcgi_read_timeout_set'],
					'proxy_read_timeout'       => $block['proxy_read_timeout'],
					'error_log'                => isset( $logs[0] ) && 'web-error' === $logs[0]['role'] ? $logs[0]['path'] : null,
				),
			),
			'candidate' => $chosen,
			'logs'      => $logs,
			'notes'     => $notes,
		);
	}

	/**
	 * A folder's real path under the root (symbolic links resolved), or null.
	 *
	 * @param string $path Absolute path.
	 * @return string|null
	 */
	private function real( string $path ): ?string {
		$full = $this->files->full( $path );
		$real = Stack_Files::quietly( static fn() => realpath( $full ) );
		$root = $this->files->full( '' );
		if ( ! is_string( $real ) || ( '' !== $root && 0 !== strpos( $real, $root . '/' ) ) ) {
			return null;
		}
		return '' === $root ? $real : substr( $real, strlen( $root ) );
	}

	/**
	 * An nginx master's configuration, read.
	 *
	 * @param array<string, mixed> $flags Flags from the command line.
	 * @param int|null             $pid   Master pid, null for a fallback.
	 * @return array<string, mixed>
	 */
	private function nginx( array $flags, ?int $pid ): array {
		$binary = isset( $flags['binary'] ) ? (string) $flags['binary'] : 'nginx';
		// A source build keeps everything under its prefix; a distribution's nginx has absolute compiled paths.
		$own_prefix = 0 === strpos( $binary, '/' ) && 0 !== strpos( $binary, '/usr/sbin/' ) && 0 !== strpos( $binary, '/usr/bin/' ) ? dirname( dirname( $binary ) ) : '';
		$prefix     = isset( $flags['prefix'] ) && '' !== $flags['prefix'] ? Stack_Files::absolute( (string) $flags['prefix'], '/' ) : ( '' !== $own_prefix ? $own_prefix : '/usr/share/nginx' );
		if ( isset( $flags['config'] ) && '' !== $flags['config'] ) {
			$config = Stack_Files::absolute( (string) $flags['config'], $prefix );
		} elseif ( $this->files->exists( $prefix . '/conf/nginx.conf' ) ) {
			$config = $prefix . '/conf/nginx.conf';
		} else {
			$config = '/etc/nginx/nginx.conf';
		}
		$distro  = '' === $own_prefix && ( ! isset( $flags['prefix'] ) || $this->files->exists( '/var/log/nginx' ) );
		$default = isset( $flags['error_log'] ) && '' !== $flags['error_log'] && 'stderr' !== $flags['error_log']
			? Stack_Files::absolute( (string) $flags['error_log'], $prefix )
			: ( $distro ? '/var/log/nginx/error.log' : $prefix . '/logs/error.log' );
		$started = null === $pid
			/* translators: %s: config file. */
			? sprintf( __( 'the usual nginx configuration %s (no running nginx master visible in /proc)', 'triage' ), $config )
			: self::started( 'nginx', $flags, $pid, $config );

		$parser = new Nginx_Config( $this->files );
		$tree   = $parser->parse( $config );
		$notes  = $parser->notes();
		if ( null === $tree ) {
			/* translators: %s: config file. */
			$notes[] = sprintf( __( 'nginx\'s configuration %s cannot be read by PHP: its server blocks and timeouts are unknown.', 'triage' ), $config );
		}
		$tree     = null === $tree ? null : array_merge( $tree, isset( $flags['globals'] ) ? $parser->parse_globals( (string) $flags['globals'] ) : array() );
		$analysis = null === $tree ? null : Nginx_Site::analyse( $tree, $prefix );
		return array(
			'software'       => 'nginx',
			'pid'            => $pid,
			'config'         => $config,
			'prefix'         => $prefix,
			'started'        => $started,
			'tree'           => $tree,
			'files'          => $parser->files_read(),
			'servers'        => null === $analysis ? array() : $analysis['servers'],
			'main_logs'      => null === $analysis ? array() : $analysis['main_error_log'],
			'http_logs'      => null === $analysis ? array() : $analysis['http_error_log'],
			'http_access'    => null === $analysis ? array() : $analysis['http_access_log'],
			'default_log'    => $default,
			'default_from'   => isset( $flags['error_log'] ) && '' !== $flags['error_log'] ? __( 'the -e flag', 'triage' ) : __( 'nginx\'s compiled-in default (no error_log directive)', 'triage' ),
			'default_access' => $distro ? '/var/log/nginx/access.log' : $prefix . '/logs/access.log',
			'block'          => null,
			'score'          => null,
			'notes'          => $notes,
		);
	}

	/**
	 * An Apache master's configuration, read.
	 *
	 * @param array<string, mixed> $flags Flags from the command line.
	 * @param int|null             $pid   Master pid, null for a fallback.
	 * @return array<string, mixed>
	 */
	private function apache( array $flags, ?int $pid ): array {
		$binary = basename( isset( $flags['binary'] ) ? (string) $flags['binary'] : 'apache2' );
		$debian = 'apache2' === $binary;
		$root   = isset( $flags['server_root'] ) ? (string) $flags['server_root'] : ( $debian ? '/etc/apache2' : '/etc/httpd' );
		$config = isset( $flags['config'] ) ? Stack_Files::absolute( (string) $flags['config'], $root ) : ( $debian ? $root . '/apache2.conf' : $root . '/conf/httpd.conf' );
		$vars   = array();
		$env    = $this->files->read( dirname( $config ) . '/envvars' );
		if ( null !== $env ) {
			$vars = Apache_Config::envvars( $env );
		}
		$started = null === $pid
			/* translators: %s: config file. */
			? sprintf( __( 'the usual Apache configuration %s (no running Apache master visible in /proc)', 'triage' ), $config )
			: self::started( 'apache', $flags, $pid, $config );
		$parser   = new Apache_Config( $this->files, $root, isset( $flags['defines'] ) ? (array) $flags['defines'] : array(), $vars );
		$tree     = $parser->parse( $config );
		$notes    = $parser->notes();
		$analysis = null === $tree ? null : $parser->analyse( $tree );
		if ( null === $tree ) {
			/* translators: %s: config file. */
			$notes[] = sprintf( __( 'Apache\'s configuration %s cannot be read by PHP: its virtual hosts and timeouts are unknown.', 'triage' ), $config );
		}
		return array(
			'software'       => 'apache',
			'pid'            => $pid,
			'config'         => $config,
			'prefix'         => $root,
			'started'        => $started,
			'tree'           => $tree,
			'files'          => $parser->files_read(),
			'servers'        => null === $analysis ? array() : $analysis['servers'],
			'main_logs'      => null === $analysis ? array() : $analysis['main_error_log'],
			'http_logs'      => array(),
			'http_access'    => array(),
			'default_log'    => $debian ? '/var/log/apache2/error.log' : Stack_Files::absolute( 'logs/error_log', $root ),
			'default_from'   => __( 'Apache\'s compiled-in default (no ErrorLog directive)', 'triage' ),
			'default_access' => null,
			'block'          => null,
			'score'          => null,
			'notes'          => $notes,
		);
	}

	/**
	 * The logs of the chosen web server: the error log that applies to the site's block first.
	 *
	 * @param array<string, mixed>      $chosen Candidate.
	 * @param array<string, mixed>|null $block  Server block.
	 * @return array<int, array{role: string, software: string, path: string, from: string, pool: ?string}>
	 */
	private function logs( array $chosen, ?array $block ): array {
		$software = (string) $chosen['software'];
		$started  = (string) $chosen['started'];
		$levels   = array(
			array( null === $block ? array() : $block['error_logs'], __( 'server block', 'triage' ) ),
			array( $chosen['http_logs'], __( 'http level', 'triage' ) ),
			array( $chosen['main_logs'], __( 'main level', 'triage' ) ),
		);
		$logs     = array();
		foreach ( $levels as $level ) {
			foreach ( $level[0] as $log ) {
				$logs[] = array(
					'role'     => 'web-error',
					'software' => $software,
					'path'     => $log['path'],
					/* translators: 1: directive, 2: file, 3: line, 4: level, 5: how the server was started. */
					'from'     => sprintf( __( '%1$s in %2$s line %3$d (%4$s), %5$s', 'triage' ), 'nginx' === $software ? 'error_log' : 'ErrorLog', $log['file'], $log['line'], $level[1], $started ),
					'pool'     => null,
				);
			}
		}
		if ( ! $chosen['main_logs'] ) {
			// The main level's log: where the master itself writes (startup, worker crashes).
			$logs[] = array(
				'role'     => 'web-error',
				'software' => $software,
				'path'     => (string) $chosen['default_log'],
				/* translators: 1: source of the default, 2: how the server was started. */
				'from'     => sprintf( __( '%1$s, %2$s', 'triage' ), $chosen['default_from'], $started ),
				'pool'     => null,
			);
		}
		$access = null === $block ? array() : $block['access_logs'];
		$access = $access ? $access : $chosen['http_access'];
		foreach ( $access as $log ) {
			$logs[] = array(
				'role'     => 'web-access',
				'software' => $software,
				'path'     => $log['path'],
				/* translators: 1: directive, 2: file, 3: line, 4: how the server was started. */
				'from'     => sprintf( __( '%1$s in %2$s line %3$d, %4$s', 'triage' ), 'nginx' === $software ? 'access_log' : 'CustomLog', $log['file'], $log['line'], $started ),
				'pool'     => null,
			);
		}
		if ( ! $access && null !== $chosen['default_access'] ) {
			$logs[] = array(
				'role'     => 'web-access',
				'software' => $software,
				'path'     => (string) $chosen['default_access'],
				/* translators: %s: how the server was started. */
				'from'     => sprintf( __( 'nginx\'s compiled-in default access log (no access_log directive), %s', 'triage' ), $started ),
				'pool'     => null,
			);
		}
		$unique = array();
		foreach ( $logs as $log ) {
			$unique[ $log['role'] . '|' . $log['path'] ] = $unique[ $log['role'] . '|' . $log['path'] ] ?? $log;
		}
		return array_values( $unique );
	}

	/**
	 * "nginx started with -c /x/nginx.conf -p /x (pid 123)".
	 *
	 * @param string               $software nginx or apache.
	 * @param array<string, mixed> $flags    Flags.
	 * @param int                  $pid      Pid.
	 * @param string               $config   Config in use.
	 * @return string
	 */
	private static function started( string $software, array $flags, int $pid, string $config ): string {
		$names = 'nginx' === $software
			? array(
				'config'    => '-c',
				'prefix'    => '-p',
				'error_log' => '-e',
			)
			: array(
				'config'      => '-f',
				'server_root' => '-d',
			);
		$given = array();
		foreach ( $names as $key => $flag ) {
			if ( isset( $flags[ $key ] ) && '' !== $flags[ $key ] ) {
				$given[] = $flag . ' ' . $flags[ $key ];
			}
		}
		$label = 'nginx' === $software ? 'nginx' : 'Apache';
		return $given
			/* translators: 1: nginx or Apache, 2: flags, 3: pid. */
			? sprintf( __( '%1$s started with %2$s (pid %3$d)', 'triage' ), $label, implode( ' ', $given ), $pid )
			/* translators: 1: nginx or Apache, 2: config file, 3: pid. */
			: sprintf( __( '%1$s started with its compiled-in configuration %2$s (pid %3$d)', 'triage' ), $label, $config, $pid );
	}
}
