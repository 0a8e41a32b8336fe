<?php
/**
 * The nginx, Apache and PHP-FPM masters running on this machine, from /proc.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Reads `/proc/<pid>/cmdline` (world-readable unless /proc is mounted with hidepid) and, for processes whose
 * title does not say "master", the parent pid in `/proc/<pid>/status`. nginx and PHP-FPM rewrite their
 * titles ("nginx: master process nginx -c /x -p /y", "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)");
 * Apache keeps its argv, so its master is the one whose parent is not Apache.
 */
final class Proc_Scanner {

	/** Most processes looked at. */
	private const MAX_PROCESSES = 4096;

	/** The nginx flags that take a value. */
	private const NGINX_FLAGS = array( '-c', '-p', '-e', '-g', '-s' );

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
	 * The masters found, or null when /proc cannot be listed at all.
	 *
	 * @return array<int, array{software: string, pid: int, uid: ?int, command: string, flags: array<string, mixed>}>|null
	 */
	public function masters(): ?array {
		$pids = $this->files->pids( self::MAX_PROCESSES );
		if ( null === $pids ) {
			return null;
		}
		$processes = array();
		foreach ( $pids as $pid ) {
			// The short name first: reading another process's cmdline touches its memory, comm does not.
			$comm = $this->files->read_proc( '/proc/' . $pid . '/comm' );
			if ( null !== $comm && ! preg_match( '/^(?:nginx|php(?:\d[\d.]*)?-fpm[\d.]*|apache2?|httpd2?)$/', trim( $comm ) ) ) {
				continue;
			}
			$cmdline = $this->files->read_proc( '/proc/' . $pid . '/cmdline' );
			if ( null === $cmdline || '' === $cmdline ) {
				continue;
			}
			$software = self::software( $cmdline );
			if ( null !== $software ) {
				$processes[ $pid ] = array( $software, $cmdline );
			}
		}
		$masters = array();
		foreach ( $processes as $pid => $process ) {
			list( $software, $cmdline ) = $process;
			$title                      = rtrim( str_replace( "\0", ' ', $cmdline ) );
			if ( false !== strpos( $title, ': worker process' ) || false !== strpos( $title, ': cache ' ) || false !== strpos( $title, 'php-fpm: pool ' ) ) {
				continue;
			}
			if ( false === strpos( $title, ': master process' ) ) {
				// Not titled: a master is a process whose parent is not the same server.
				$parent = $this->parent( $pid );
				if ( null !== $parent && isset( $processes[ $parent ] ) && $processes[ $parent ][0] === $software ) {
					continue;
				}
			}
			$masters[] = array(
				'software' => $software,
				'pid'      => $pid,
				'uid'      => $this->uid( $pid ),
				'command'  => $title,
				'flags'    => self::flags( $software, $cmdline ),
			);
		}//end foreach
		return $masters;
	}

	/**
	 * Which server a command line belongs to.
	 *
	 * @param string $cmdline NUL-separated argv or a rewritten title.
	 * @return string|null nginx, apache, php-fpm.
	 */
	public static function software( string $cmdline ): ?string {
		if ( 0 === strpos( $cmdline, 'nginx:' ) ) {
			return 'nginx';
		}
		if ( 0 === strpos( $cmdline, 'php-fpm:' ) ) {
			return 'php-fpm';
		}
		$first = explode( "\0", $cmdline )[0];
		$first = explode( ' ', $first )[0];
		$name  = basename( $first );
		if ( 'nginx' === $name ) {
			return 'nginx';
		}
		if ( preg_match( '/^php(?:\d(?:\.\d+)?)?-fpm(?:\d(?:\.\d+)?)?$/', $name ) ) {
			return 'php-fpm';
		}
		if ( in_array( $name, array( 'apache2', 'httpd', 'httpd2', 'apache' ), true ) ) {
			return 'apache';
		}
		return null;
	}

