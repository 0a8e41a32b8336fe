<?php
/**
 * Builds an Incident_Service over recorded log excerpts.
 *
 * @package Triage
 */

use Triage\Incidents\Incident_Service;
use Triage\Incidents\Log_Clock;
use Triage\Logs\Log_Attributor;

/**
 * The fixtures under fixtures/joiner/<scenario>/ are excerpts of the logs of real provoked failures (the
 * lines of the failure-signature notes), one file per log: nginx-error.log (or apache-error.log), php-fpm.log,
 * fpm-slow.log, debug.log, mariadb.err, access.log. Times are UTC on 2026-12-02; "now" is 01:00:00 that day.
 */
abstract class Incident_Test_Case extends WP_UnitTestCase {

	/** 2026-12-02 01:00:00 UTC. */
	protected const NOW = 1796173200;

	/** Role of each fixture file. */
	private const ROLES = array(
		'nginx-error.log'  => 'web-error',
		'apache-error.log' => 'web-error',
		'php-fpm.log'      => 'fpm',
		'fpm-slow.log'     => 'fpm-slow',
		'debug.log'        => 'php',
		'mariadb.err'      => 'database',
		'access.log'       => 'web-access',
	);

	/**
	 * The service over some scenarios' logs.
	 *
	 * @param array<int, string>   $scenarios Folder names under fixtures/joiner.
	 * @param array<string, mixed> $options   roles (bool, default true: declare roles; false: sniffed), stack, signals (events), now, unreadable (source ids that cannot be opened), hidden, fpm_status (its answer) or fpm_status_call (a callable giving it).
	 * @return Incident_Service
	 */
	protected function service( array $scenarios, array $options = array() ): Incident_Service {
		$sources = $this->sources( $scenarios, $options['roles'] ?? true );
		$stack   = $options['stack'] ?? null;
		$signals = $options['signals'] ?? array();
		$blocked = $options['unreadable'] ?? array();
		return new Incident_Service(
			static function () use ( $sources ) {
				return $sources;
			},
			static function ( string $id ) use ( $sources, $blocked ) {
				if ( in_array( $id, $blocked, true ) ) {
					return new WP_Error( 'triage_log_unreadable', 'The log file exists but PHP may not read it (file permissions).' );
				}
				return fopen( $sources[ $id ]['path'], 'rb' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_read_fopen
			},
			static function () use ( $options ) {
				return $options['hidden'] ?? array();
			},
			static function () use ( $stack ) {
				return $stack;
			},
			static function () use ( $signals ) {
				return $signals;
			},
			new Log_Attributor( '/srv/site/wp-content/plugins', '/srv/site/wp-content/mu-plugins', array( '/srv/site/wp-content/themes' ), '/srv/site/' ),
			static function () {
				return array(
					'plugin' => array( 'triage-fixture-incidents' => 'Triage incidents fixture' ),
					'theme'  => array( 'brokentheme' => 'Broken Theme' ),
				);
			},
			static function () use ( $options ) {
				return $options['now'] ?? self::NOW;
			},
			new Log_Clock( new DateTimeZone( 'UTC' ) ),
			static function () use ( $options ) {
				return isset( $options['fpm_status_call'] ) ? call_user_func( $options['fpm_status_call'] ) : ( $options['fpm_status'] ?? null );
			}
		);
	}

	/**
	 * Sources for the scenarios' files, ids "<scenario>-<file>".
	 *
	 * @param array<int, string> $scenarios Scenarios.
	 * @param bool               $roles     Whether to declare each file's role.
	 * @return array<string, array<string, string>>
	 */
	protected function sources( array $scenarios, bool $roles ): array {
		$sources = array();
		foreach ( $scenarios as $scenario ) {
			foreach ( glob( __DIR__ . '/fixtures/joiner/' . $scenario . '/*' ) as $path ) {
				$name           = basename( $path );
				$id             = $scenario . '-' . preg_replace( '/\W+/', '-', $name );
				$sources[ $id ] = array(
					'id'     => $id,
					'label'  => $name,
					'kind'   => 'debug.log' === $name ? 'php' : 'server',
					'layout' => 'line',
					'path'   => $path,
					'origin' => 'custom',
				);
				if ( $roles ) {
					$sources[ $id ]['role'] = self::ROLES[ $name ];
				}
			}
		}
		return $sources;
	}

	/**
	 * The only incident of an answer.
	 *
	 * @param array<string, mixed> $answer Incident_Service::recent().
	 * @return array<string, mixed>
	 */
	protected function only( array $answer ): array {
		$this->assertCount( 1, $answer['incidents'], wp_json_encode( array_column( $answer['incidents'], 'sentence' ) ) );
		return $answer['incidents'][0];
	}

	/**
	 * A stack as discovery gives it, with one pool.
	 *
	 * @param string $pool         Pool name.
	 * @param string $listen       Its listen address.
	 * @param int    $max_children pm.max_children.
	 * @return array<string, mixed>
	 */
	protected function stack( string $pool, string $listen, int $max_children ): array {
		return array(
			'found_from' => 'proc',
			'web'        => array(
				'software'     => 'nginx',
				'pid'          => 4020,
				'config'       => '/srv/lab/etc/nginx/nginx.conf',
				'from'         => 'nginx started with -c /srv/lab/etc/nginx/nginx.conf (pid 4020)',
				'server_block' => array(
					'file'                 => '/srv/lab/etc/nginx/sites-enabled/lab',
					'line'                 => 1,
					'listen'               => array( '8889' ),
					'server_name'          => array( 'lab.test' ),
					'root'                 => '/srv/site',
					'fastcgi_pass'         => 'unix:' . $listen,
					'fastcgi_read_timeout' => 5,
					'proxy_read_timeout'   => null,
					'error_log'            => null,
				),
			),
			'fpm'        => array(
				'pid'    => 4100,
				'config' => '/srv/lab/etc/php/8.2/fpm/php-fpm.conf',
				'from'   => 'php-fpm: master process (/srv/lab/etc/php/8.2/fpm/php-fpm.conf)',
				'pool'   => array(
					'name'                      => $pool,
					'file'                      => '/srv/lab/etc/php/8.2/fpm/pool.d/' . $pool . '.conf',
					'listen'                    => $listen,
					'pm'                        => 'static',
					'max_children'              => $max_children,
					'request_terminate_timeout' => null,
					'slowlog'                   => null,
					'error_log'                 => null,
				),
				'pools'  => array( $pool ),
			),
			'database'   => array(
				'log_error' => null,
				'from'      => '',
			),
			'logs'       => array(),
			'notes'      => array(),
		);
	}
}
