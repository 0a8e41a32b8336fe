<?php
/**
 * Finds the running web server, PHP-FPM pool and database log that serve this site.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

use Triage\Environment\Fpm_Status;

defined( 'ABSPATH' ) || exit;

/**
 * Starts from the masters in /proc (their flags say which configuration they run), follows that
 * configuration, picks the server block and pool that serve this site, and lists every log with whether PHP
 * can read it. When /proc shows no master, the usual configuration paths are tried and the answer says so.
 * Cached per request; bounded by Stack_Files' budget.
 */
final class Stack_Discovery {

	/** Where MariaDB and MySQL read their options. */
	private const MY_CNF = array( '/etc/mysql/my.cnf', '/etc/mysql/mariadb.cnf', '/etc/mysql/mariadb.conf.d/*.cnf', '/etc/mysql/conf.d/*.cnf', '/etc/my.cnf', '/etc/my.cnf.d/*.cnf' );

	/**
	 * Answers by root, for this request (only for discoveries without test options).
	 *
	 * @var array<string, Running_Stack>
	 */
	private static $cache = array();

	/**
	 * Root folder.
	 *
	 * @var string
	 */
	private $root;

	/**
	 * Seams: readable (callable), php_user (string), fpm_status (array|null), site (host, port, root),
	 * database (callable returning log_error and datadir, or null).
	 *
	 * @var array<string, mixed>
	 */
	private $options;

	/**
	 * File access.
	 *
	 * @var Stack_Files
	 */
	private $files;

	/**
	 * What could not be seen.
	 *
	 * @var string[]
	 */
	private $notes = array();

	/**
	 * Takes the file system root and optional seams for tests.
	 *
	 * @param string               $root    File system root ('/' in production, a fixture tree in tests).
	 * @param array<string, mixed> $options readable, php_user, fpm_status, site, database.
	 */
	public function __construct( string $root = '/', array $options = array() ) {
		$this->root    = $root;
		$this->options = $options;
		$this->files   = new Stack_Files( $root, isset( $options['readable'] ) && is_callable( $options['readable'] ) ? $options['readable'] : null );
	}

	/**
	 * Forgets cached answers (tests, or after a configuration change).
	 *
	 * @return void
	 */
	public static function flush(): void {
		self::$cache = array();
	}

	/**
	 * The running stack, discovered once per request.
	 *
	 * @return Running_Stack
	 */
	public function discover(): Running_Stack {
		if ( $this->options ) {
			return $this->build();
		}
		if ( ! isset( self::$cache[ $this->root ] ) ) {
			/**
			 * Filters whether Triage looks for the running web server, PHP-FPM and database logs (reading
			 * /proc, the servers' configuration and MariaDB's log_error). Off, only the usual log paths and
			 * the ones added by hand are read, and the checks read the usual configuration paths.
			 *
			 * @since 0.1.0
			 *
			 * @param bool $discover Whether to discover the running stack.
			 */
			self::$cache[ $this->root ] = apply_filters( 'triage_discover_stack', true ) ? $this->build() : self::nothing();
		}
		return self::$cache[ $this->root ];
	}

	/**
	 * The answer when discovery is turned off.
	 *
	 * @return Running_Stack
	 */
	private static function nothing(): Running_Stack {
		return new Running_Stack(
			array(
				'found_from' => 'fallback',
				'web'        => array(
					'software'     => null,
					'pid'          => null,
					'config'       => null,
					'from'         => '',
					'files'        => array(),
					'server_block' => null,
				),
				'fpm'        => array(
					'pid'    => null,
					'config' => null,
					'from'   => '',
					'files'  => array(),
					'pool'   => null,
					'pools'  => array(),
				),
				'database'   => array(
					'log_error' => null,
					'from'      => '',
				),
				'logs'       => array(),
				'notes'      => array( __( 'Looking for the running servers is turned off (the triage_discover_stack filter).', 'triage' ) ),
			)
		);
	}