	/**
	 * The flags of a master's command line that say where its configuration is.
	 *
	 * @param string $software nginx, apache, php-fpm.
	 * @param string $cmdline  Command line.
	 * @return array<string, mixed> nginx: binary, config, prefix, error_log, globals; php-fpm: binary, config,
	 *                              prefix, php_ini; apache: binary, config, server_root, defines, startup_log.
	 */
	public static function flags( string $software, string $cmdline ): array {
		$flags = array();
		if ( 'php-fpm' === $software && preg_match( '/^php-fpm: master process \((.+)\)\s*$/', rtrim( str_replace( "\0", ' ', $cmdline ) ), $match ) ) {
			$flags['config'] = $match[1];
			return $flags;
		}
		$argv = self::argv( $cmdline );
		if ( ! $argv ) {
			return $flags;
		}
		$flags['binary'] = (string) array_shift( $argv );
		$count           = count( $argv );
		for ( $i = 0; $i < $count; $i++ ) {
			$arg = $argv[ $i ];
			if ( 'nginx' === $software && in_array( $arg, self::NGINX_FLAGS, true ) ) {
				$value = '';
				if ( '-g' === $arg ) {
					// A rewritten title splits -g's value on spaces: take words until the next flag.
					$words = array();
					while ( $i + 1 < $count && ! in_array( $argv[ $i + 1 ], self::NGINX_FLAGS, true ) ) {
						$words[] = $argv[ ++$i ];
					}
					$flags['globals'] = implode( ' ', $words );
					continue;
				}
				if ( $i + 1 < $count ) {
					$value = $argv[ ++$i ];
				}
				$names                   = array(
					'-c' => 'config',
					'-p' => 'prefix',
					'-e' => 'error_log',
					'-s' => 'signal',
				);
				$flags[ $names[ $arg ] ] = $value;
				continue;
			}//end if
			if ( 'php-fpm' === $software ) {
				$pairs = array(
					'-y'           => 'config',
					'--fpm-config' => 'config',
					'-c'           => 'php_ini',
					'--php-ini'    => 'php_ini',
					'-p'           => 'prefix',
					'--prefix'     => 'prefix',
				);
				if ( preg_match( '/^(--fpm-config|--php-ini|--prefix)=(.*)$/', $arg, $match ) ) {
					$flags[ $pairs[ $match[1] ] ] = $match[2];
				} elseif ( isset( $pairs[ $arg ] ) && $i + 1 < $count ) {
					$flags[ $pairs[ $arg ] ] = $argv[ ++$i ];
				}
				continue;
			}
			if ( 'apache' === $software ) {
				if ( in_array( $arg, array( '-f', '-d', '-E' ), true ) && $i + 1 < $count ) {
					$names                   = array(
						'-f' => 'config',
						'-d' => 'server_root',
						'-E' => 'startup_log',
					);
					$flags[ $names[ $arg ] ] = $argv[ ++$i ];
				} elseif ( '-D' === $arg && $i + 1 < $count ) {
					$flags['defines'][] = $argv[ ++$i ];
				} elseif ( 0 === strpos( $arg, '-D' ) && strlen( $arg ) > 2 ) {
					$flags['defines'][] = substr( $arg, 2 );
				}
			}
		}//end for
		return $flags;
	}

	/**
	 * The argument vector: NUL-separated, or a rewritten title split on spaces.
	 *
	 * @param string $cmdline Command line.
	 * @return string[]
	 */
	private static function argv( string $cmdline ): array {
		$cmdline = rtrim( $cmdline, "\0" );
		if ( false !== strpos( $cmdline, "\0" ) ) {
			return explode( "\0", $cmdline );
		}
		$cmdline = (string) preg_replace( '/^(?:nginx|php-fpm): master process\s+/', '', $cmdline );
		$words   = preg_split( '/\s+/', trim( $cmdline ) );
		return false === $words ? array() : $words;
	}

	/**
	 * A process's real user id, from /proc/<pid>/status.
	 *
	 * @param int $pid Pid.
	 * @return int|null
	 */
	private function uid( int $pid ): ?int {
		$status = $this->files->read_proc( '/proc/' . $pid . '/status' );
		if ( null !== $status && preg_match( '/^Uid:\s*(\d+)/m', $status, $match ) ) {
			return (int) $match[1];
		}
		return null;
	}

	/**
	 * A process's parent pid, from /proc/<pid>/status.
	 *
	 * @param int $pid Pid.
	 * @return int|null
	 */
	private function parent( int $pid ): ?int {
		$status = $this->files->read_proc( '/proc/' . $pid . '/status' );
		if ( null !== $status && preg_match( '/^PPid:\s*(\d+)/m', $status, $match ) ) {
			return (int) $match[1];
		}
		return null;
	}
}
