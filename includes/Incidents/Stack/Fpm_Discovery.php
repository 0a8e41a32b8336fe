<?php
/**
 * The PHP-FPM master and pool that serve this site, and their logs.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Reads each PHP-FPM master's configuration (or the usual files when no master is visible) and keeps the
 * pool that serves this request: the one fpm_get_status() names, confirmed by the web server's
 * fastcgi_pass when several masters have a pool of that name, else the one listening where fastcgi_pass
 * connects.
 */
final class Fpm_Discovery {

	/** Where PHP-FPM is usually configured. */
	private const FALLBACKS = array( '/etc/php/*/fpm/php-fpm.conf', '/etc/php-fpm.conf', '/usr/local/etc/php-fpm.conf', '/etc/opt/remi/php*/php-fpm.conf' );

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
	 * The pool serving the site.
	 *
	 * @param array<int, array{software: string, pid: int, uid: ?int, command: string, flags: array<string, mixed>}> $masters Masters from /proc.
	 * @param array<string, mixed>|null                                                                              $status  fpm_get_status(), when PHP runs under PHP-FPM.
	 * @param array<string, mixed>|null                                                                              $block   The web server block serving the site.
	 * @return array{fpm: array<string, mixed>, logs: array<int, array{role: string, software: string, path: string, from: string, pool: ?string}>, notes: string[]}
	 */
	public function find( array $masters, ?array $status, ?array $block ): array {
		$candidates = array();
		foreach ( $masters as $master ) {
			if ( 'php-fpm' === $master['software'] ) {
				$candidates[] = $this->candidate( $master['flags'], $master['pid'] );
			}
		}
		if ( ! $candidates ) {
			foreach ( $this->fallbacks() as $config ) {
				$candidates[] = $this->candidate( array( 'config' => $config ), null );
			}
		}
		$wanted = is_array( $status ) && isset( $status['pool'] ) ? (string) $status['pool'] : '';
		$pass   = is_array( $block ) && isset( $block['fastcgi_pass'] ) ? (string) $block['fastcgi_pass'] : '';
		$best   = null;
		$score  = 0;
		$notes  = array();
		$pool   = null;
		foreach ( $candidates as $index => $candidate ) {
			$notes = array_merge( $notes, $candidate['notes'] );
			foreach ( $candidate['pools'] as $name => $settings ) {
				$points  = '' !== $wanted && $wanted === $name ? 10 : 0;
				$points += '' !== $pass && '' !== $settings['listen'] && Config_Values::same_socket( $pass, $settings['listen'] ) ? 5 : 0;
				$points += 1 === count( $candidate['pools'] ) && '' === $wanted && '' === $pass ? 1 : 0;
				if ( $points > $score ) {
					$score = $points;
					$best  = $index;
					$pool  = $name;
				}
			}
		}
		if ( null === $best && count( $candidates ) > 1 ) {
			// Several PHP-FPM masters and none matched to this site: reading one's log would be a guess.
			/* translators: %d: number of PHP-FPM masters. */
			$notes[] = sprintf( __( '%d PHP-FPM masters run on this machine and none could be matched to this site (by the pool PHP-FPM names or the web server\'s fastcgi_pass): their logs are not read.', 'triage' ), count( $candidates ) );
			return array(
				'fpm'   => array(
					'pid'    => null,
					'config' => null,
					'from'   => '',
					'files'  => array(),
					'pool'   => null,
					'pools'  => array(),
				),
				'logs'  => array(),
				'notes' => $notes,
			);
		}
		if ( null === $best && $candidates ) {
			$best = 0;
			if ( '' !== $wanted ) {
				/* translators: %s: pool name. */
				$notes[] = sprintf( __( 'PHP-FPM serves this site from pool "%s", which is in no configuration file PHP can read.', 'triage' ), $wanted );
			} elseif ( count( $candidates[0]['pools'] ) > 1 ) {
				/* translators: %d: number of pools. */
				$notes[] = sprintf( __( '%d PHP-FPM pools are configured and neither PHP-FPM nor the web server said which one serves this site.', 'triage' ), count( $candidates[0]['pools'] ) );
			}
		}
		if ( null === $best ) {
			$notes[] = __( 'No PHP-FPM configuration was found that PHP can read.', 'triage' );
			return array(
				'fpm'   => array(
					'pid'    => null,
					'config' => null,
					'from'   => '',
					'files'  => array(),
					'pool'   => null,
					'pools'  => array(),
				),
				'logs'  => array(),
				'notes' => $notes,
			);
		}
		$chosen   = $candidates[ $best ];
		$settings = null === $pool ? null : $chosen['pools'][ $pool ];
		return array(
			'fpm'   => array(
				'pid'    => $chosen['pid'],
				'config' => $chosen['config'],
				'from'   => $chosen['started'],
				'files'  => $chosen['files'],
				'pool'   => null === $settings ? null : array(
					'name'                      => $settings['name'],
					'file'                      => $settings['file'],
					'listen'                    => $settings['listen'],
					'pm'                        => $settings['pm'],
					'max_children'              => $settings['max_children'],
					'request_terminate_timeout' => $settings['request_terminate_timeout'],
					'request_slowlog_timeout'   => $settings['request_slowlog_timeout'],
					'slowlog'                   => $settings['slowlog'],
					'error_log'                 => $settings['error_log'],
					'settings'                  => $settings['settings'],
				),
				'pools'  => array_map( 'strval', array_keys( $chosen['pools'] ) ),
			),
			'logs'  => $this->logs( $chosen, $settings ),
			'notes' => $notes,
		);
	}