	/**
	 * Discovers.
	 *
	 * @return Running_Stack
	 */
	private function build(): Running_Stack {
		$this->notes = array();
		$access      = new Log_Access( $this->files, isset( $this->options['php_user'] ) ? (string) $this->options['php_user'] : Log_Access::current_user() );
		$masters     = ( new Proc_Scanner( $this->files ) )->masters();
		if ( null === $masters ) {
			$this->notes[] = __( '/proc cannot be listed (hidden or not allowed by open_basedir): the running servers are unknown, so the usual configuration paths were read instead.', 'triage' );
			$masters       = array();
		} elseif ( ! $masters ) {
			$this->notes[] = __( '/proc shows no nginx, Apache or PHP-FPM master (hidepid, a container, or the servers run on another machine): the usual configuration paths were read instead.', 'triage' );
		}
		$masters = $this->trusted( $masters );
		$site    = $this->site();
		$web     = ( new Web_Discovery( $this->files ) )->find( $masters, $site );
		$fpm     = ( new Fpm_Discovery( $this->files ) )->find( $masters, $this->fpm_status(), null === $web['candidate'] ? null : $web['candidate']['block'] );

		$logs = array();
		foreach ( array_merge( $web['logs'], $fpm['logs'] ) as $log ) {
			$logs[] = $access->describe( $log['role'], $log['software'], $log['path'], $log['from'], $log['pool'] );
		}
		$database = $this->database();
		if ( null !== $database['log_error'] ) {
			$logs[] = $access->describe( 'database', 'mariadb', $database['log_error'], $database['from'] );
		}
		$unique = array();
		foreach ( $logs as $log ) {
			$unique[ $log['role'] . '|' . $log['path'] ] = $log;
		}
		$seen = array_filter(
			$masters,
			static function ( array $master ): bool {
				return in_array( $master['software'], array( 'nginx', 'apache', 'php-fpm' ), true );
			}
		);
		return new Running_Stack(
			array(
				'found_from' => $seen ? 'proc' : 'fallback',
				'web'        => $web['web'],
				'fpm'        => $fpm['fpm'],
				'database'   => array(
					'log_error' => $database['log_error'],
					'from'      => $database['from'],
				),
				'logs'       => array_values( $unique ),
				'notes'      => array_values( array_unique( array_merge( $this->notes, $web['notes'], $fpm['notes'], $database['notes'] ) ) ),
			)
		);
	}

	/**
	 * The masters whose configuration may name files Triage reads: run by root (as distributions start them)
	 * or by PHP's own user (a user-level stack). A master of another user (another tenant) names files on its
	 * owner's say, so it is left out, and the notes say so.
	 *
	 * @param array<int, array{software: string, pid: int, uid: ?int, command: string, flags: array<string, mixed>}> $masters Masters.
	 * @return array<int, array{software: string, pid: int, uid: ?int, command: string, flags: array<string, mixed>}>
	 */
	private function trusted( array $masters ): array {
		if ( isset( $this->options['trusted_uids'] ) && is_array( $this->options['trusted_uids'] ) ) {
			$uids = array_map( 'intval', $this->options['trusted_uids'] );
		} else {
			$uids = array( 0 );
			if ( function_exists( 'posix_geteuid' ) ) {
				$uids[] = (int) posix_geteuid();
			}
		}
		$kept = array();
		foreach ( $masters as $master ) {
			if ( null === $master['uid'] || in_array( $master['uid'], $uids, true ) ) {
				$kept[] = $master;
				continue;
			}
			$this->notes[] = sprintf(
				/* translators: 1: nginx, apache or php-fpm, 2: pid, 3: user id. */
				__( 'A %1$s master (pid %2$d) runs as user %3$d, neither root nor the user PHP runs as: the files its configuration names are not read.', 'triage' ),
				$master['software'],
				$master['pid'],
				$master['uid']
			);
		}
		return $kept;
	}

	/**
	 * This site's host, port and document root (the seam's, in tests).
	 *
	 * @return array{host: string, port: int, root: string}
	 */
	private function site(): array {
		if ( isset( $this->options['site'] ) && is_array( $this->options['site'] ) ) {
			return array(
				'host' => (string) ( $this->options['site']['host'] ?? '' ),
				'port' => (int) ( $this->options['site']['port'] ?? 80 ),
				'root' => rtrim( (string) ( $this->options['site']['root'] ?? '' ), '/' ),
			);
		}
		return self::this_site();
	}