	/**
	 * Usual php-fpm.conf files that exist, this PHP's version first.
	 *
	 * @return string[]
	 */
	private function fallbacks(): array {
		$found = array();
		foreach ( self::FALLBACKS as $pattern ) {
			foreach ( false !== strpbrk( $pattern, '*?[' ) ? $this->files->glob( $pattern, 10 ) : array( $pattern ) as $path ) {
				if ( $this->files->exists( $path ) ) {
					$found[] = $path;
				}
			}
		}
		$mine = '/' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . '/';
		usort(
			$found,
			static function ( string $a, string $b ) use ( $mine ): int {
				return (int) ( false === strpos( $a, $mine ) ) - (int) ( false === strpos( $b, $mine ) );
			}
		);
		return array_slice( $found, 0, 4 );
	}

	/**
	 * One master's configuration, read.
	 *
	 * @param array<string, mixed> $flags Flags from the command line.
	 * @param int|null             $pid   Master pid, null for a fallback.
	 * @return array<string, mixed>
	 */
	private function candidate( array $flags, ?int $pid ): array {
		$binary = isset( $flags['binary'] ) ? basename( (string) $flags['binary'] ) : '';
		$prefix = isset( $flags['prefix'] ) ? (string) $flags['prefix'] : '';
		if ( isset( $flags['config'] ) && '' !== $flags['config'] ) {
			$config = Stack_Files::absolute( (string) $flags['config'], '' !== $prefix ? $prefix : '/' );
		} elseif ( preg_match( '/(\d+\.\d+)/', $binary, $match ) ) {
			$config = '/etc/php/' . $match[1] . '/fpm/php-fpm.conf';
		} else {
			$config = $this->files->exists( '/usr/local/etc/php-fpm.conf' ) ? '/usr/local/etc/php-fpm.conf' : '/etc/php-fpm.conf';
		}
		$local = 0 === strpos( $config, '/usr/local/' );
		if ( '' === $prefix ) {
			$prefix = $local ? '/usr/local' : '/usr';
		}
		$state  = isset( $flags['prefix'] ) ? $prefix : ( $local ? '/usr/local/var' : '/var' );
		$parser = new Fpm_Config( $this->files );
		$parsed = $parser->parse( $config, $prefix );
		$notes  = $parser->notes();
		if ( null === $parsed ) {
			/* translators: %s: config file. */
			$notes[] = sprintf( __( 'PHP-FPM\'s configuration %s cannot be read by PHP: its pools and their limits are unknown.', 'triage' ), $config );
		}
		if ( null === $pid ) {
			/* translators: %s: config file. */
			$started = sprintf( __( 'the usual PHP-FPM configuration %s (no running PHP-FPM master visible in /proc)', 'triage' ), $config );
		} else {
			/* translators: 1: config file, 2: pid. */
			$started = sprintf( __( 'PHP-FPM master started with %1$s (pid %2$d)', 'triage' ), $config, $pid );
		}
		return array(
			'pid'     => $pid,
			'config'  => $config,
			'started' => $started,
			'state'   => $state,
			'global'  => null === $parsed ? array() : $parsed['global'],
			'pools'   => null === $parsed ? array() : $parsed['pools'],
			'files'   => $parser->files_read(),
			'notes'   => $notes,
		);
	}

	/**
	 * PHP-FPM's own log, and the pool's slow log and PHP error log.
	 *
	 * @param array<string, mixed>      $chosen Candidate.
	 * @param array<string, mixed>|null $pool   Pool settings.
	 * @return array<int, array{role: string, software: string, path: string, from: string, pool: ?string}>
	 */
	private function logs( array $chosen, ?array $pool ): array {
		$logs   = array();
		$global = $chosen['global'];
		$name   = null === $pool ? null : (string) $pool['name'];
		if ( isset( $global['error_log'] ) ) {
			$value = $global['error_log']['value'];
			if ( 'syslog' !== $value ) {
				$logs[] = array(
					'role'     => 'fpm',
					'software' => 'php-fpm',
					'path'     => Stack_Files::absolute( $value, (string) $chosen['state'] ),
					/* translators: 1: file, 2: line, 3: how FPM was started. */
					'from'     => sprintf( __( 'error_log in %1$s line %2$d, %3$s', 'triage' ), $global['error_log']['file'], $global['error_log']['line'], $chosen['started'] ),
					'pool'     => null,
				);
			}
		} elseif ( $chosen['files'] ) {
			$logs[] = array(
				'role'     => 'fpm',
				'software' => 'php-fpm',
				'path'     => Stack_Files::absolute( Fpm_Config::DEFAULT_ERROR_LOG, (string) $chosen['state'] ),
				/* translators: %s: how FPM was started. */
				'from'     => sprintf( __( 'PHP-FPM\'s default (no error_log in [global]), %s', 'triage' ), $chosen['started'] ),
				'pool'     => null,
			);
		}//end if
		if ( null === $pool ) {
			return $logs;
		}
		$where = isset( $pool['settings']['slowlog'] ) ? $this->line_of( $pool, 'slowlog' ) : '';
		if ( null !== $pool['slowlog'] && (int) $pool['request_slowlog_timeout'] > 0 ) {
			$logs[] = array(
				'role'     => 'fpm-slow',
				'software' => 'php-fpm',
				'path'     => (string) $pool['slowlog'],
				/* translators: 1: pool, 2: file and line, 3: how FPM was started. */
				'from'     => sprintf( __( 'slowlog of pool %1$s in %2$s, %3$s', 'triage' ), $name, $where, $chosen['started'] ),
				'pool'     => $name,
			);
		}
		if ( null !== $pool['error_log'] ) {
			$logs[] = array(
				'role'     => 'php',
				'software' => 'php',
				'path'     => (string) $pool['error_log'],
				/* translators: 1: setting, 2: pool, 3: file and line, 4: how FPM was started. */
				'from'     => sprintf( __( '%1$s of pool %2$s in %3$s, %4$s', 'triage' ), $pool['error_log_key'], $name, $this->line_of( $pool, (string) $pool['error_log_key'] ), $chosen['started'] ),
				'pool'     => $name,
			);
		}
		return $logs;
	}

	/**
	 * "file line N" of a pool setting.
	 *
	 * @param array<string, mixed> $pool Pool.
	 * @param string               $key  Setting.
	 * @return string
	 */
	private function line_of( array $pool, string $key ): string {
		if ( ! isset( $pool['lines'][ $key ] ) ) {
			return (string) $pool['file'];
		}
		$where = (string) $pool['lines'][ $key ];
		$colon = (int) strrpos( $where, ':' );
		/* translators: 1: file, 2: line. */
		return sprintf( __( '%1$s line %2$s', 'triage' ), substr( $where, 0, $colon ), substr( $where, $colon + 1 ) );
	}
}