	/**
	 * This site's host, port (the one the web server saw, else the home URL's) and real ABSPATH.
	 *
	 * @return array{host: string, port: int, root: string}
	 */
	public static function this_site(): array {
		$url    = (string) home_url( '/' );
		$scheme = (string) wp_parse_url( $url, PHP_URL_SCHEME );
		$port   = (int) wp_parse_url( $url, PHP_URL_PORT );
		// The port the web server saw wins over the address stored in WordPress (a proxy may sit in front).
		$server_port = isset( $_SERVER['SERVER_PORT'] ) ? sanitize_text_field( wp_unslash( (string) $_SERVER['SERVER_PORT'] ) ) : '';
		if ( ctype_digit( $server_port ) ) {
			$port = (int) $server_port;
		}
		if ( 0 === $port ) {
			$port = 'https' === $scheme ? 443 : 80;
		}
		$root = Stack_Files::quietly( static fn() => realpath( ABSPATH ) );
		return array(
			'host' => strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) ),
			'port' => $port,
			'root' => rtrim( is_string( $root ) ? $root : ABSPATH, '/' ),
		);
	}

	/**
	 * This request's pool as fpm_get_status() would name it ({pool: name}), or null outside PHP-FPM.
	 *
	 * @return array<string, mixed>|null
	 */
	private function fpm_status(): ?array {
		if ( array_key_exists( 'fpm_status', $this->options ) ) {
			return is_array( $this->options['fpm_status'] ) ? $this->options['fpm_status'] : null;
		}
		// Only the pool's name is used: read without fpm_get_status() where the process title gives it.
		$pool = Fpm_Status::pool();
		return null === $pool ? null : array( 'pool' => $pool );
	}

	/**
	 * MariaDB's error log: SHOW VARIABLES (one query, only when the database is on this machine), else my.cnf.
	 *
	 * @return array{log_error: ?string, from: string, notes: string[]}
	 */
	private function database(): array {
		$notes  = array();
		$values = null;
		if ( array_key_exists( 'database', $this->options ) ) {
			$values = is_callable( $this->options['database'] ) ? call_user_func( $this->options['database'] ) : null;
		} elseif ( $this->database_is_local() ) {
			$values = self::query_database();
		} else {
			$notes[] = __( 'The database runs on another machine, so its error log cannot be read from here.', 'triage' );
			return array(
				'log_error' => null,
				'from'      => '',
				'notes'     => $notes,
			);
		}
		if ( is_array( $values ) && isset( $values['log_error'] ) ) {
			$value = trim( (string) $values['log_error'] );
			if ( '' === $value || 'stderr' === $value ) {
				$notes[] = __( 'MariaDB\'s log_error is empty: it writes its errors to the systemd journal, which PHP cannot read.', 'triage' );
				return array(
					'log_error' => null,
					'from'      => 'SHOW VARIABLES LIKE \'log_error\'',
					'notes'     => $notes,
				);
			}
			$datadir = isset( $values['datadir'] ) ? (string) $values['datadir'] : '/var/lib/mysql/';
			return array(
				'log_error' => Stack_Files::absolute( $value, $datadir ),
				/* translators: 1: value, 2: data folder. */
				'from'      => '/' === $value[0] ? 'SHOW VARIABLES LIKE \'log_error\'' : sprintf( __( 'SHOW VARIABLES LIKE \'log_error\' (%1$s, relative to datadir %2$s)', 'triage' ), $value, $datadir ),
				'notes'     => $notes,
			);
		}
		foreach ( self::MY_CNF as $pattern ) {
			$paths = false !== strpbrk( $pattern, '*?[' ) ? $this->files->glob( $pattern ) : array( $pattern );
			foreach ( $paths as $path ) {
				$text = $this->files->read( $path );
				if ( null === $text ) {
					continue;
				}
				$section = '';
				foreach ( preg_split( '/\R/', $text ) ?: array() as $index => $line ) { // phpcs:ignore Universal.Operators.DisallowShortTernary.Found -- preg_split fails only on a broken pattern.
					$line = trim( $line );
					if ( preg_match( '/^\[([^\]]+)\]/', $line, $match ) ) {
						$section = strtolower( $match[1] );
						continue;
					}
					if ( in_array( $section, array( 'mysqld', 'mariadb', 'server', 'mysqld_safe', 'mariadbd' ), true ) && preg_match( '/^log[-_]error\s*=\s*"?([^"#;]+)"?/', $line, $match ) ) {
						return array(
							'log_error' => Stack_Files::absolute( trim( $match[1] ), '/var/lib/mysql' ),
							/* translators: 1: file, 2: line. */
							'from'      => sprintf( __( 'log_error in %1$s line %2$d', 'triage' ), $path, $index + 1 ),
							'notes'     => $notes,
						);
					}
				}
			}//end foreach
		}//end foreach
		return array(
			'log_error' => null,
			'from'      => '',
			'notes'     => $notes,
		);
	}

	/**
	 * Whether DB_HOST names this machine.
	 *
	 * @return bool
	 */
	private function database_is_local(): bool {
		if ( ! defined( 'DB_HOST' ) ) {
			return false;
		}
		$host = strtolower( (string) preg_replace( '/:.*$/', '', (string) DB_HOST ) );
		return in_array( $host, array( '', 'localhost', '127.0.0.1', '::1', '[::1]' ), true ) || 0 === strpos( (string) DB_HOST, ':/' );
	}

	/**
	 * The server's log_error and datadir.
	 *
	 * @return array{log_error: string, datadir: string}|null
	 */
	private static function query_database(): ?array {
		global $wpdb;
		if ( ! $wpdb instanceof \wpdb ) {
			return null;
		}
		$suppress = $wpdb->suppress_errors( true );
		$rows     = $wpdb->get_results( "SHOW VARIABLES WHERE Variable_name IN ('log_error', 'datadir')", 'ARRAY_N' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a server variable, not a table; one query, only where discovery runs (admin, REST, CLI).
		$wpdb->suppress_errors( $suppress );
		if ( ! $rows ) {
			return null;
		}
		$log_error = '';
		$datadir   = '/var/lib/mysql/';
		foreach ( $rows as $row ) {
			if ( isset( $row[0], $row[1] ) ) {
				if ( 'log_error' === $row[0] ) {
					$log_error = (string) $row[1];
				} elseif ( 'datadir' === $row[0] ) {
					$datadir = (string) $row[1];
				}
			}
		}
		return array(
			'log_error' => $log_error,
			'datadir'   => $datadir,
		);
	}
}
